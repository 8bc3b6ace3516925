"""A small evaluation world built directly: a framework, assessments, a task force,
institutions, a training with participants and action plans, in any district.

``fill_district(district, size=n)`` builds ``n`` of each kind of row, so a test can
show that query counts do not grow with the data.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from indicators.models import (
    Assessment,
    ChecklistItem,
    Framework,
    Indicator,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
)
from kla_portal import figures
from kla_portal.models import Cluster
from stakeholders.models import Institution, Member, TaskForce, WorkingGroup
from trainings.models import Attendance, Participant, Person, Training, TrainingDay
from trainings.plans.models import ActionItem, ActionPlan, ProgressUpdate

YEAR = 2025
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (number, cluster, max points, [(item text, weight)])
INDICATORS = [
    (1, Cluster.KELEMBAGAAN, "50", [("Perda KLA ada", "2"), ("Perbup pelaksanaan", "1")]),
    (2, Cluster.KELEMBAGAAN, "50", [("SK gugus tugas", "1"), ("Rapat > 4 kali", "1")]),
    (4, Cluster.I, "40", [("Akta kelahiran > 90%", "1")]),
    (8, Cluster.II, "40", [("PUSPAGA berdiri", "1"), ("PUSPAGA terstandar", "1")]),
    (14, Cluster.III, "40", [("Puskesmas ramah anak", "1")]),
    (19, Cluster.IV, "40", [("SRA dideklarasikan", "1"), ("SRA terverifikasi", "3")]),
    (21, Cluster.V, "42.5", [("Layanan korban kekerasan", "1")]),
]


@pytest.fixture
def framework(db):
    framework = Framework.objects.create(
        code="uji-ekspor", name="Kerangka uji ekspor (Perpres 25/2021)", first_year=2022
    )
    for number, cluster, max_points, items in INDICATORS:
        indicator = Indicator.objects.create(
            framework=framework,
            number=number,
            cluster=cluster,
            name=f"Indikator {number}",
            name_en=f"Indicator {number}",
            max_points=Decimal(max_points),
        )
        for order, (text, weight) in enumerate(items, 1):
            ChecklistItem.objects.create(
                indicator=indicator,
                order=order,
                text=text,
                weight=Decimal(weight),
                kind=ChecklistItem.Kind.GRADED,
            )
    return framework


SELF = [ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.MET, ItemStatus.NOT_MET]
VERIFIED = [ItemStatus.PARTLY, ItemStatus.PARTLY, ItemStatus.NOT_MET, ItemStatus.MET]


def make_assessment(district, framework, *, year=YEAR, notes="Catatan", evidence=True):
    assessment = Assessment.objects.create(
        district=district, year=year, framework=framework, status=Assessment.Status.SUBMITTED
    )
    items = ChecklistItem.objects.filter(indicator__framework=framework).order_by(
        "indicator__number", "order"
    )
    for index, item in enumerate(items):
        row = ItemAssessment.objects.create(
            assessment=assessment,
            item=item,
            self_status=SELF[index % len(SELF)],
            verified_status=VERIFIED[index % len(VERIFIED)],
            notes=f"{notes} {item.indicator.number}.{item.order}",
        )
        if evidence and index < 3:
            evidence_row = ItemEvidence(item_assessment=row, original_name=f"bukti-{index}.pdf")
            evidence_row.file.save(f"bukti-{index}.pdf", ContentFile(PDF), save=False)
            evidence_row.save()
    figures.refresh([district.code])  # rows written directly: refresh as a write function would
    return assessment


def fill_district(district, sectors, *, size=1, tag=""):
    """``size`` institutions, members, participants and action items in the district."""
    task_force = TaskForce.objects.create(
        district=district,
        decree_number=f"188.45/{district.code}/2024{tag}",
        decree_date=date(2024, 1, 10),
        valid_from=date(2024, 1, 10),
        valid_until=date(2029, 1, 10),
        secretariat="Dinas PPPA",
        is_current=not TaskForce.objects.filter(district=district, is_current=True).exists(),
    )
    groups = {
        cluster: WorkingGroup.objects.create(
            task_force=task_force, cluster=cluster, coordinator_agency=f"OPD {cluster}"
        )
        for cluster in (Cluster.KELEMBAGAAN, Cluster.III)
    }
    institutions = []
    codes = ["sekolah", "puskesmas", "masjid"]
    for n in range(size):
        Member.objects.create(
            task_force=task_force,
            working_group=groups[Cluster.III if n % 2 else Cluster.KELEMBAGAAN],
            name=f"Anggota {n}{tag}",
            agency="Dinkes" if n % 2 else "Bappeda",
        )
        sector = sectors[codes[n % len(codes)]]
        institutions.append(
            Institution.objects.create(
                district=district,
                sector=sector,
                name=f"Lembaga {n}{tag}",
                stage=sector.milestones.count() if n % 2 == 0 else 1,
            )
        )
    training = Training.objects.create(
        district=district,
        title=f"Pelatihan KHA {district.short_name}{tag}",
        start_date=date(YEAR, 3, 4),
        end_date=date(YEAR, 3, 6),
        status=Training.Status.HELD,
    )
    day = TrainingDay.objects.create(training=training, date=date(YEAR, 3, 4))
    for n in range(size):
        person = Person.objects.create(
            district=district,
            name=f"Peserta {n}{tag}",
            gender=Person.Gender.FEMALE if n % 2 == 0 else Person.Gender.MALE,
            birth_year=1990 if n % 3 else None,
            institution=institutions[n],
        )
        participant = Participant.objects.create(training=training, person=person)
        Attendance.objects.create(participant=participant, day=day, present=True)
    plan = ActionPlan.objects.create(
        district=district,
        training=training,
        title=f"RTL {district.short_name}{tag}",
        owner_institution=institutions[0],
    )
    for n in range(size):
        item = ActionItem.objects.create(
            plan=plan,
            activity=f"Kegiatan {n}{tag}",
            due_date=date(YEAR + 5, 1, 1),
            status=ActionItem.Status.DONE if n % 2 == 0 else ActionItem.Status.IN_PROGRESS,
            percent=100 if n % 2 == 0 else 40,
        )
        ProgressUpdate.objects.create(
            item=item, date=date(YEAR, 5, 1), text=f"Perkembangan {n}", percent=item.percent
        )
    figures.refresh([district.code])  # rows written directly: refresh as a write function would
    return task_force


@pytest.fixture
def balangan_world(balangan, sectors, framework, balangan_admin):
    """Balangan with an assessment, three of each row and injection-shaped text."""
    fill_district(balangan, sectors, size=3)
    assessment = make_assessment(balangan, framework, notes="=1+1 catatan")
    assessment.verified_at = timezone.make_aware(datetime(2025, 6, 2, 10, 0))
    assessment.save()
    return assessment


@pytest.fixture
def hst_world(hst, sectors, framework):
    fill_district(hst, sectors, size=2, tag=" HST")
    return make_assessment(hst, framework, notes="Rahasia HST")
