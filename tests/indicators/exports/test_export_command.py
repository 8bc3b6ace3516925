"""``manage.py export_evaluation``: the same workbooks from the command line."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from .conftest import YEAR


def run(*args):
    out = io.StringIO()
    call_command("export_evaluation", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_district_workbook(balangan_world, tmp_path):
    target = tmp_path / "balangan-2025.xlsx"

    output = run("--district", "63.11", "--year", str(YEAR), "-o", str(target))

    assert output.startswith(f"Ditulis: {target} (")
    book = load_workbook(target)
    assert book.sheetnames[:2] == ["Sampul", "Ringkasan"]
    rows = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert rows["Kabupaten/kota"] == "Kabupaten Balangan"
    assert rows["Dibuat oleh"] == "manage.py export_evaluation"


def test_it_writes_the_province_workbook_and_a_csv_zip(balangan_world, hst_world, tmp_path):
    run("--province", "63", "--year", str(YEAR), "-o", str(tmp_path / "kalsel.xlsx"))
    run("--national", "--year", str(YEAR), "--csv", "-o", str(tmp_path / "nasional.zip"))

    sheet = load_workbook(tmp_path / "kalsel.xlsx")["Perbandingan Kabupaten Kota"]
    assert sheet.max_row - 1 == 13
    with zipfile.ZipFile(tmp_path / "nasional.zip") as archive:
        assert archive.namelist()[1] == "02-perbandingan-kabupaten-kota.csv"


def test_it_limits_the_workbook_to_what_a_named_user_may_see(
    balangan_world, hst_admin, kalsel_coordinator, tmp_path
):
    target = str(tmp_path / "x.xlsx")

    with pytest.raises(CommandError, match="Kabupaten/kota 63.11 tidak ada atau tidak boleh"):
        run("--district", "63.11", "--year", str(YEAR), "-o", target, "--user", "hst")
    with pytest.raises(CommandError, match="Provinsi 63 tidak tersedia."):
        run("--province", "63", "--year", str(YEAR), "-o", target, "--user", "hst")
    with pytest.raises(CommandError, match="tidak boleh mengunduh lembar kerja nasional"):
        run("--national", "--year", str(YEAR), "-o", target, "--user", "kalsel")
    run("--province", "63", "--year", str(YEAR), "-o", target, "--user", "kalsel")
    assert load_workbook(target)["Keterangan"]["B2"].value == "Kalimantan Selatan"


def test_it_refuses_an_unknown_district_user_or_year(regions, tmp_path):
    target = str(tmp_path / "x.xlsx")

    with pytest.raises(CommandError, match="Kabupaten/kota 99.99 tidak ada"):
        run("--district", "99.99", "--year", "2025", "-o", target)
    with pytest.raises(CommandError, match="Pengguna siapa tidak ada."):
        run("--national", "--year", "2025", "-o", target, "--user", "siapa")
    with pytest.raises(CommandError, match="Tahun 1900 di luar 2006-2100."):
        run("--national", "--year", "1900", "-o", target)
