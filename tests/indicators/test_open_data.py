"""Issue 18, open data: the national categories by district and year, public, as CSV
and JSON; only awarded categories and published scores, nothing personal."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import open_data
from indicators.models import Category, OfficialResult
from kla_portal.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(regions):
    """Balangan awarded twice (one score verified, one its own claim), Hulu Sungai Tengah
    and Balikpapan once; a "belum berpredikat" and a year with a score but no category."""
    rows = [
        ("63.11", 2023, Category.PRATAMA, Decimal("612.40"), True),
        ("63.11", 2024, Category.MADYA, Decimal("705.25"), False),
        ("63.07", 2024, Category.NINDYA, None, False),
        ("64.71", 2024, Category.UTAMA, Decimal("881.00"), False),
        ("63.07", 2023, Category.NONE, Decimal("480.00"), False),
        ("64.71", 2023, "", Decimal("790.00"), False),
    ]
    for code, year, category, score, claimed in rows:
        OfficialResult.objects.create(
            district=District.objects.get(code=code),
            year=year,
            category=category,
            score=score,
            is_self_assessed=claimed,
            source="SK Menteri PPPA (catatan internal)",
        )


def test_anyone_downloads_the_awarded_categories_as_json_in_one_query(
    client, results, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("indicators:open_data_json"))

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["license"] == "ODbL-1.0" and "idn-area-data" in document["attribution"]
    assert document["count"] == 4
    assert [
        (r["tahun"], r["kode_kabupaten_kota"], r["kategori"], r["nilai"])
        for r in document["results"]
    ] == [
        (2023, "63.11", "Pratama", None),  # the district's own claim is not published
        (2024, "63.07", "Nindya", None),
        (2024, "63.11", "Madya", "705.25"),
        (2024, "64.71", "Utama", "881.00"),
    ]
    balangan = document["results"][2]
    assert set(balangan) == set(open_data.FIELDS)
    assert (balangan["provinsi"], balangan["kabupaten_kota"]) == (
        "Kalimantan Selatan",
        District.objects.get(code="63.11").name,
    )
    assert "catatan internal" not in response.content.decode()


def test_the_csv_opens_in_excel_filtered_by_year_and_province(client, results):
    response = client.get(reverse("indicators:open_data_csv"), {"tahun": "2024", "provinsi": "63"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="kategori-kla-2024-63.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == open_data.FIELDS
    assert [(r[0], r[3], r[5], r[6]) for r in rows[1:]] == [
        ("2024", "63.07", "Nindya", ""),
        ("2024", "63.11", "Madya", "705.25"),
    ]


def test_a_wrong_filter_is_ignored_and_an_empty_year_gives_only_the_headings(client, results):
    everything = client.get(reverse("indicators:open_data_json"), {"tahun": "dua ribu"})
    huge = client.get(reverse("indicators:open_data_json"), {"tahun": "9" * 30})
    nothing = client.get(reverse("indicators:open_data_csv"), {"tahun": "1999"})

    assert everything.json()["count"] == huge.json()["count"] == 4
    assert nothing.content.decode("utf-8-sig").splitlines() == [",".join(open_data.FIELDS)]


def test_the_page_explains_the_files_and_their_licence_without_a_login(client, results):
    response = client.get(reverse("indicators:open_data"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="2024">2024</option>' in html
    assert "Open Database License (ODbL 1.0)" in html
    assert reverse("indicators:open_data_json") in html
