from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stakeholders.actions import record_milestone, register_institution
from stakeholders.forms import DUPLICATE_INSTITUTION
from stakeholders.models import Institution
from tests.conftest import make_user
from tests.stakeholders.conftest import PDF


def build_institutions(district, user, sectors, count):
    kecamatan = list(district.subdistricts.all())
    codes = ["sekolah", "puskesmas", "masjid", "pesantren", "lksa", "dunia_usaha", "media"]
    for i in range(count):
        inst = register_institution(
            district=district,
            user=user,
            sector=sectors[codes[i % 7]],
            subdistrict=kecamatan[i % len(kecamatan)],
            name=f"Lembaga {i:03d}",
            official_id=f"303{i:05d}",
        )
        if i % 3 == 0:
            record_milestone(
                institution=inst,
                definition=sectors[codes[i % 7]].milestones.first(),
                achieved_on=date(2025, 1, 1),
                user=user,
            )


def list_url(**params):
    from urllib.parse import urlencode

    return reverse("stakeholders:institution_list", args=["63.11"]) + (
        "?" + urlencode(params) if params else ""
    )


@pytest.mark.parametrize("params", [{}, {"sector": "sekolah", "stage": "proses"}, {"q": "Lembaga"}])
def test_the_list_runs_a_fixed_number_of_queries_whatever_its_length(
    client_for, balangan_admin, balangan, sectors, django_assert_max_num_queries, params
):
    client = client_for(balangan_admin)
    build_institutions(balangan, balangan_admin, sectors, 3)
    client.get(list_url(**params))  # warm the session and the sector cache
    with django_assert_max_num_queries(13) as small:  # +1: the navbar's notice and queue counts
        client.get(list_url(**params))
    build_institutions(balangan, balangan_admin, sectors, 60)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(list_url(**params))
    assert response.status_code == 200


def test_the_list_searches_by_name_and_npsn_and_filters_by_sector_kecamatan_and_stage(
    client_for, balangan_admin, balangan, sectors
):
    build_institutions(balangan, balangan_admin, sectors, 30)
    client = client_for(balangan_admin)

    def names(**params):
        return [i.name for i in client.get(list_url(**params)).context["page"]]

    assert names(q="Lembaga 007") == ["Lembaga 007"]
    assert names(q="30300012") == ["Lembaga 012"]
    assert names(sector="masjid") == ["Lembaga 002", "Lembaga 009", "Lembaga 016", "Lembaga 023"]
    juai = balangan.subdistricts.get(name="Juai")
    assert all(
        i.subdistrict == juai for i in client.get(list_url(subdistrict=juai.pk)).context["page"]
    )
    assert names(sector="sekolah", stage="1") == ["Lembaga 000", "Lembaga 021"]
    assert names(sector="sekolah", stage="belum") == ["Lembaga 007", "Lembaga 014", "Lembaga 028"]
    assert names(stage="tuntas") == []


def test_the_list_pages_by_25(client_for, balangan_admin, balangan, sectors):
    build_institutions(balangan, balangan_admin, sectors, 30)
    client = client_for(balangan_admin)
    first = client.get(list_url())
    second = client.get(list_url(page=2))
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5
    assert "page=2" in first.content.decode()


def test_the_list_shows_only_the_districts_active_institutions(
    client_for, balangan_admin, school, hst_school, balangan
):
    gone = register_institution(
        district=balangan, user=balangan_admin, sector=school.sector, name="SD Ditutup"
    )
    gone.is_active = False
    gone.save()
    html = client_for(balangan_admin).get(list_url()).content.decode()
    assert "SD Negeri 1 Paringin" in html
    assert "SD Negeri 1 Barabai" not in html
    assert "SD Ditutup" not in html


def test_an_admin_registers_edits_and_deactivates_an_institution(
    client_for, balangan_admin, balangan, sectors
):
    client = client_for(balangan_admin)
    juai = balangan.subdistricts.get(name="Juai")
    response = client.post(
        reverse("stakeholders:institution_create", args=["63.11"]),
        {
            "sector": "puskesmas",
            "name": "Puskesmas Juai",
            "subdistrict": juai.pk,
            "contact_phone": "0812-5111-2222",
        },
    )
    puskesmas = Institution.objects.get(name="Puskesmas Juai")
    assert response.url == puskesmas.get_absolute_url()
    assert puskesmas.contact_phone == "+6281251112222"

    client.post(
        reverse("stakeholders:institution_edit", args=[puskesmas.pk]),
        {
            "sector": "puskesmas",
            "name": "UPT Puskesmas Juai",
            "subdistrict": juai.pk,
            "version": puskesmas.version,
        },
    )
    puskesmas.refresh_from_db()
    assert puskesmas.name == "UPT Puskesmas Juai"

    response = client.post(reverse("stakeholders:institution_deactivate", args=[puskesmas.pk]))
    puskesmas.refresh_from_db()
    assert not puskesmas.is_active
    assert [h.history_user for h in puskesmas.history.all()] == [balangan_admin] * 3


def test_the_form_refuses_a_second_institution_with_the_same_identifier(
    client_for, balangan_admin, school
):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:institution_create", args=["63.11"]),
        {"sector": "sekolah", "name": "SD lain", "official_id": school.official_id},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["official_id"] == [DUPLICATE_INSTITUTION]


def test_the_form_offers_only_the_districts_kecamatan(client_for, balangan_admin, balangan, hst):
    barabai = hst.subdistricts.get(name="Barabai")
    response = client_for(balangan_admin).post(
        reverse("stakeholders:institution_create", args=["63.11"]),
        {"sector": "sekolah", "name": "SD X", "subdistrict": barabai.pk},
    )
    assert "subdistrict" in response.context["form"].errors
    assert not Institution.objects.exists()


def test_the_detail_shows_the_sector_path_as_a_checklist_with_dates_and_evidence(
    client_for, balangan_member, world
):
    response = client_for(balangan_member).get(
        reverse("stakeholders:institution", args=[world["institution"]])
    )
    steps = response.context["steps"]
    assert [s.definition.name for s in steps] == [
        "Deklarasi SRA",
        "SK Tim SRA",
        "Minimal 2 guru/tenaga kependidikan terlatih KHA",
        "SK Sekolah Ramah Anak",
        "Swa-periksa 6 komponen SRA",
        "Terverifikasi SRA",
    ]
    assert [bool(s.reached) for s in steps] == [True, False, False, False, False, False]
    html = response.content.decode()
    assert "01/03/2025" in html
    assert reverse("stakeholders:milestone_evidence", args=[world["milestone"]]) in html


def test_recording_the_next_milestone_through_the_page(client_for, balangan_admin, world, sectors):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:institution", args=[world["institution"]])
    form = client.get(url).context["milestone_form"]
    step2 = sectors["sekolah"].milestones.get(order=2)
    assert form["definition"].initial == step2.pk  # the next one is offered first

    response = client.post(
        reverse("stakeholders:milestone_record", args=[world["institution"]]),
        {
            "definition": step2.pk,
            "achieved_on": "14/04/2025",
            "evidence": SimpleUploadedFile("sk tim.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    school = Institution.objects.get(pk=world["institution"])
    assert school.stage == 2
    assert school.milestones.get(definition=step2).achieved_on == date(2025, 4, 14)


def test_a_milestone_with_a_fake_evidence_file_is_refused(
    client_for, balangan_admin, world, sectors
):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:milestone_record", args=[world["institution"]]),
        {
            "definition": sectors["sekolah"].milestones.get(order=2).pk,
            "achieved_on": "14/04/2025",
            "evidence": SimpleUploadedFile("foto.jpg", b"MZ not an image", "image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert "evidence" in response.context["milestone_form"].errors
    assert Institution.objects.get(pk=world["institution"]).stage == 1


def test_the_evidence_is_served_only_through_the_checked_view(client_for, balangan_member, world):
    response = client_for(balangan_member).get(
        reverse("stakeholders:milestone_evidence", args=[world["milestone"]])
    )
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_page_shows_every_stage_change_with_who_and_when(
    client_for, balangan, sectors, balangan_admin, superuser
):
    """Must-show 4: the stage history of an institution shows every change."""
    dian = make_user("dian", first_name="Dian", last_name="Dinilia")
    from kla_portal.models import Membership, Role

    Membership.objects.create(user=dian, role=Role.DISTRICT_ADMIN, district=balangan)
    school = register_institution(
        district=balangan, user=dian, sector=sectors["sekolah"], name="SMP Negeri 1 Paringin"
    )
    steps = list(sectors["sekolah"].milestones.order_by("order"))
    record_milestone(
        institution=school, definition=steps[0], achieved_on=date(2025, 2, 1), user=dian
    )
    record_milestone(
        institution=school, definition=steps[1], achieved_on=date(2025, 3, 1), user=balangan_admin
    )
    record_milestone(
        institution=school, definition=steps[3], achieved_on=date(2025, 6, 1), user=superuser
    )
    record_milestone(
        institution=school, definition=steps[2], achieved_on=date(2025, 5, 1), user=balangan_admin
    )  # filling a gap does not move the stage

    response = client_for(balangan_admin).get(school.get_absolute_url())

    changes = response.context["stage_changes"]
    assert [(c.old, c.new, c.who) for c in changes] == [
        (2, 4, "root"),
        (1, 2, "balangan"),
        (0, 1, "Dian Dinilia"),
    ]
    html = response.content.decode()
    table = html[
        html.index('data-testid="stage-history"') : html.index(
            "</table>", html.index('data-testid="stage-history"')
        )
    ]
    today = timezone.localdate().strftime("%d/%m/%Y")
    for who, new_name in [
        ("root", "SK Sekolah Ramah Anak"),
        ("balangan", "SK Tim SRA"),
        ("Dian Dinilia", "Deklarasi SRA"),
    ]:
        assert who in table and new_name in table
    assert table.count(today) == 3
    assert "0 → 1" in table and "1 → 2" in table and "2 → 4" in table
