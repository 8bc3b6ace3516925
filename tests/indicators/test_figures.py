"""The figure rows stay equal to a rebuild from scratch after every kind of write.

Each test makes one kind of write on the demo data (Balangan and Hulu Sungai
Tengah), checks that the write changed the figures at all (so the comparison
could fail), then rebuilds every row with ``manage.py refresh_figures`` and
compares: a write that forgot to refresh the figures leaves rows that differ.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from openpyxl import Workbook

from indicators import workflow
from indicators.models import (
    Assessment,
    AssessmentFigures,
    Category,
    DistrictFigures,
    Indicator,
    ItemStatus,
    OfficialResult,
    RoundFigures,
    Stage,
)
from stakeholders import imports as institution_imports
from stakeholders.models import Institution
from trainings import actions
from trainings.coverage import TRAINED_STATUSES
from trainings.models import Training
from trainings.people import PersonDetails
from trainings.plans.actions import post_progress_update
from trainings.plans.models import ActionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_world, media_root, settings):
    """The demo data (tests/conftest.py's demo_world, seeded once for this module and the other
    modules on it), with its files; each test's writes are rolled back."""
    settings.MEDIA_ROOT = demo_world.media_root


def user(username):
    return get_user_model().objects.get(username=username)


def _counts_something(value) -> bool:
    """A count other than zero, also inside the coverage's sectors."""
    if isinstance(value, dict):
        return any(_counts_something(v) for v in value.values())
    if isinstance(value, list):
        return any(value)
    return bool(value)


def figures_now() -> dict:
    """Every figure row, the zero rows left out (a district without records has none)."""
    districts = {
        row.pop("district_id"): row
        for row in DistrictFigures.objects.values()
        if any(_counts_something(row[name]) for name in row if name != "district_id")
    }
    assessments = {row.pop("assessment_id"): row for row in AssessmentFigures.objects.values()}
    rounds = {row.pop("assessment_id"): row for row in RoundFigures.objects.values()}
    return {"districts": districts, "assessments": assessments, "rounds": rounds}


def assert_equal_to_a_rebuild(before: dict) -> None:
    kept = figures_now()
    assert kept != before, "the write changed no figure: this test would prove nothing"
    call_command("refresh_figures", stdout=StringIO())
    assert figures_now() == kept


def balangan_figures() -> DistrictFigures:
    return DistrictFigures.objects.get(district="63.11")


def test_the_demo_seed_leaves_figures_equal_to_a_rebuild(demo):
    kept = figures_now()
    assert kept["districts"]["63.11"]["institutions"] > 0
    assert len(kept["assessments"]) == Assessment.objects.count()

    call_command("refresh_figures", stdout=StringIO())

    assert figures_now() == kept


def test_a_form_save_refreshes_the_figures(demo, client_for):
    before = figures_now()
    institution = Institution.objects.filter(district="63.11", is_active=True).first()

    response = client_for(user("balangan")).post(
        reverse("stakeholders:institution_deactivate", args=[institution.pk])
    )

    assert response.status_code == 302
    assert balangan_figures().institutions == before["districts"]["63.11"]["institutions"] - 1
    assert_equal_to_a_rebuild(before)


def test_attendance_marked_on_a_day_refreshes_the_trained_count(demo):
    before = figures_now()
    admin = user("balangan")
    training = Training.objects.filter(district="63.11", status__in=TRAINED_STATUSES).first()
    school = Institution.objects.filter(district="63.11", sector="sekolah").first()
    participant, _created = actions.add_participant(
        training=training,
        details=PersonDetails(name="Guru Baru Terlatih", gender="P", institution=school),
        user=admin,
    )
    present = list(
        training.days.first().attendance.filter(present=True).values_list("participant", flat=True)
    )

    actions.record_attendance(
        day=training.days.first(), present_ids=[*present, participant.pk], user=admin
    )

    assert balangan_figures().trained == before["districts"]["63.11"]["trained"] + 1
    assert_equal_to_a_rebuild(before)


def test_an_import_refreshes_the_figures_of_its_district(demo, balangan):
    before = figures_now()
    book = Workbook()
    sheet = book.active
    sheet.append(["Nama lembaga", "Sektor"])
    for n in range(5):
        sheet.append([f"SD Negeri Impor {n}", "Sekolah"])
    data = SimpleUploadedFile("lembaga.xlsx", _bytes(book))

    report, written = institution_imports.apply_import(
        data, district=balangan, user=user("balangan"), only_valid=False
    )

    assert written, report.summary()
    assert balangan_figures().institutions == before["districts"]["63.11"]["institutions"] + 5
    assert_equal_to_a_rebuild(before)


def test_a_conditional_queryset_update_refreshes_the_figures(demo):
    """A progress update saves the item with a conditional UPDATE on its version."""
    before = figures_now()
    item = ActionItem.objects.filter(
        plan__district="63.11", plan__is_active=True, status=ActionItem.Status.IN_PROGRESS
    ).first()

    post_progress_update(
        item=item,
        user=user("balangan"),
        date=item.start_date or item.due_date,
        text="Selesai",
        percent=100,
    )

    assert balangan_figures().items_done == before["districts"]["63.11"]["items_done"] + 1
    assert_equal_to_a_rebuild(before)


def test_a_workflow_step_refreshes_the_assessments_total(demo):
    before = figures_now()
    assessment = Assessment.objects.filter(district="63.11").order_by("-year").first()
    if assessment.status != Assessment.Status.DRAFT:
        assessment.status = Assessment.Status.DRAFT
        assessment.save(update_fields=["status"])
    item = assessment.items.exclude(self_status=ItemStatus.MET).first()

    workflow.fill_item(item=item, user=user("balangan"), status=ItemStatus.MET, notes="")

    total = AssessmentFigures.objects.get(assessment=assessment).total
    assert total > Decimal(before["assessments"][assessment.pk]["total"])
    assert_equal_to_a_rebuild(before)


def test_submitting_the_em_refreshes_the_rankings_row(demo):
    """The national and province rankings read the stages from ``RoundFigures``."""
    before = figures_now()
    assessment = Assessment.objects.get(district="63.11", status=Assessment.Status.DRAFT)
    admin = user("balangan")
    assert before["rounds"][assessment.pk]["submitted"] is False

    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name="Ketua Gugus Tugas")
    workflow.submit_assessment(assessment=assessment, user=admin)

    row = RoundFigures.objects.get(assessment=assessment)
    assert row.submitted is True
    assert row.cells[Stage.EM][0] == "completed"
    assert row.status == Assessment.Status.SUBMITTED
    assert_equal_to_a_rebuild(before)


def test_an_official_result_edited_in_the_admin_refreshes_the_rankings_rows(demo, client_for):
    before = figures_now()
    result = OfficialResult.objects.filter(
        district__assessments__year=F("year") - 1, district="63.11"
    ).first()
    assert result, "the demo has no official result of an assessed round"
    client = client_for(user("admin"))
    url = reverse("admin:indicators_officialresult_change", args=[result.pk])
    category = Category.UTAMA if result.category != Category.UTAMA else Category.MADYA
    data = admin_form_data(client.get(url)) | {"category": category}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    row = RoundFigures.objects.get(district=result.district_id, year=result.year - 1)
    assert row.official[1] == category
    assert_equal_to_a_rebuild(before)


def admin_form_data(response) -> dict:
    """What the admin change form would post back unchanged: its fields and inlines."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value if isinstance(value, list) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[inline_form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def test_moving_a_record_to_another_district_in_the_admin_refreshes_both(demo, client_for):
    before = figures_now()
    institution = Institution.objects.filter(district="63.11", is_active=True).first()
    client = client_for(user("admin"))
    url = reverse("admin:stakeholders_institution_change", args=[institution.pk])
    data = admin_form_data(client.get(url)) | {"district": "63.07", "subdistrict": ""}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    after = figures_now()["districts"]
    assert after["63.11"]["institutions"] == before["districts"]["63.11"]["institutions"] - 1
    assert after["63.07"]["institutions"] == before["districts"]["63.07"]["institutions"] + 1
    assert_equal_to_a_rebuild(before)


def test_deleting_with_cascade_in_the_admin_refreshes_the_figures(demo, client_for):
    """An institution takes its milestones with it, and its people lose their sector."""
    before = figures_now()
    institution = Institution.objects.filter(
        district="63.11", is_active=True, action_plans__isnull=True, milestones__isnull=False
    ).first()
    url = reverse("admin:stakeholders_institution_delete", args=[institution.pk])

    response = client_for(user("admin")).post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Institution.objects.filter(pk=institution.pk).exists()
    after = figures_now()["districts"]["63.11"]
    assert after["institutions"] == before["districts"]["63.11"]["institutions"] - 1
    assert_equal_to_a_rebuild(before)


def test_a_catalogue_edit_of_a_framework_in_use_is_refused_and_no_figure_moves(demo, client_for):
    """Halving indicator 1's maximum would re-score submitted and locked assessments
    (Balangan 2024, HST 2025): the admin refuses it (issue 20), and every figure row
    still equals a rebuild from the records."""
    before = figures_now()
    indicator = Indicator.objects.get(framework__code="kla-2024", code="1")
    client = client_for(user("admin"))
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = admin_form_data(client.get(url)) | {"max_points": str(indicator.max_points / 2)}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "sudah dipakai" in str(response.context["adminform"].form.errors)
    assert figures_now() == before
    call_command("refresh_figures", stdout=StringIO())
    assert figures_now() == before


def _bytes(book) -> bytes:
    from io import BytesIO

    out = BytesIO()
    book.save(out)
    return out.getvalue()
