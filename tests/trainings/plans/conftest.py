"""Plans, items and evidence in Balangan and Hulu Sungai Tengah, built directly.

Balangan's task-force member record ``gugus`` is linked to the ``balangan_member``
login; items assigned to it are the ones that user may update.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kla_portal.models import Cluster
from stakeholders.models import Institution, Member, TaskForce, WorkingGroup
from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def png(name="foto.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def instrument(db):
    """The 2024 evaluation instrument: the framework in force for a plan made today."""
    from indicators.models import Framework

    return Framework.objects.get(code="kla-2024")


@pytest.fixture
def indicators(instrument):
    """Three indicators of the 2024 instrument an RTL item links to, by number (their
    codes are the same: "2", "12", "19")."""
    return {i.number: i for i in instrument.indicators.filter(code__in=("2", "12", "19"))}


@pytest.fixture
def questions(instrument):
    """The 2024 instrument's questions by full code ("19.1", "21A.4b"), with their indicator."""
    from indicators.models import ChecklistItem

    found = ChecklistItem.objects.filter(indicator__framework=instrument).select_related(
        "indicator"
    )
    return {q.full_code: q for q in found}


def make_task_force(district):
    task_force = TaskForce.objects.create(
        district=district,
        decree_number=f"188.45/{district.code}/2024",
        decree_date=date(2024, 1, 15),
        valid_from=date(2024, 1, 15),
    )
    groups = {
        c: WorkingGroup.objects.create(task_force=task_force, cluster=c)
        for c in (Cluster.KELEMBAGAAN, Cluster.IV)
    }
    return task_force, groups


@pytest.fixture
def balangan_task_force(balangan):
    return make_task_force(balangan)


@pytest.fixture
def gugus(balangan_task_force, balangan_member):
    """Balangan's task-force member record, linked to the ``gugus.balangan`` login."""
    task_force, _groups = balangan_task_force
    return Member.objects.create(
        task_force=task_force,
        name="Rahmat Hidayat",
        agency="Dinas Pendidikan",
        user=balangan_member,
    )


@pytest.fixture
def other_member(balangan_task_force):
    task_force, _groups = balangan_task_force
    return Member.objects.create(
        task_force=task_force,
        name="Siti Aminah",
        agency="Dinas Kesehatan",
        email="siti@example.id",
    )


@pytest.fixture
def school(balangan, sectors):
    return Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SD Negeri 1 Paringin"
    )


@pytest.fixture
def plan(balangan, school):
    return ActionPlan.objects.create(
        district=balangan, owner_institution=school, title="RTL SD Negeri 1 Paringin"
    )


@pytest.fixture
def item(plan, gugus, indicators, today):
    return ActionItem.objects.create(
        plan=plan,
        activity="Sosialisasi KHA kepada guru",
        due_date=today + timedelta(days=5),
        responsible_member=gugus,
        indicator=indicators[19],
    )


@pytest.fixture
def evidence(item, balangan_admin, today):
    update = ProgressUpdate.objects.create(
        item=item, date=today, text="Rapat persiapan", percent=10, author=balangan_admin
    )
    return Evidence.objects.create(
        update=update,
        file=png("rapat.png"),
        original_name="rapat.png",
        content_type="image/png",
        size=len(PNG),
    )


@pytest.fixture
def hst_world(hst, sectors, hst_admin, today):
    """A plan, an item and an evidence file in Hulu Sungai Tengah."""
    puskesmas = Institution.objects.create(
        district=hst, sector=sectors["puskesmas"], name="Puskesmas Barabai"
    )
    hst_plan = ActionPlan.objects.create(
        district=hst, owner_institution=puskesmas, title="RTL Puskesmas Barabai"
    )
    hst_item = ActionItem.objects.create(
        plan=hst_plan, activity="Ruang laktasi", due_date=today + timedelta(days=10)
    )
    update = ProgressUpdate.objects.create(
        item=hst_item, date=today, text="Ruang disiapkan", percent=20, author=hst_admin
    )
    hst_evidence = Evidence.objects.create(
        update=update,
        file=png("ruang.png"),
        original_name="ruang.png",
        content_type="image/png",
        size=len(PNG),
    )
    return hst_plan, hst_item, hst_evidence
