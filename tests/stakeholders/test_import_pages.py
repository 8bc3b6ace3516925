import io

from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from kla_portal.imports import NOTHING_WRITTEN
from stakeholders.imports import TEMPLATE_HEADERS, UNKNOWN_SECTOR
from stakeholders.models import Institution
from tests.stakeholders.conftest import make_sheet

ROWS = [
    ["SD Negeri 1 Juai", "SD", "Juai", None, "30300101", None, None],
    ["Puskesmas Halong", "Puskesmas", "Halong", None, None, None, None],
    ["Koperasi Maju", "Koperasi", "Awayan", None, None, None, None],
]


def upload(client, rows=ROWS):
    return client.post(
        reverse("stakeholders:institution_import", args=["63.11"]), {"file": make_sheet(rows)}
    )


def confirm(client, token, **extra):
    return client.post(
        reverse("stakeholders:institution_import_confirm", args=["63.11"]),
        {"token": token, **extra},
    )


def test_the_preview_lists_each_row_and_writes_nothing(client_for, balangan_admin, sectors):
    response = upload(client_for(balangan_admin))
    report = response.context["report"]
    assert [(r.number, r.action) for r in report.rows] == [
        (2, "create"),
        (3, "create"),
        (4, "reject"),
    ]
    html = response.content.decode()
    assert escape(UNKNOWN_SECTOR % {"value": "Koperasi"}) in html
    assert "impor hanya baris yang valid" in html
    assert not Institution.objects.exists()


def test_confirming_with_rejected_rows_writes_nothing_unless_asked(
    client_for, balangan_admin, sectors
):
    client = client_for(balangan_admin)
    token = upload(client).context["confirm_form"]["token"].value()

    refused = confirm(client, token)
    assert escape(NOTHING_WRITTEN % {"count": 1}) in refused.content.decode()
    assert not Institution.objects.exists()

    done = confirm(client, token, only_valid="on")
    assert done.url == reverse("stakeholders:institution_list", args=["63.11"])
    assert sorted(Institution.objects.values_list("name", flat=True)) == [
        "Puskesmas Halong",
        "SD Negeri 1 Juai",
    ]
    assert {i.history.get().history_user for i in Institution.objects.all()} == {balangan_admin}


def test_a_clean_file_is_written_on_confirm_and_a_second_import_adds_nothing(
    client_for, balangan_admin, sectors
):
    client = client_for(balangan_admin)
    for _ in range(2):
        token = upload(client, ROWS[:2]).context["confirm_form"]["token"].value()
        assert confirm(client, token).status_code == 302
    assert Institution.objects.count() == 2


def test_a_token_from_another_session_is_refused(client_for, balangan_admin, sectors, client):
    token = upload(client_for(balangan_admin)).context["confirm_form"]["token"].value()
    client.logout()
    from django.test import Client

    other = Client()
    other.force_login(balangan_admin)
    response = confirm(other, token, only_valid="on")
    assert response.url == reverse("stakeholders:institution_import", args=["63.11"])
    assert not Institution.objects.exists()


def test_an_unreadable_file_is_an_error_on_the_form(client_for, balangan_admin, sectors):
    bad = io.BytesIO(b"MZ\x90\x00 not a sheet")
    bad.name = "lembaga.xlsx"
    response = client_for(balangan_admin).post(
        reverse("stakeholders:institution_import", args=["63.11"]), {"file": bad}
    )
    assert response.context["form"].errors["file"] == [
        "Berkas ini bukan berkas Excel (.xlsx) atau CSV."
    ]


def test_the_template_download_has_the_expected_headers_and_an_example_row(
    client_for, balangan_admin, sectors
):
    response = client_for(balangan_admin).get(
        reverse("stakeholders:institution_import_template", args=["63.11"])
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_HEADERS
    assert rows[1][0] == "SD Negeri 1 Contoh"
    assert "Paringin" in [r[2] for r in book.worksheets[1].iter_rows(values_only=True)]
