"""Must show 1 for the province and national workbooks: read back with openpyxl and pandas,
each district's figures equal the dashboard's ranking, coverage and RTL completion."""

import io
from decimal import Decimal

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from openpyxl import load_workbook

from indicators import dashboard, exports
from indicators.models import Assessment, Category
from indicators.scoring import score_assessment
from indicators.standings import EXPORTED
from kla_portal.access import can_export_national, province_for_export
from kla_portal.models import District
from trainings.coverage import coverage_for
from trainings.plans.completion import completion_rates
from trainings.plans.models import ActionItem

from .conftest import YEAR, fill_district, make_assessment

SHEETS = ["Keterangan", "Perbandingan Kabupaten Kota", "Angka Kunci"]
STAGES = ["EM", "VA", "VL", "Akhir"]


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def kalsel_world(balangan_world, hst_world):
    return balangan_world, hst_world


def frames_of(data):
    return pd.read_excel(io.BytesIO(data), sheet_name=None, dtype={"Kode": str})


def check_against_dashboard(data, districts, user):
    """Every row of the comparison and key-figure sheets equals the dashboard's figures."""
    frames = frames_of(data)
    assert list(frames) == SHEETS
    rank = dashboard.ranking(districts, user, YEAR)
    comparison = frames["Perbandingan Kabupaten Kota"]
    assert comparison["Kode"].tolist() == [r.district.code for r in rank.rows]
    by_code = comparison.set_index("Kode")
    assessed = 0
    for row in rank.rows:
        line = by_code.loc[row.district.code]
        for heading, cell in zip(STAGES, row.standing.shown(EXPORTED), strict=True):
            if cell.completed:
                assert money(line[heading]) == cell.total, heading
            else:
                assert pd.isna(line[heading]), heading
        if row.readiness is None:
            assert pd.isna(line["Peringkat"])
            continue
        assessed += 1
        assert line["Peringkat"] == row.rank
        # Frozen when completed, at the score the questions gave then.
        assessment = Assessment.objects.get(district=row.district.code, year=rank.year)
        assert money(line["EM"]) == score_assessment(assessment).total
        assert money(line["VA"]) == score_assessment(assessment, verified=True).total
        assert line["Kategori tahap terakhir"] == Category(row.standing.latest.category).label
    assert assessed == rank.assessed > 0

    codes = list(districts.values_list("code", flat=True))
    figures = frames["Angka Kunci"].set_index("Kode")
    coverage = coverage_for(District.objects.filter(code__in=codes))
    rates = completion_rates(ActionItem.objects.filter(plan__district__in=codes), by="district")
    for code in codes:
        line = figures.loc[code]
        sectors = coverage[code].sectors.values()
        assert line["Terlatih perempuan"] == sum(s.trained_female for s in sectors)
        assert line["Terlatih laki-laki"] == sum(s.trained_male for s in sectors)
        if code in rates:
            assert line["Kegiatan RTL selesai"] == rates[code].done
            assert (
                line["Kegiatan RTL tidak dibatalkan"] == rates[code].total - rates[code].cancelled
            )
            assert line["Persen RTL selesai"] == pytest.approx(rates[code].rate)
    return frames


def test_the_province_workbook_matches_the_province_dashboard(
    kalsel_world, kalsel, kalsel_coordinator
):
    data = exports.province_workbook(kalsel, YEAR, user=kalsel_coordinator)

    districts = District.objects.visible_to(kalsel_coordinator).filter(province=kalsel)
    frames = check_against_dashboard(data, districts, kalsel_coordinator)
    assert len(frames["Perbandingan Kabupaten Kota"]) == districts.count() == 13
    figures = frames["Angka Kunci"].set_index("Kode")
    assert figures.loc["63.11", "Lembaga tahap akhir"] == 2
    assert figures.loc["63.11", "Jumlah lembaga"] == 3
    assert figures.loc["63.11", "Persen lembaga tahap akhir"] == pytest.approx(2 / 3)
    assert figures.loc["63.11", "Kegiatan RTL selesai"] == 2
    assert figures.loc["63.11", "Kegiatan RTL tidak dibatalkan"] == 3
    about = frames["Keterangan"].set_index("Uraian")
    assert about.loc["Wilayah", "Nilai"] == "Kalimantan Selatan"
    assert about.loc["EM diajukan", "Nilai"] == 2
    assert about.loc["VA selesai", "Nilai"] == 2
    assert about.loc["VL selesai", "Nilai"] == 0


def test_the_national_workbook_covers_every_visible_district_in_write_only_mode(
    kalsel_world, balikpapan, sectors, framework, evaluator
):
    fill_district(balikpapan, sectors, size=1, tag=" BPN")
    # On the draft framework (six groups), as an assessment made before the 2024
    # instrument was loaded: its Kelana-Dekela columns stay blank.
    make_assessment(balikpapan, framework)

    data = exports.national_workbook(YEAR, user=evaluator)

    frames = check_against_dashboard(data, District.objects.visible_to(evaluator), evaluator)
    comparison = frames["Perbandingan Kabupaten Kota"].set_index("Kode")
    assert len(comparison) == District.objects.count()
    assert comparison.loc["64.71", "Tahap sekarang"] == "Telaah: berjalan"
    book = load_workbook(io.BytesIO(data))
    sheet = book["Perbandingan Kabupaten Kota"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.page_setup.orientation == "landscape"


def test_the_province_workbook_of_a_coordinator_leaves_out_other_provinces(
    kalsel_world, kalsel, kalsel_coordinator, balikpapan
):
    frames = frames_of(exports.province_workbook(kalsel, YEAR, user=kalsel_coordinator))

    assert "64.71" not in frames["Perbandingan Kabupaten Kota"]["Kode"].tolist()
    assert "64.71" not in frames["Angka Kunci"]["Kode"].tolist()


def test_a_province_is_a_404_to_those_who_see_none_of_it_and_a_403_to_district_roles(
    regions, kalsel_coordinator, hst_admin, evaluator, superuser
):
    with pytest.raises(Http404):
        province_for_export(kalsel_coordinator, "64")
    with pytest.raises(Http404):
        province_for_export(hst_admin, "64")
    with pytest.raises(PermissionDenied):
        province_for_export(hst_admin, "63")
    assert province_for_export(kalsel_coordinator, "63").code == "63"
    assert province_for_export(evaluator, "64").code == "64"
    assert province_for_export(superuser, "64").code == "64"
    assert can_export_national(evaluator) and can_export_national(superuser)
    assert not can_export_national(kalsel_coordinator)
    assert not can_export_national(hst_admin)


def test_the_csv_zip_of_a_province_holds_its_three_tables(kalsel_world, kalsel, kalsel_coordinator):
    import zipfile

    data = exports.province_csv_zip(kalsel, YEAR, user=kalsel_coordinator)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [
            "01-keterangan.csv",
            "02-perbandingan-kabupaten-kota.csv",
            "03-angka-kunci.csv",
        ]
        rows = pd.read_csv(
            io.BytesIO(archive.read("02-perbandingan-kabupaten-kota.csv")), encoding="utf-8-sig"
        )
    assert len(rows) == 13


def build(districts, sectors):
    for district in districts:
        fill_district(district, sectors, size=2, tag=f" {district.code}")
        make_assessment(district, evidence=False)


def test_the_query_count_does_not_grow_with_the_districts(
    regions, sectors, instrument, evaluator, django_assert_max_num_queries
):
    few = list(District.objects.filter(province_id="63")[:2])
    build(few, sectors)
    with django_assert_max_num_queries(QUERIES):
        exports.national_workbook(YEAR, user=evaluator)

    build(list(District.objects.filter(province_id="64")), sectors)
    with django_assert_max_num_queries(QUERIES):
        data = exports.national_workbook(YEAR, user=evaluator)
    assert frames_of(data)["Perbandingan Kabupaten Kota"]["EM"].notna().sum() == 12


QUERIES = 8  # measured: memberships, districts, years, assessments, awards, the stages'
# totals and statuses, key figures
