from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kla_portal import conflicts
from tests.trainings.plans.conftest import EXE, PDF, png
from trainings.plans import actions as plans
from trainings.plans import views as plan_views
from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db

EXE_REFUSED = (
    "Jenis berkas tidak diizinkan. Yang diterima: DOCX, HEIC, HEIF, JPG, PDF, PNG, WEBP, XLSX."
)


def update_data(today, **extra):
    return {"date": today.strftime("%d/%m/%Y"), "percent": 40, "text": "Tim SRA dibentuk", **extra}


def test_the_item_page_shows_updates_with_evidence_links_through_the_checked_view(
    client_for, balangan_member, item, evidence
):
    response = client_for(balangan_member).get(item.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rapat persiapan" in html
    assert f'src="/rtl/bukti/{evidence.pk}/"' in html
    assert evidence.file.url not in html
    assert 'data-testid="update-form"' in html  # assigned to them
    assert "Ubah kegiatan" not in html  # the edit form is the admin's
    assert html.count("<h1") == 1


def test_a_read_only_user_sees_no_forms(client_for, kalsel_coordinator, item):
    html = client_for(kalsel_coordinator).get(item.get_absolute_url()).content.decode()
    assert 'data-testid="update-form"' not in html
    assert "Ubah kegiatan" not in html


def test_the_member_posts_an_update_with_a_photo_and_a_pdf(
    client_for, balangan_member, item, today
):
    response = client_for(balangan_member).post(
        reverse("plans:item_update", args=[item.pk]),
        update_data(today, files=[png(), SimpleUploadedFile("sk.pdf", PDF)]),
    )

    assert response.status_code == 302
    assert response.url == item.get_absolute_url()
    update = ProgressUpdate.objects.get()
    assert update.author == balangan_member
    assert sorted(e.content_type for e in update.evidence.all()) == ["application/pdf", "image/png"]
    item.refresh_from_db()
    assert (item.status, item.percent) == ("in_progress", 40)


def test_an_exe_renamed_jpg_is_refused_with_the_message_and_nothing_is_saved(
    client_for, balangan_member, item, today
):
    fake = SimpleUploadedFile("foto.jpg", EXE, content_type="image/jpeg")

    response = client_for(balangan_member).post(
        reverse("plans:item_update", args=[item.pk]), update_data(today, files=[fake])
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"files": [EXE_REFUSED]}
    assert EXE_REFUSED in response.content.decode()
    assert ProgressUpdate.objects.count() == 0
    assert Evidence.objects.count() == 0
    item.refresh_from_db()
    assert item.percent == 0


def item_form_data(item, **changes):
    data = {
        "activity": item.activity,
        "objective": item.objective,
        "target_group": item.target_group,
        "indicator": item.indicator_id or "",
        "start_date": "",
        "due_date": item.due_date.strftime("%d/%m/%Y"),
        "venue": "",
        "responsible_member": item.responsible_member_id or "",
        "responsible_name": "",
        "budget_source": "",
        "budget_amount": "",
        "success_measure": "",
        "status": item.status,
        "cancel_reason": "",
        "version": item.version,
    }
    return {**data, **changes}


def test_the_admin_edits_an_item(client_for, balangan_admin, item):
    response = client_for(balangan_admin).post(
        reverse("plans:item_edit", args=[item.pk]),
        item_form_data(item, target_group="Guru dan tenaga kependidikan", budget_amount="2500000"),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.target_group == "Guru dan tenaga kependidikan"
    assert item.budget_amount == 2500000
    assert item.version == 2


def test_a_stale_edit_form_is_refused_with_the_message_and_the_first_change_kept(
    client_for, balangan_admin, item, today
):
    stale_form = item_form_data(item, target_group="Kepala sekolah")
    plans.edit_item(item=item, user=balangan_admin, version=item.version, target_group="Guru SD")

    response = client_for(balangan_admin).post(
        reverse("plans:item_edit", args=[item.pk]), stale_form
    )

    assert response.status_code == 200
    message = conflicts.STALE_EDIT % {"record": "Kegiatan RTL"}
    assert response.context["conflict"] == conflicts.Conflict(
        message=message,
        differences=[conflicts.Difference("Sasaran", stored="Guru SD", yours="Kepala sekolah")],
    )
    assert message in response.content.decode()
    # The form keeps what this person typed, now carrying the stored version.
    form = response.context["form"]
    assert form["target_group"].value() == "Kepala sekolah"
    assert form["version"].value() == "2"
    item.refresh_from_db()
    assert (item.target_group, item.version) == ("Guru SD", 2)


def test_cancelling_through_the_form_needs_a_reason(client_for, balangan_admin, item):
    response = client_for(balangan_admin).post(
        reverse("plans:item_edit", args=[item.pk]), item_form_data(item, status="cancelled")
    )

    assert response.context["form"].errors == {"cancel_reason": [str(plans.CANCEL_NEEDS_REASON)]}
    assert ActionItem.objects.get().status == "planned"


def test_the_admin_creates_a_plan_and_adds_an_item(
    client_for, balangan_admin, balangan, school, gugus, indicators, today
):
    client = client_for(balangan_admin)
    response = client.post(
        reverse("plans:plan_create", args=[balangan.code]),
        {"title": "RTL SD 1", "owner_institution": school.pk},
    )
    plan = ActionPlan.objects.get()
    assert response.url == plan.get_absolute_url()

    response = client.post(
        reverse("plans:item_create", args=[plan.pk]),
        {
            "activity": "Pembentukan tim SRA",
            "due_date": (today + timedelta(days=30)).strftime("%d/%m/%Y"),
            "responsible_member": gugus.pk,
            "indicator": indicators[19].pk,
            "status": "planned",
        },
    )
    item = ActionItem.objects.get()
    assert response.url == item.get_absolute_url()
    assert item.history.get().history_user == balangan_admin


def test_the_plan_form_refuses_a_plan_without_owner(client_for, balangan_admin, balangan):
    response = client_for(balangan_admin).post(
        reverse("plans:plan_create", args=[balangan.code]), {"title": "RTL"}
    )
    assert response.context["form"].non_field_errors() == [str(plans.OWNER_REQUIRED)]


def test_the_admin_deactivates_and_restores_a_plan(client_for, balangan_admin, plan):
    client = client_for(balangan_admin)
    client.post(reverse("plans:plan_deactivate", args=[plan.pk]))
    plan.refresh_from_db()
    assert not plan.is_active
    response = client.get(plan.get_absolute_url())
    assert "Aktifkan kembali" in response.content.decode()

    client.post(reverse("plans:plan_restore", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_active


def test_the_plan_page_lists_its_items(client_for, evaluator, plan, item):
    response = client_for(evaluator).get(plan.get_absolute_url())
    html = response.content.decode()
    assert item.activity in html
    assert "SD Negeri 1 Paringin" in html
    assert "Tambah kegiatan" not in html


def test_my_items_lists_what_is_assigned_to_the_member_due_soon_first(
    client_for, balangan_member, plan, gugus, other_member, today
):
    def make(activity, days, member, status="planned"):
        return ActionItem.objects.create(
            plan=plan,
            activity=activity,
            due_date=today + timedelta(days=days),
            responsible_member=member,
            status=status,
        )

    make("Nanti", 30, gugus)
    make("Segera", 2, gugus)
    make("Terlambat", -4, gugus)
    make("Sudah", -10, gugus, status="done")
    make("Orang lain", 1, other_member)

    response = client_for(balangan_member).get(reverse("plans:my_items"))

    assert [i.activity for i in response.context["open_items"]] == ["Terlambat", "Segera", "Nanti"]
    assert [i.activity for i in response.context["closed_items"]] == ["Sudah"]
    html = response.content.decode()
    assert "lewat 4 hari" in html
    # One "send progress" button per open item, none for the closed one.
    for open_item in response.context["open_items"]:
        assert html.count(reverse("plans:item_update", args=[open_item.pk])) == 1
    closed = response.context["closed_items"][0]
    assert reverse("plans:item_update", args=[closed.pk]) not in html
    assert "Orang lain" not in html


def test_my_items_is_empty_for_an_admin_without_assignments(client_for, balangan_admin, item):
    response = client_for(balangan_admin).get(reverse("plans:my_items"))
    assert response.context["open_items"] == []


def test_messages_are_indonesian_constants():
    assert str(plan_views.UPDATE_POSTED) == "Perkembangan dikirim. Terima kasih!"


def test_an_update_whose_author_account_is_gone_still_shows(client_for, evaluator, item, today):
    ProgressUpdate.objects.create(item=item, date=today, text="Tanpa penulis", percent=5)

    response = client_for(evaluator).get(item.get_absolute_url())

    assert "Tanpa penulis" in response.content.decode()
