"""The migrations build the schema the models describe, from an empty database.

Every other test runs on a database created straight from the models
(``--nomigrations`` in pyproject.toml), so these are the only tests that run the
migrations: ``make test`` runs them in a second pass with ``--migrations``.
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

pytestmark = [pytest.mark.migrations, pytest.mark.django_db]


def test_every_migration_on_disk_was_applied_from_zero():
    executor = MigrationExecutor(connection)
    on_disk = set(executor.loader.disk_migrations)
    applied = set(MigrationRecorder(connection).applied_migrations())

    assert on_disk, "no migrations found: is this run missing --migrations?"
    assert sorted(on_disk - applied) == []
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def test_the_models_have_no_changes_without_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


BEFORE_THE_MOVE = [("trainings", "0005_tof_label_in_indonesian"), ("plans", None)]


@pytest.mark.django_db(transaction=True)
def test_moving_the_action_plans_to_their_own_app_keeps_every_row():
    """From the schema before ``trainings.plans`` existed, with data, to today's: every
    plan, item, progress update, evidence, reminder and history row is still there, read
    through the new app's models, and the content types moved with them."""
    executor = MigrationExecutor(connection)
    old = executor.migrate(BEFORE_THE_MOVE).apps
    district = old.get_model("kla_portal", "District").objects.get(code="63.11")
    sector = old.get_model("stakeholders", "Sector").objects.get(code="sekolah")
    school = old.get_model("stakeholders", "Institution").objects.create(
        district=district, sector=sector, name="SD Negeri 1 Paringin"
    )
    plan = old.get_model("trainings", "ActionPlan").objects.create(
        district=district, owner_institution=school, title="RTL SD Negeri 1"
    )
    item = old.get_model("trainings", "ActionItem").objects.create(
        plan=plan, activity="Sosialisasi KHA", due_date="2026-06-30", status="in_progress"
    )
    update = old.get_model("trainings", "ProgressUpdate").objects.create(
        item=item, date="2026-05-01", text="Separuh kelas", percent=50
    )
    old.get_model("trainings", "Evidence").objects.create(
        update=update,
        file="evidence/2026/05/foto.jpg",
        original_name="foto.jpg",
        content_type="image/jpeg",
        size=1234,
    )
    old.get_model("trainings", "ReminderLog").objects.create(
        item_count=1, recipient="gugus@example.id", date="2026-05-02"
    )
    old.get_model("trainings", "HistoricalActionPlan").objects.create(
        id=plan.pk,
        district=district,
        title=plan.title,
        history_date="2026-05-01T08:00Z",
        history_type="+",
        is_active=True,
        created_at=plan.created_at,
    )
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="plans").delete()
    ContentType.objects.get_or_create(app_label="trainings", model="actionplan")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate, ReminderLog

    moved = ActionPlan.objects.get(pk=plan.pk)
    assert (moved.title, moved.owner_institution.name) == (
        "RTL SD Negeri 1",
        "SD Negeri 1 Paringin",
    )
    assert ActionItem.objects.get(pk=item.pk).plan == moved
    assert ProgressUpdate.objects.get(pk=update.pk).percent == 50
    assert Evidence.objects.get(update=update.pk).original_name == "foto.jpg"
    assert ReminderLog.objects.get().recipient == "gugus@example.id"
    assert list(moved.history.values_list("title", flat=True)) == ["RTL SD Negeri 1"]
    labels = set(ContentType.objects.filter(model="actionplan").values_list("app_label", flat=True))
    assert labels == {"plans"}


BEFORE_CERTIFICATE_ROWS = [("trainings", "0009_certificates_signatory_and_absence_reasons")]


@pytest.mark.django_db(transaction=True)
def test_every_earlier_code_gets_a_certificate_row_that_still_verifies():
    """A certificate issued before certificates had their own table (issue 19) still
    verifies after the upgrade, with its code and date."""
    executor = MigrationExecutor(connection)
    old = executor.migrate(BEFORE_CERTIFICATE_ROWS).apps
    district = old.get_model("kla_portal", "District").objects.get(code="63.11")
    training = old.get_model("trainings", "Training").objects.create(
        district=district,
        title="Pelatihan KHA 2024",
        start_date=date(2024, 5, 6),
        end_date=date(2024, 5, 8),
    )
    Person = old.get_model("trainings", "Person")
    Participant = old.get_model("trainings", "Participant")
    for name, code, issued in (
        ("Ahmad", "KHA-LAMA234567", date(2024, 5, 15)),
        ("Siti", None, None),
    ):
        Participant.objects.create(
            training=training,
            person=Person.objects.create(district=district, name=name),
            certificate_code=code,
            certificate_issued_on=issued,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from trainings import certificates

    certificate = certificates.verify("kha-lama234567")
    assert certificate.participant.person.name == "Ahmad"
    assert (certificate.issued_on, certificate.number, certificate.is_revoked) == (
        date(2024, 5, 15),
        "",
        False,
    )
