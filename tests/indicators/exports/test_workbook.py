"""The generic writer: layout, formats, sheet names, formula guard and CSV."""

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from indicators.workbook import (
    DATE_FORMAT,
    LANDSCAPE_BUDGET,
    LINE_HEIGHT,
    PERCENT_FORMAT,
    Bold,
    Column,
    Formatted,
    Link,
    Sheet,
    csv_bytes,
    csv_zip_bytes,
    safe_title,
    xlsx_bytes,
)

INJECTIONS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example","klik")',
]


def people_sheet(rows=None):
    return Sheet(
        "Peserta",
        [
            "Nama",
            Column("Nilai"),
            "Tanggal",
            Column("Capaian", number_format=PERCENT_FORMAT),
            "Tautan",
        ],
        rows
        if rows is not None
        else [
            ["Siti Aminah", Decimal("812.50"), date(2025, 3, 4), 0.25, Link("buka", "http://x/1")],
            ["Budi", 7, None, 1, None],
        ],
    )


def read(data):
    return load_workbook(io.BytesIO(data))


def test_it_writes_a_bold_frozen_filtered_header_and_typed_cells():
    sheet = read(xlsx_bytes([people_sheet()]))["Peserta"]

    assert [c.value for c in sheet[1]] == ["Nama", "Nilai", "Tanggal", "Capaian", "Tautan"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet["B2"].value == 812.5
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["B3"].number_format == "#,##0"
    assert sheet["C2"].value == datetime(2025, 3, 4)
    assert sheet["C2"].number_format == DATE_FORMAT == "dd/mm/yyyy"
    assert sheet["D2"].number_format == "0.0%"
    assert sheet["E2"].value == "buka"
    assert sheet["E2"].hyperlink.target == "http://x/1"
    assert sheet["A2"].alignment.wrap_text


def test_it_prints_a4_fitted_to_the_page_width_with_the_header_row_on_every_page():
    sheet = read(xlsx_bytes([people_sheet()], page_header="Kabupaten A & B · 2025"))["Peserta"]

    assert sheet.page_setup.orientation == "portrait"  # five narrow columns
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "Kabupaten A && B · 2025"  # "&" starts a code there
    assert sheet.oddFooter.left.text == "&A"  # the sheet's name
    assert sheet.oddFooter.right.text == "Halaman &P dari &N"


def test_a_wide_sheet_prints_landscape_its_widest_columns_narrowed_to_a_readable_scale():
    """Sixteen columns of long text would print at 40 %: the fitted ones are narrowed
    (never below their header's longest word) until the sheet fits at about 65 %."""
    columns = [Column("Tetap", width=20), *[f"Kolom panjang {n}" for n in range(15)]]
    sheet = read(xlsx_bytes([Sheet("Lebar", columns, [["a", *["kata " * 20] * 15]])]))["Lebar"]

    widths = [sheet.column_dimensions[chr(ord("A") + n)].width for n in range(16)]
    assert sheet.page_setup.orientation == "landscape"
    assert widths[0] == 20  # given its own width
    assert sum(widths) == pytest.approx(LANDSCAPE_BUDGET, abs=1)
    assert min(widths[1:]) >= len("panjang") + 2
    assert sheet.row_dimensions[2].height > LINE_HEIGHT  # the narrowed text wraps


def test_it_fits_column_widths_to_the_contents_within_limits():
    long_text = "x" * 500
    sheet = read(
        xlsx_bytes(
            [
                Sheet(
                    "Lebar",
                    ["No", "Catatan", Column("Tetap", width=33)],
                    [[1, long_text, "a"], [2, "pendek", "b"]],
                )
            ]
        )
    )["Lebar"]

    assert sheet.column_dimensions["A"].width == 7  # header "No" + filter button, at least 6
    assert sheet.column_dimensions["B"].width == 60  # capped; the text wraps
    assert sheet.column_dimensions["C"].width == 33


def test_it_writes_formula_like_text_as_literal_strings():
    data = xlsx_bytes([Sheet("Catatan", ["Catatan"], [[text] for text in INJECTIONS])])

    sheet = read(data)["Catatan"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # A lone carriage return is a line break in a cell, as Excel writes it.
    expected = [text.replace("\r", "\n") for text in INJECTIONS]
    assert [c.value for c in cells] == expected
    assert {c.data_type for c in cells} == {"s"}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    frame = pd.read_excel(io.BytesIO(data), sheet_name="Catatan")
    assert frame["Catatan"].tolist() == expected


def test_it_keeps_sheet_names_within_excel_rules():
    taken = set()
    names = [
        safe_title("Klaster IV: Pendidikan, pemanfaatan waktu luang, dan kegiatan budaya", taken),
        safe_title("Klaster IV: Pendidikan, pemanfaatan waktu luang, dan kegiatan budaya", taken),
        safe_title("RTL [2025] a/b\\c*d?e", taken),
        safe_title("ringkasan", taken),
        safe_title("RINGKASAN", taken),
        safe_title("'''", taken),
    ]

    assert names == [
        "Klaster IV Pendidikan, pemanfaa",
        "Klaster IV Pendidikan, pema (2)",
        "RTL 2025 a b c d e",
        "ringkasan",
        "RINGKASAN (2)",
        "Lembar",
    ]
    assert all(len(n) <= 31 for n in names)


def test_it_writes_those_sheet_names_into_the_file():
    long = "Klaster II: Lingkungan keluarga dan pengasuhan alternatif"
    data = xlsx_bytes([Sheet(long, ["A"], [[1]]), Sheet(long, ["A"], [[2]])])

    assert read(data).sheetnames == [
        "Klaster II Lingkungan keluarga",
        "Klaster II Lingkungan kelua (2)",
    ]


def test_it_writes_aware_datetimes_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Jakarta"
    moment = datetime(2025, 7, 23, 1, 30, tzinfo=UTC)

    sheet = read(xlsx_bytes([Sheet("Waktu", ["Dibuat"], [[moment]])]))["Waktu"]

    assert sheet["A2"].value == datetime(2025, 7, 23, 8, 30)
    assert sheet["A2"].number_format == "dd/mm/yyyy hh:mm"


def test_it_streams_a_generator_of_many_rows_in_write_only_mode():
    rows = ([n, f"Baris {n}"] for n in range(5000))

    sheet = read(xlsx_bytes([Sheet("Banyak", ["No", "Teks"], rows)]))["Banyak"]

    assert sheet.max_row == 5001
    assert sheet["B5001"].value == "Baris 4999"
    assert sheet.auto_filter.ref == "A1:B5001"


def test_it_writes_csv_in_utf8_with_a_bom_and_guards_formula_like_text():
    data = csv_bytes(
        Sheet(
            "Catatan",
            ["Nama", "Tanggal", "Nilai", "Tautan"],
            [
                [
                    "Anak-anak Pekanbaru ñ",
                    date(2025, 3, 4),
                    Decimal("12.50"),
                    Link("a", "http://x"),
                ],
                ["=1+1", None, -3, "@SUM(A1)"],
            ],
        )
    )

    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == [
        "Nama,Tanggal,Nilai,Tautan",
        "Anak-anak Pekanbaru ñ,04/03/2025,12.50,http://x",
        "'=1+1,,-3,'@SUM(A1)",
    ]
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert frame["Nama"].tolist() == ["Anak-anak Pekanbaru ñ", "'=1+1"]


def test_it_zips_one_csv_per_sheet_in_order():
    data = csv_zip_bytes([people_sheet(), Sheet("Ringkasan: Balangan", ["A"], [[1]])])

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["01-peserta.csv", "02-ringkasan-balangan.csv"]
        assert archive.read("02-ringkasan-balangan.csv") == b"\xef\xbb\xbfA\r\n1\r\n"


def test_it_makes_rows_with_long_or_multi_line_text_tall_enough_to_show_it():
    label = gettext_lazy("Belum ada penilaian untuk tahun ini.")
    rows = [
        ["pendek", 1],
        ["satu\r\ndua\rtiga", 2],
        ["x" * 33, 3],
        [Link("tautan yang panjang", "http://x"), 4],
        [label, 5],
    ]
    sheet_spec = Sheet("Catatan", [Column("Catatan", width=12), "No"], rows)

    sheet = read(xlsx_bytes([sheet_spec]))["Catatan"]
    # A width of 12 holds about 11 characters a line.
    assert sheet.row_dimensions[2].height is None  # one line: the default height
    assert sheet["A3"].value == "satu\ndua\ntiga"
    assert sheet.row_dimensions[3].height == 3 * LINE_HEIGHT
    assert sheet.row_dimensions[4].height == 3 * LINE_HEIGHT
    assert sheet.row_dimensions[5].height == 2 * LINE_HEIGHT
    assert sheet.row_dimensions[6].height == -(-len(str(label)) // 11) * LINE_HEIGHT
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)


def test_it_styles_the_header_links_and_each_kind_of_number():
    columns = ["Tautan", "Tahun", "Jumlah", Column("Porsi", number_format=PERCENT_FORMAT), "Ya"]
    rows = [[Link("buka", "http://x/1"), Formatted(2025, "0"), 1234, Decimal("0.5"), True]]

    sheet = read(xlsx_bytes([Sheet("Gaya", columns, rows)]))["Gaya"]

    assert all(c.font.bold and c.fill.fgColor.rgb == "00DDEBF7" for c in sheet[1])
    link = sheet["A2"]
    assert link.hyperlink.target == "http://x/1"
    assert link.font.underline == "single"
    assert link.font.color.rgb == "000563C1"
    assert not link.font.bold
    assert sheet["B2"].number_format == "0"  # a year, not 2,025
    assert sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].number_format == "0.0%"
    assert sheet["E2"].value is True


def test_it_writes_a_bold_row_in_bold_with_its_number_formats_and_as_a_plain_row_in_csv():
    columns = ["Kode", Column("Poin"), Column("Porsi", number_format=PERCENT_FORMAT)]
    rows = [
        Bold(["1", Decimal("80.50"), 0.5]),
        ["1.1", Decimal("12.00"), 1],
        Bold(["", Decimal("164.00"), None]),
    ]
    sheet = Sheet("Subtotal", columns, rows)

    book = read(xlsx_bytes([sheet]))["Subtotal"]

    assert [[c.font.bold for c in row] for row in book.iter_rows(min_row=2)] == [
        [True, True, True],
        [False, False, False],
        [True, True, False],  # a blank gets no cell, so no style either
    ]
    assert (book["B2"].number_format, book["C2"].number_format) == ("#,##0.00", "0.0%")
    assert book["B3"].number_format == "#,##0.00"
    assert csv_bytes(sheet).decode("utf-8-sig").splitlines()[1:] == [
        "1,80.50,0.5",
        "1.1,12.00,1",
        ",164.00,",
    ]


def test_csv_cells_split_at_a_semicolon_never_start_a_formula():
    """Excel with Indonesian regional settings splits a CSV line at ";": every piece of
    a cell that would start a formula is quoted, not only the cell's start."""
    data = csv_bytes(Sheet("Lembaga", ["Nama"], [["SDN Semi;=1+1"], ["TK A; +628; @x"], ["A, -B"]]))

    lines = data.decode("utf-8-sig").splitlines()[1:]
    assert lines == ["SDN Semi;'=1+1", "TK A; '+628; '@x", '"A, \'-B"']
    for line in lines:
        for piece in line.replace('"', "").replace(",", ";").split(";"):
            assert not piece.strip().startswith(("=", "+", "-", "@"))
