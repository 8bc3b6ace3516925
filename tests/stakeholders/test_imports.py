from io import StringIO

import pytest
from django.core.management import call_command

from kla_portal.spreadsheets import SheetError
from stakeholders.imports import (
    DUPLICATE_ROW,
    MISSING_NAME,
    UNKNOWN_SECTOR,
    UNKNOWN_SUBDISTRICT,
    apply_import,
    preview_import,
    template_workbook,
)
from stakeholders.models import Institution
from tests.stakeholders.conftest import make_sheet

KECAMATAN = [
    "Paringin",
    "paringin selatan",
    "JUAI",
    "Halong",
    "Awayan",
    "Batumandi",
    "Lampihong",
    "Tebing  Tinggi",
]
SECTOR_SPELLINGS = [
    "SD",
    "SMP",
    "Sekolah",
    "Madrasah",
    "Puskesmas",
    "Masjid",
    "Pondok Pesantren",
    "Panti Asuhan",
    "Perusahaan",
    "Media Massa",
    "forum anak",
    "PUSPAGA",
    "lksa",
    "dunia_usaha",
]


def good_row(i):
    npsn = f"3030{i:04d}" if i % 2 == 0 else None
    return [
        f"Lembaga Contoh {i}",
        SECTOR_SPELLINGS[i % len(SECTOR_SPELLINGS)],
        KECAMATAN[i % len(KECAMATAN)],
        f"Jl. Contoh No. {i}",
        npsn,
        f"Narahubung {i}",
        f"0812{i:07d}",
    ]


def five_hundred_rows_with_twenty_bad():
    """480 good rows and 20 bad ones at known places, with the reason each should get."""
    rows, expected = [], {}
    for i in range(500):
        excel_row = i + 2  # the header is row 1
        if i % 25 == 7:  # 20 bad rows, reasons in turn
            kind = len(expected) % 4
            if kind == 0:
                rows.append([None, "Sekolah", "Paringin", None, None, None, None])
                expected[excel_row] = [str(MISSING_NAME)]
            elif kind == 1:
                rows.append([f"Lembaga Salah {i}", "Sekolah", "Kota Antah", None, None, None, None])
                expected[excel_row] = [
                    UNKNOWN_SUBDISTRICT % {"value": "Kota Antah", "district": "Kabupaten Balangan"}
                ]
            elif kind == 2:
                rows.append([f"Lembaga Salah {i}", "Koperasi", "Juai", None, None, None, None])
                expected[excel_row] = [UNKNOWN_SECTOR % {"value": "Koperasi"}]
            else:
                original = rows[i - 3]
                rows.append(list(original))
                expected[excel_row] = [DUPLICATE_ROW % {"row": excel_row - 3}]
        else:
            rows.append(good_row(i))
    return rows, expected


def test_a_500_row_sheet_with_20_bad_rows_lists_exactly_those_rows_and_imports_the_rest(
    balangan, balangan_admin, sectors
):
    rows, expected = five_hundred_rows_with_twenty_bad()
    assert len(rows) == 500 and len(expected) == 20

    report = preview_import(make_sheet(rows), district=balangan).report

    assert {r.number: r.errors for r in report.rejected} == expected
    assert report.created_count == 480
    assert Institution.objects.count() == 0  # the preview writes nothing

    refused, written = apply_import(
        make_sheet(rows), district=balangan, user=balangan_admin, only_valid=False
    )
    assert (written, refused.rejected_count, Institution.objects.count()) == (False, 20, 0)

    report, written = apply_import(
        make_sheet(rows), district=balangan, user=balangan_admin, only_valid=True
    )
    assert written and report.created_count == 480
    assert Institution.objects.filter(district=balangan).count() == 480
    first = Institution.objects.get(name="Lembaga Contoh 0")
    assert first.history.get().history_user == balangan_admin
    assert (first.sector_id, first.subdistrict.name, first.official_id, first.contact_phone) == (
        "sekolah",
        "Paringin",
        "30300000",
        "+628120000000",
    )

    again, _ = apply_import(
        make_sheet(rows), district=balangan, user=balangan_admin, only_valid=True
    )
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 480)
    assert Institution.objects.count() == 480


def test_sectors_and_kecamatan_are_matched_by_the_spellings_officers_use(balangan, sectors):
    rows = [
        ["SDN 2 Paringin", "SD", "paringin", None, None, None, None],
        ["MTsN Balangan", "Madrasah", "Paringin Selatan", None, None, None, None],
        ["Panti Asuhan Al-Ikhlas", "Panti Asuhan", "Kec. Batu Mandi", None, None, None, None],
        ["PT Adaro Indonesia", "Perusahaan", "Tebing Tinggi", None, None, None, None],
        ["Radio Balangan", "media", None, None, None, None, None],
        ["Forum Anak Balangan", "Forum_Anak", None, None, None, None, None],
    ]
    report = preview_import(make_sheet(rows), district=balangan).report
    assert report.created_count == 6, report.lines()


def test_headers_are_matched_whatever_their_spelling(balangan, sectors, balangan_admin):
    sheet = make_sheet(
        [["Puskesmas Paringin", "puskesmas", "Paringin", "P6311010", "dr. Lina", "0812 5000 111"]],
        headers=["NAMA INSTANSI", "jenis", "Kecamatan:", "Nomor Induk", "Kontak", "No. HP"],
    )
    apply_import(sheet, district=balangan, user=balangan_admin, only_valid=False)
    puskesmas = Institution.objects.get()
    assert (puskesmas.official_id, puskesmas.contact_person, puskesmas.contact_phone) == (
        "P6311010",
        "dr. Lina",
        "+628125000111",
    )


def test_a_row_matches_an_existing_institution_by_identifier_then_by_name(
    balangan, balangan_admin, school
):
    rows = [
        ["SDN 1 Paringin (nama baru)", "Sekolah", "Paringin", "Jl. Baru", "30300001", None, None],
        ["Masjid Agung Balangan", "Masjid", "Paringin", None, None, None, None],
    ]
    report, _ = apply_import(
        make_sheet(rows), district=balangan, user=balangan_admin, only_valid=False
    )
    assert [r.action for r in report.rows] == ["update", "create"]
    school.refresh_from_db()
    assert (school.name, school.address) == ("SDN 1 Paringin (nama baru)", "Jl. Baru")

    rows[1][3] = "Jl. Masjid"
    report, _ = apply_import(
        make_sheet(rows), district=balangan, user=balangan_admin, only_valid=False
    )
    assert [r.action for r in report.rows] == ["unchanged", "update"]
    assert Institution.objects.count() == 2


def test_institutions_of_another_district_are_never_matched(balangan, hst_school, balangan_admin):
    rows = [["SD Negeri 1 Barabai", "Sekolah", None, None, None, None, None]]
    report, _ = apply_import(
        make_sheet(rows), district=balangan, user=balangan_admin, only_valid=False
    )
    assert report.created_count == 1
    assert Institution.objects.filter(name="SD Negeri 1 Barabai").count() == 2


def test_a_sheet_without_the_name_column_is_refused(balangan, sectors):
    with pytest.raises(SheetError, match="Baris judul kolom tidak ditemukan"):
        preview_import(make_sheet([["x", "y"]], headers=["Sekolah", "Sektor"]), district=balangan)


def test_the_template_has_the_expected_headers_and_imports_as_is(balangan, sectors):
    import io

    data = io.BytesIO(template_workbook(balangan))
    data.name = "templat.xlsx"
    report = preview_import(data, district=balangan).report
    assert (report.created_count, report.rejected_count) == (1, 0)


def test_the_command_is_a_dry_run_unless_told_to_commit(balangan, sectors, tmp_path):
    rows, expected = five_hundred_rows_with_twenty_bad()
    path = tmp_path / "lembaga.xlsx"
    path.write_bytes(make_sheet(rows).getvalue())

    out = StringIO()
    call_command("import_institutions", str(path), "--district", "63.11", stdout=out)
    text = out.getvalue()
    assert text.startswith("480 dibuat, 0 diperbarui, 0 tidak berubah, 20 ditolak")
    assert "baris 9: ditolak: nama lembaga kosong" in text
    assert Institution.objects.count() == 0

    call_command(
        "import_institutions", str(path), "--district", "63.11", "--commit", stdout=StringIO()
    )
    assert Institution.objects.count() == 480
    out = StringIO()
    call_command("import_institutions", str(path), "--district", "63.11", "--commit", stdout=out)
    assert out.getvalue().startswith("0 dibuat, 0 diperbarui, 480 tidak berubah, 20 ditolak")
    assert Institution.objects.count() == 480
