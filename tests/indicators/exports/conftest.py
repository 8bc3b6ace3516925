"""A small evaluation world built directly: assessments on the shipped frameworks, a task
force, institutions, a training with participants and action plans, in any district.

``make_assessment`` answers every question of the framework of its year (the 2024
instrument for 2025, the earlier draft framework for 2023) with the answers its kind
allows, and the verifier differs on most; ``fill_district(district, size=n)`` builds ``n``
of each other kind of row, so a test can show that query counts do not grow with the data.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from indicators.models import Assessment, ChecklistItem, Framework, ItemAssessment, ItemEvidence
from indicators.scoring import allowed
from indicators.workflow import framework_for_year
from kla_portal import figures
from kla_portal.models import Cluster
from stakeholders.models import Institution, Member, TaskForce, WorkingGroup
from tests.indicators.stage_rows import COMPLETED, EM, VA, set_stages
from trainings.models import Attendance, Participant, Person, Training, TrainingDay
from trainings.plans.models import ActionItem, ActionPlan, ProgressUpdate

YEAR = 2025  # assessed on the 2024 instrument
DRAFT_YEAR = 2023  # assessed on the earlier draft framework
QUESTIONS = 274  # of the 2024 instrument
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def instrument(db):
    """The shipped 2024 instrument (7 groups, 31 indicators, 274 questions)."""
    return Framework.objects.get(code="kla-2024")


def answers(item, index):
    """The district's and the verifier's answer to the index-th question: each of the
    answers its kind allows in turn, the verifier one step further along."""
    steps = allowed(item.kind)
    return steps[index % len(steps)], steps[(index + 1) % len(steps)]


def make_assessment(
    district, framework=None, *, year=YEAR, notes="Catatan", evidence=True, completed=(EM, VA)
):
    """An assessment on ``framework`` (by default the framework of ``year``), every
    question answered, the first three with a file of evidence, its ``completed`` stages
    (EM and VA: the province has verified it) frozen at their totals."""
    framework = framework or framework_for_year(year)
    assessment = Assessment.objects.create(
        district=district, year=year, framework=framework, status=Assessment.Status.SUBMITTED
    )
    items = ChecklistItem.objects.filter(indicator__framework=framework).select_related("indicator")
    rows = []
    for index, item in enumerate(items.order_by("indicator__number", "order")):
        own, checked = answers(item, index)
        rows.append(
            ItemAssessment(
                assessment=assessment,
                item=item,
                self_status=own,
                verified_status=checked,
                figure_previous=Decimal("81.50") if item.figures else None,
                figure_current=Decimal("86.25") if item.figures else None,
                notes=f"{notes} {item.full_code}",
            )
        )
    rows = ItemAssessment.objects.bulk_create(rows)
    for index, row in enumerate(rows[:3] if evidence else []):
        evidence_row = ItemEvidence(item_assessment=row, original_name=f"bukti-{index}.pdf")
        evidence_row.file.save(f"bukti-{index}.pdf", ContentFile(PDF), save=False)
        evidence_row.save()
    figures.refresh([district.code])  # rows written directly: refresh as a write function would
    set_stages(assessment, **dict.fromkeys(completed, COMPLETED))
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
def balangan_world(balangan, sectors, instrument, balangan_admin, kalsel_coordinator):
    """Balangan with an assessment on the 2024 instrument, its VA completed by the
    province on 2 June 2025, three of each row and injection-shaped text."""
    fill_district(balangan, sectors, size=3)
    assessment = make_assessment(balangan, instrument, notes="=1+1 catatan")
    verified_at = timezone.make_aware(datetime(2025, 6, 2, 10, 0))
    assessment.verified_at = verified_at
    assessment.status = Assessment.Status.VERIFIED
    assessment.save()
    assessment.stages.filter(stage=VA).update(
        completed_at=verified_at, completed_by=kalsel_coordinator
    )
    return assessment


@pytest.fixture
def hst_world(hst, sectors, instrument):
    fill_district(hst, sectors, size=2, tag=" HST")
    return make_assessment(hst, instrument, notes="Rahasia HST")
