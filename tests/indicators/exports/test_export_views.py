"""The download views: the file itself for the right role, and what the matrix cannot show.

Login, 404 for another region's workbook (Must show 3) and 403 for a role without
the right are rows of tests/test_authorization_matrix.py, for every role.
"""

import io
import zipfile

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from .conftest import YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DISTRICT_URLS = ["indicators:export_district", "indicators:export_district_csv"]


def url(name, *args):
    return reverse(name, args=args)


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


@pytest.mark.parametrize("name", DISTRICT_URLS)
def test_a_district_user_gets_a_404_for_another_districts_workbook(
    balangan_world, hst_world, client_for, hst_admin, name
):
    client = client_for(hst_admin)

    assert client.get(url(name, "63.11", YEAR)).status_code == 404
    assert client.get(url(name, "63.07", YEAR)).status_code == 200


def test_a_district_admin_downloads_the_district_workbook(
    balangan_world, client_for, balangan_admin
):
    response = client_for(balangan_admin).get(url("indicators:export_district", "63.11", YEAR))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="evaluasi-kla-kabupaten-63-11-2025.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    summary = workbook(response)["Ringkasan"]
    assert summary["B2"].value == "Kabupaten Balangan"


def test_a_task_force_member_downloads_the_csv_zip_of_their_district(
    balangan_world, client_for, balangan_member
):
    response = client_for(balangan_member).get(url("indicators:export_district_csv", "63.11", YEAR))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "01-ringkasan.csv" in archive.namelist()


def test_a_coordinator_downloads_the_province_workbook(
    balangan_world, hst_world, client_for, kalsel_coordinator
):
    response = client_for(kalsel_coordinator).get(url("indicators:export_province", "63", YEAR))

    assert response.status_code == 200
    sheet = workbook(response)["Perbandingan Kabupaten Kota"]
    codes = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "63.11" in codes and "63.07" in codes and "64.71" not in codes


def test_an_evaluator_downloads_the_national_workbook(balangan_world, client_for, evaluator):
    response = client_for(evaluator).get(url("indicators:export_national", YEAR))

    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="evaluasi-kla-nasional-2025.xlsx"'
    )
    sheet = workbook(response)["Perbandingan Kabupaten Kota"]
    assert sheet.max_row - 1 == 23  # every district of the two test provinces


def test_a_year_outside_the_range_is_a_404(balangan_world, client_for, balangan_admin):
    response = client_for(balangan_admin).get(url("indicators:export_district", "63.11", 1999))

    assert response.status_code == 404


def test_downloads_answer_get_only(balangan_world, client_for, balangan_admin):
    response = client_for(balangan_admin).post(url("indicators:export_district", "63.11", YEAR))

    assert response.status_code == 405


@pytest.mark.parametrize(
    "context, expected",
    [
        (
            {"scope": "district", "code": "63.11", "year": YEAR},
            ["/kabupaten/63.11/ekspor/2025.xlsx", "/kabupaten/63.11/ekspor/2025.zip"],
        ),
        (
            {"scope": "province", "code": "63", "year": YEAR},
            ["/wilayah/63/ekspor/2025.xlsx", "/wilayah/63/ekspor/2025.zip"],
        ),
        (
            {"scope": "national", "year": YEAR},
            ["/nasional/ekspor/2025.xlsx", "/nasional/ekspor/2025.zip"],
        ),
    ],
)
def test_the_export_buttons_link_to_both_files(context, expected):
    html = render_to_string("indicators/_export_buttons.html", context)

    for href in expected:
        assert f'href="{href}"' in html
    assert "Unduh Excel 2025" in html and "Unduh CSV (zip)" in html
    assert "<script" not in html and "onclick" not in html
