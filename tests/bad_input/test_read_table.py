"""Properties of the shared reader: any bytes give a ``SheetError`` or a well-formed table.

Random bytes, random bytes behind an .xlsx or .xls signature, valid workbooks
with bytes or XML damaged, and small tables of arbitrary cells written as .xlsx
and as .csv: never any other exception.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kla_portal.spreadsheets import MAX_COLUMNS, SheetError, Table, read_table
from tests.bad_input import samples
from tests.bad_input.strategies import (
    FILE_EXAMPLES,
    any_text,
    cell_text,
    xlsx_cell_values,
)

# A damaged workbook makes openpyxl warn as it reads; the warning is expected here.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
FILES = settings(max_examples=FILE_EXAMPLES, deadline=None)
ALIASES = {"name": ["Nama", "Nama Lengkap"], "phone": ["No HP"], "date": ["Tanggal"]}
REQUIRED = {"name"}
HEADER = ["No", "Nama", "No HP", "Tanggal"]
NAMES = st.sampled_from(["daftar.xlsx", "daftar.csv", "daftar.xls", "daftar", "DAFTAR.CSV"])
VALID = samples.xlsx([HEADER, [1, "Siti", "0812345678", "01/02/2025"], [2, "Budi", None, None]])


def read(content: bytes, name: str):
    """A valid Table, or the SheetError; any other exception fails the test."""
    try:
        table = read_table(SimpleUploadedFile(name, content), ALIASES, REQUIRED)
    except SheetError as error:
        assert str(error)
        return error
    assert isinstance(table, Table)
    assert REQUIRED <= set(table.columns) <= set(ALIASES)
    assert table.rows
    numbers = [row.number for row in table.rows]
    assert numbers == sorted(set(numbers))
    for row in table.rows:
        assert set(row.values) == set(table.columns)
        assert all(
            v is None or not isinstance(v, str) or v == v.strip() for v in row.values.values()
        )
    return table


@FILES
@given(st.binary(max_size=2048), NAMES)
@example(b"", "daftar.xlsx")
@example(b"\xef\xbb\xbf", "daftar.csv")
@example(b"Nama\r\n\x00", "daftar.csv")
def test_any_bytes_give_a_table_or_a_sheet_error(content, name):
    read(content, name)


@FILES
@given(st.sampled_from([b"PK\x03\x04", samples.OLE[:8]]), st.binary(max_size=2048), NAMES)
def test_any_bytes_behind_a_spreadsheet_signature_give_a_sheet_error(signature, rest, name):
    assert isinstance(read(signature + rest, name), SheetError)


@FILES
@given(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=64), st.booleans())
def test_a_workbook_with_damaged_bytes_gives_a_table_or_a_sheet_error(at, patch, cut):
    content = VALID[:at] if cut else VALID[:at] + patch + VALID[at + len(patch) :]
    read(content, "daftar.xlsx")


def _rezip(member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(VALID))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, change(data) if info.filename == member else data)
    return out.getvalue()


MEMBERS = sorted(zipfile.ZipFile(io.BytesIO(VALID)).namelist())


@FILES
@given(st.sampled_from(MEMBERS), st.integers(0, 2000), st.integers(0, 40), st.binary(max_size=40))
@example("xl/worksheets/sheet1.xml", 0, 0, b'<c r="A2" t="n"><v>abc</v></c>')
@example("xl/workbook.xml", 0, 2000, b"")
@example("[Content_Types].xml", 10, 5, b"<")
def test_a_workbook_with_damaged_xml_gives_a_table_or_a_sheet_error(member, at, length, patch):
    """The XML is parsed lazily, row by row: damage there once escaped as a ParseError."""
    read(_rezip(member, lambda data: data[:at] + patch + data[at + length :]), "daftar.xlsx")


tables = st.lists(st.lists(xlsx_cell_values, min_size=0, max_size=6), min_size=0, max_size=8)


@FILES
@given(st.booleans(), st.integers(0, 3), tables)
def test_a_small_xlsx_of_any_cells_gives_a_table_or_a_sheet_error(with_header, at, rows):
    if with_header:
        rows = [*rows[:at], HEADER, *rows[at:]]
    read(samples.xlsx(rows), "daftar.xlsx")


@FILES
@given(
    st.booleans(),
    st.sampled_from([",", ";", "\t", "|"]),
    st.lists(st.lists(any_text, max_size=6), max_size=8),
)
@example(True, ",", [['"unterminated'], ["a\rb"]])
def test_a_small_csv_of_any_text_gives_a_table_or_a_sheet_error(with_header, delimiter, rows):
    if with_header:
        rows = [HEADER, *rows]
    read(samples.csv_bytes(rows, delimiter=delimiter), "daftar.csv")


@FILES
@given(st.lists(cell_text, min_size=1, max_size=5), st.integers(MAX_COLUMNS - 2, MAX_COLUMNS + 3))
def test_a_wide_row_is_read_up_to_the_column_limit_and_refused_beyond(texts, width):
    row = [f"Kolom {i}" for i in range(width)]
    row[0] = "Nama"
    data = [row, ["Siti", *texts]]
    result = read(samples.csv_bytes(data), "daftar.csv")
    assert isinstance(result, SheetError) == (width > MAX_COLUMNS)
