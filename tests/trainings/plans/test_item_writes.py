from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kla_portal import conflicts
from stakeholders.models import Member
from tests.trainings.plans.conftest import EXE, make_task_force, png
from trainings.plans import actions as plans
from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_a_plan_needs_exactly_one_owner(balangan, balangan_admin, school, balangan_task_force):
    _task_force, groups = balangan_task_force
    with pytest.raises(ValidationError) as error:
        plans.create_plan(district=balangan, user=balangan_admin, title="Tanpa pemilik")
    assert error.value.messages == [str(plans.OWNER_REQUIRED)]
    with pytest.raises(ValidationError):
        plans.create_plan(
            district=balangan,
            user=balangan_admin,
            title="Dua pemilik",
            owner_institution=school,
            owner_working_group=groups["IV"],
        )

    plan = plans.create_plan(
        district=balangan,
        user=balangan_admin,
        title="RTL Klaster IV",
        owner_working_group=groups["IV"],
    )

    assert plan.owner == groups["IV"]
    assert plan.history.get().history_user == balangan_admin


def test_a_plan_cannot_be_owned_by_another_districts_institution(hst, balangan_admin, school):
    with pytest.raises(ValidationError) as error:
        plans.create_plan(district=hst, user=balangan_admin, title="X", owner_institution=school)
    assert "owner_institution" in error.value.error_dict
    assert ActionPlan.objects.count() == 0


def test_the_second_of_two_concurrent_edits_is_refused_and_the_first_is_kept(item, balangan_admin):
    # Two people open the edit form: both forms carry version 1.
    first = ActionItem.objects.get(pk=item.pk)
    second = ActionItem.objects.get(pk=item.pk)
    opened_version = first.version

    plans.edit_item(item=first, user=balangan_admin, version=opened_version, target_group="Guru SD")
    with pytest.raises(ValidationError) as error:
        plans.edit_item(
            item=second, user=balangan_admin, version=opened_version, target_group="Kepala sekolah"
        )

    assert error.value.messages == [conflicts.STALE_EDIT % {"record": "Kegiatan RTL"}]
    item.refresh_from_db()
    assert item.target_group == "Guru SD"
    assert item.version == opened_version + 1
    assert item.history.count() == 2  # created + the first edit, nothing from the second


def test_an_edit_with_the_current_version_is_saved_and_recorded(item, balangan_admin):
    changed = plans.edit_item(
        item=item, user=balangan_admin, version=item.version, activity="Sosialisasi KHA"
    )

    assert changed == ["activity"]
    latest = item.history.order_by("-history_date").first()
    assert latest.activity == "Sosialisasi KHA"
    assert latest.history_user == balangan_admin
    assert latest.version == 2


def test_cancelling_needs_a_reason(item, balangan_admin):
    with pytest.raises(ValidationError) as error:
        plans.set_status(item=item, user=balangan_admin, version=item.version, status="cancelled")
    assert error.value.message_dict == {"cancel_reason": [str(plans.CANCEL_NEEDS_REASON)]}

    plans.set_status(
        item=item,
        user=balangan_admin,
        version=item.version,
        status="cancelled",
        reason="Anggaran dialihkan",
    )
    item.refresh_from_db()
    assert (item.status, item.cancel_reason) == ("cancelled", "Anggaran dialihkan")


def test_marking_done_sets_the_item_to_100_percent(item, balangan_admin):
    plans.set_status(item=item, user=balangan_admin, version=item.version, status="done")
    item.refresh_from_db()
    assert (item.status, item.percent) == ("done", 100)


def test_a_progress_update_moves_percent_and_status(item, balangan_member, today):
    plans.post_progress_update(
        item=item,
        user=balangan_member,
        date=today,
        text="Undangan dikirim",
        percent=30,
        files=[png()],
    )
    item.refresh_from_db()
    assert (item.status, item.percent, item.version) == ("in_progress", 30, 2)
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png"
    assert evidence.original_name == "foto.png"
    assert evidence.update.author == balangan_member

    plans.post_progress_update(
        item=item, user=balangan_member, date=today, text="Terlaksana", percent=100
    )
    item.refresh_from_db()
    assert (item.status, item.percent) == ("done", 100)


def test_a_progress_update_with_zero_percent_keeps_the_status(item, balangan_member, today):
    plans.post_progress_update(item=item, user=balangan_member, date=today, text="Belum", percent=0)
    item.refresh_from_db()
    assert item.status == "planned"


def test_a_progress_update_makes_a_stale_edit_form_fail(
    item, balangan_admin, balangan_member, today
):
    opened_version = item.version
    plans.post_progress_update(
        item=item, user=balangan_member, date=today, text="Mulai", percent=20
    )

    with pytest.raises(ValidationError):
        plans.edit_item(item=item, user=balangan_admin, version=opened_version, status="planned")
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_an_exe_renamed_jpg_is_refused_and_nothing_is_saved(item, balangan_member, today):
    fake = SimpleUploadedFile("foto.jpg", EXE, content_type="image/jpeg")

    with pytest.raises(ValidationError) as error:
        plans.post_progress_update(
            item=item, user=balangan_member, date=today, text="Foto", percent=50, files=[fake]
        )

    assert error.value.messages == [
        "Jenis berkas tidak diizinkan. Yang diterima: DOCX, JPG, PDF, PNG, WEBP, XLSX."
    ]
    assert ProgressUpdate.objects.count() == 0
    assert Evidence.objects.count() == 0
    item.refresh_from_db()
    assert item.percent == 0


def test_updates_in_the_future_and_on_cancelled_items_are_refused(item, balangan_admin, today):
    with pytest.raises(ValidationError) as error:
        plans.post_progress_update(
            item=item, user=balangan_admin, date=today + timedelta(days=1), text="x", percent=10
        )
    assert error.value.message_dict == {"date": [str(plans.FUTURE_UPDATE)]}

    plans.set_status(
        item=item, user=balangan_admin, version=item.version, status="cancelled", reason="Batal"
    )
    with pytest.raises(ValidationError) as error:
        plans.post_progress_update(item=item, user=balangan_admin, date=today, text="x", percent=10)
    assert error.value.messages == [str(plans.ITEM_CANCELLED)]


def test_items_of_a_deactivated_plan_cannot_change_until_it_is_restored(
    item, plan, balangan_admin, today
):
    plans.deactivate_plan(plan=plan, user=balangan_admin)
    item.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        plans.post_progress_update(item=item, user=balangan_admin, date=today, text="x", percent=10)
    assert error.value.messages == [str(plans.PLAN_INACTIVE)]

    plans.restore_plan(plan=plan, user=balangan_admin)
    item.refresh_from_db()
    plans.post_progress_update(item=item, user=balangan_admin, date=today, text="x", percent=10)
    assert ActionPlan.objects.get().is_active


def test_the_responsible_member_must_belong_to_the_plans_district(plan, balangan_admin, hst, today):
    hst_task_force, _groups = make_task_force(hst)
    stranger = Member.objects.create(task_force=hst_task_force, name="Orang HST")
    with pytest.raises(ValidationError) as error:
        plans.add_item(
            plan=plan,
            user=balangan_admin,
            activity="X",
            due_date=today,
            responsible_member=stranger,
        )
    assert "responsible_member" in error.value.error_dict
