"""The shared reader every import goes through: headers found, limits kept, nothing guessed."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kla_portal.spreadsheets import (
    SheetError,
    normalize_header,
    parse_date,
    parse_decimal,
    parse_phone,
    read_table,
)

ALIASES = {"name": ["Nama", "Nama Lengkap"], "phone": ["No HP", "No. WA"], "sub": ["Kecamatan"]}


def xlsx(rows, name="daftar.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_it_finds_the_header_below_title_rows_and_skips_blank_rows():
    upload = xlsx(
        [
            ["DAFTAR PESERTA PELATIHAN KHA"],
            [],
            ["No", "NAMA LENGKAP ", "no. wa", "Keterangan"],
            [1, "  Siti Aminah ", "0812 3456 7890", None],
            [None, None, None, None],
            [2, "Ahmad", 81234567891, "x"],
        ]
    )

    table = read_table(upload, ALIASES, {"name"})

    assert table.columns == {"name": "NAMA LENGKAP", "phone": "no. wa"}
    assert table.ignored_headers == ["No", "Keterangan"]
    assert [(r.number, r.values["name"]) for r in table.rows] == [(4, "Siti Aminah"), (6, "Ahmad")]


def test_it_reads_utf8_csv_with_semicolons():
    upload = SimpleUploadedFile("x.csv", b"Nama;Kecamatan\nSiti;Paringin\n")
    table = read_table(upload, ALIASES, {"name"})
    assert table.rows[0].values == {"name": "Siti", "sub": "Paringin"}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.xlsx", "Berkas kosong."),
        (b"MZ\x90\x00binary", "a.xlsx", "Berkas ini bukan berkas Excel (.xlsx) atau CSV."),
        (b"PK\x03\x04broken zip", "a.xlsx", "Berkas Excel rusak atau tidak bisa dibaca."),
        ("Nama\nSíti\n".encode("cp1252"), "a.csv", "Berkas CSV harus berenkode UTF-8."),
        (b"Alamat\nJalan\n", "a.csv", "Baris judul kolom tidak ditemukan. Kolom wajib: Nama."),
        (b"Nama\n\n", "a.csv", "Berkas tidak berisi baris data di bawah judul kolom."),
    ],
)
def test_it_explains_what_is_wrong_with_a_bad_file(content, name, message):
    with pytest.raises(SheetError) as error:
        read_table(SimpleUploadedFile(name, content), ALIASES, {"name"})
    assert str(error.value).startswith(message)


def test_it_refuses_more_rows_than_the_limit():
    upload = xlsx([["Nama"], *[[f"Orang {i}"] for i in range(11)]])
    with pytest.raises(SheetError, match="lebih dari 10 baris"):
        read_table(upload, ALIASES, {"name"}, max_rows=10)


def test_it_refuses_a_file_over_the_size_limit():
    upload = SimpleUploadedFile("a.csv", b"Nama\n" + b"x\n" * 600)
    with pytest.raises(SheetError, match="terlalu besar"):
        read_table(upload, ALIASES, {"name"}, max_bytes=1024 * 1024 // 1024)


def test_headers_match_whatever_the_case_and_punctuation():
    assert normalize_header(" No. HP/WA ") == normalize_header("no hp wa") == "nohpwa"


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        (81234567890, "+6281234567890"),
        (81234567890.0, "+6281234567890"),
        (None, ""),
    ],
)
def test_phone_numbers_are_normalised_to_plus_62(raw, phone):
    assert parse_phone(raw) == phone


@pytest.mark.parametrize("raw", ["+1 202 555 0100", "0812", "08abc", "+62 812 3456 7890 1234"])
def test_unreadable_phone_numbers_are_rejected_not_guessed(raw):
    with pytest.raises(ValueError):
        parse_phone(raw)


def test_dates_are_read_day_first():
    assert parse_date("20/08/2025") == date(2025, 8, 20)
    assert parse_date("20-08-2025") == date(2025, 8, 20)
    assert parse_date("2025-08-20") == date(2025, 8, 20)
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_date("Agustus 2025")


def test_decimals_accept_a_comma_and_enforce_the_range():
    assert str(parse_decimal("72,5", low=0, high=100)) == "72.5"
    with pytest.raises(ValueError):
        parse_decimal("101", low=0, high=100)
    with pytest.raises(ValueError):
        parse_decimal("tujuh puluh")
