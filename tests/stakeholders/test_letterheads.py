"""Letterheads and signatories: the number format, the NIP, which issuer a document gets,
and the district admin's settings pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders import letterheads
from stakeholders.models import Agency, Letterhead, Signatory
from tests.letterhead_world import KEPALA, make_letterhead, png

# Rules, without the database


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("400.14/{seq}/DPPPA/{year}", "400.14/7/DPPPA/2025"),
        ("400.14/{seq:3}/DPPPA/{month}/{year}", "400.14/007/DPPPA/VIII/2025"),
        ("{year}-{seq:4}", "2025-0007"),
    ],
)
def test_a_number_format_fills_sequence_year_and_roman_month(text, expected):
    letterheads.check_number_format(text)
    assert letterheads.format_number(text, sequence=7, on=date(2025, 8, 28)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("400.14/DPPPA/{year}", letterheads.FORMAT_NEEDS_SEQUENCE),
        ("400.14/{seq}/{kode}", letterheads.FORMAT_UNKNOWN_FIELD % {"field": "{kode}"}),
        ("400.14/{seq/{year}", letterheads.FORMAT_BRACES),
    ],
)
def test_a_number_format_that_cannot_number_is_refused(text, message):
    with pytest.raises(ValidationError) as caught:
        letterheads.check_number_format(text)
    assert caught.value.messages == [str(message)]


def test_a_nip_is_typed_with_spaces_and_printed_in_its_four_groups():
    assert letterheads.normalize_nip(" 19700101 199503 1 002 ") == "197001011995031002"
    assert letterheads.display_nip("197001011995031002") == "19700101 199503 1 002"
    assert letterheads.display_nip("123") == "123"


# Which issuer a document gets


def test_the_district_letterhead_and_its_first_active_signatory_issue_by_default(
    balangan, balangan_admin
):
    letterhead = make_letterhead(balangan, balangan_admin)
    Signatory.objects.filter(letterhead=letterhead, order=1).update(order=3)

    issuer = letterheads.issuer_for(balangan)

    assert issuer.letterhead == letterhead
    assert issuer.signatory.name == "Noor Aisyah, S.E."


def test_an_inactive_signatory_gives_way_to_the_first_active_one(balangan, balangan_admin):
    letterhead = make_letterhead(balangan, balangan_admin)
    chosen = letterhead.signatories.get(order=2)
    chosen.is_active = False
    chosen.save()

    issuer = letterheads.issuer_for(balangan, letterhead=letterhead, signatory=chosen)

    assert issuer.signatory.name == KEPALA["name"]


def test_a_district_without_letterhead_has_no_issuer(balangan):
    assert letterheads.issuer_for(balangan) is None


def test_an_agency_of_another_district_cannot_have_a_letterhead_here(balangan, hst, balangan_admin):
    dinkes_hst = Agency.objects.create(district=hst, name="Dinas Kesehatan", short_name="Dinkes")
    with pytest.raises(ValidationError):
        make_letterhead(balangan, balangan_admin, agency=dinkes_hst)


# The settings pages


def test_the_letterhead_page_needs_a_login(client, balangan):
    url = reverse("stakeholders:letterhead_list", args=[balangan.code])
    response = client.get(url)
    assert response.status_code == 302 and "/akun/masuk/" in response.url


def test_a_task_force_member_reads_the_letterheads_but_cannot_change_them(
    client_for, balangan, balangan_admin, balangan_member
):
    letterhead = make_letterhead(balangan, balangan_admin)
    client = client_for(balangan_member)

    page = client.get(reverse("stakeholders:letterhead_list", args=[balangan.code]))
    edit = client.get(reverse("stakeholders:letterhead_edit", args=[letterhead.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "DINAS PPKBPPPA KABUPATEN BALANGAN" in text and KEPALA["name"] in text
    assert reverse("stakeholders:letterhead_edit", args=[letterhead.pk]) not in text
    assert edit.status_code == 403


def test_another_district_admin_gets_404(client_for, balangan, balangan_admin, hst_admin):
    letterhead = make_letterhead(balangan, balangan_admin)
    response = client_for(hst_admin).get(
        reverse("stakeholders:letterhead_edit", args=[letterhead.pk])
    )
    assert response.status_code == 404


def test_the_district_admin_creates_the_letterhead_with_its_signatory(
    client_for, balangan, balangan_admin
):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:letterhead_create", args=[balangan.code])
    form = client.get(url)
    assert form.status_code == 200
    assert "PEMERINTAH KABUPATEN BALANGAN" in form.content.decode()  # suggested

    response = client.post(
        url,
        {
            "agency": "",
            "government": "PEMERINTAH KABUPATEN BALANGAN",
            "office": "DINAS PPKBPPPA",
            "address": "Jl. A. Yani",
            "city": "Paringin",
            "certificate_number_format": "400.14/{seq:3}/DPPPA/{year}",
            "logo": SimpleUploadedFile("lambang.png", png(), content_type="image/png"),
            "signatory-TOTAL_FORMS": "1",
            "signatory-INITIAL_FORMS": "0",
            "signatory-0-name": "Dr. H. Rahmadi, S.Sos., M.Si.",
            "signatory-0-position": "Kepala Dinas",
            "signatory-0-rank": "Pembina (IV/a)",
            "signatory-0-nip": "19700101 199503 1 002",
            "signatory-0-order": "1",
            "signatory-0-is_active": "on",
        },
    )

    assert response.status_code == 302
    letterhead = Letterhead.objects.get(district=balangan, agency__isnull=True)
    assert letterhead.logo.name.endswith(".png")
    signatory = letterhead.signatories.get()
    assert signatory.nip == "197001011995031002"
    assert letterhead.history.first().history_user == balangan_admin


def test_a_bad_nip_and_a_format_without_sequence_are_shown_beside_their_fields(
    client_for, balangan, balangan_admin
):
    letterhead = make_letterhead(balangan, balangan_admin, signatories=[KEPALA])
    signatory = letterhead.signatories.get()
    response = client_for(balangan_admin).post(
        reverse("stakeholders:letterhead_edit", args=[letterhead.pk]),
        {
            "government": letterhead.government,
            "office": letterhead.office,
            "address": "",
            "city": "Paringin",
            "certificate_number_format": "400.14/DPPPA/{year}",
            "signatory-TOTAL_FORMS": "2",
            "signatory-INITIAL_FORMS": "1",
            "signatory-0-id": str(signatory.pk),
            "signatory-0-name": signatory.name,
            "signatory-0-position": signatory.position,
            "signatory-0-nip": "1970 0101",
            "signatory-0-order": "1",
            "signatory-0-is_active": "on",
            "signatory-1-order": "1",
            "signatory-1-is_active": "on",
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert str(letterheads.FORMAT_NEEDS_SEQUENCE).replace("{", "{") in text
    assert "NIP terdiri atas 18 angka" in text
    letterhead.refresh_from_db()
    assert letterhead.certificate_number_format == "400.14/{seq:3}/DPPPA/{year}"


def test_a_logo_that_is_not_an_image_is_refused(client_for, balangan, balangan_admin):
    letterhead = make_letterhead(balangan, balangan_admin, signatories=[KEPALA], logo=False)
    response = client_for(balangan_admin).post(
        reverse("stakeholders:letterhead_edit", args=[letterhead.pk]),
        {
            "government": letterhead.government,
            "office": letterhead.office,
            "city": "Paringin",
            "certificate_number_format": letterhead.certificate_number_format,
            "logo": SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image"),
            "signatory-TOTAL_FORMS": "0",
            "signatory-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Jenis berkas tidak diizinkan" in response.content.decode()
    letterhead.refresh_from_db()
    assert not letterhead.logo
