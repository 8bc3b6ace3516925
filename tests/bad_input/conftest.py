"""A Balangan with one of everything a bad file could be sent to, and a "nothing written" check.

Every import and upload endpoint is driven as Balangan's district admin. After a
refused file, every table of the project (domain rows, their simple_history
tables, users, sessions) must hold as many rows as before, no file may be left in
MEDIA_ROOT, and the import stash (outside it) holds only uploads that wait for a
confirmation.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from stakeholders.models import Institution
from trainings import actions
from trainings.models import Training
from trainings.plans.models import ActionItem, ActionPlan


def row_counts() -> dict[str, int]:
    """Rows per model, for every installed model (historical ones included)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def files_under(root) -> list[str]:
    root = Path(root)
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def media_files() -> list[str]:
    return files_under(settings.MEDIA_ROOT)


def stash_files() -> list[str]:
    return files_under(settings.IMPORT_STASH_ROOT)


class Snapshot:
    """``snap = Snapshot()``, then ``snap.assert_unchanged()`` after the request."""

    def __init__(self):
        self.counts = row_counts()
        self.files = media_files()

    def assert_unchanged(self):
        after = row_counts()
        changed = {k: (v, after[k]) for k, v in self.counts.items() if after[k] != v}
        assert changed == {}, f"rows written: {changed}"
        assert media_files() == self.files


@pytest.fixture
def snapshot():
    return Snapshot


@pytest.fixture
def admin(client_for, balangan_admin):
    """Balangan's district admin, signed in."""
    return client_for(balangan_admin)


@pytest.fixture
def school(balangan, sectors):
    return Institution.objects.create(
        district=balangan, sector=sectors["sekolah"], name="SD Negeri 1 Paringin"
    )


@pytest.fixture
def training(balangan, balangan_admin):
    return actions.save_training(
        user=balangan_admin,
        district=balangan,
        title="Pelatihan KHA Balangan",
        kind=Training.Kind.PELATIHAN,
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 20),
        venue="Paringin",
        status=Training.Status.HELD,
    )


@pytest.fixture
def plan(balangan, school):
    return ActionPlan.objects.create(
        district=balangan, owner_institution=school, title="RTL SD Negeri 1 Paringin"
    )


@pytest.fixture
def action_item(plan):
    return ActionItem.objects.create(
        plan=plan,
        activity="Sosialisasi KHA kepada guru",
        due_date=timezone.localdate() + timedelta(days=5),
    )


@pytest.fixture
def assessment_item(balangan, balangan_admin, framework):
    """A butir of Balangan's 2025 draft self-assessment (the shipped framework)."""
    from indicators import workflow
    from indicators.models import ItemAssessment

    draft = workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)
    return ItemAssessment.objects.filter(assessment=draft).order_by("pk").first()
