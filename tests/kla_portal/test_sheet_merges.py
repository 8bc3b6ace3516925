"""Merged cells and "no phone" marks, as officers' sheets have them (the shared reader)."""

import io

import pytest
from openpyxl import Workbook

from kla_portal import spreadsheets
from kla_portal.spreadsheets import SheetError, parse_phone, read_table

ALIASES = {"name": ["Nama"], "place": ["Instansi"], "phone": ["No HP"]}


def sheet(rows, merges=()):
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "daftar.xlsx"
    return buffer


def read(upload):
    table = read_table(upload, ALIASES, {"name"})
    return [[row.values[f] for f in ("name", "place", "phone")] for row in table.rows]


def test_a_merged_cell_carries_its_value_to_every_row_it_covers():
    upload = sheet(
        [
            ["Daftar peserta", None, None],
            ["Nama", "Instansi", "No HP"],
            ["Ani", "SDN Paringin 1", "0812345678"],
            ["Budi", None, None],
            ["Citra", None, "-"],
            ["Dedi", "Puskesmas Juai", None],
            ["Eka", None, None],
        ],
        merges=["A1:C1", "B3:B5", "B6:B7"],
    )

    assert read(upload) == [
        ["Ani", "SDN Paringin 1", "0812345678"],
        ["Budi", "SDN Paringin 1", None],
        ["Citra", "SDN Paringin 1", "-"],
        ["Dedi", "Puskesmas Juai", None],
        ["Eka", "Puskesmas Juai", None],
    ]


def test_a_merge_across_columns_does_not_fill_the_next_column():
    upload = sheet(
        [["Nama", "Instansi", "No HP"], ["Ani", "SDN Paringin 1", None]], merges=["B2:C2"]
    )

    assert read(upload) == [["Ani", "SDN Paringin 1", None]]


def test_a_sheet_of_more_merges_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_MERGED_RANGES", 3)
    rows = [["Nama", "Instansi"]] + [[f"P{i}", "X"] for i in range(8)]
    upload = sheet(rows, merges=[f"B{r}:B{r + 1}" for r in range(2, len(rows), 2)])

    with pytest.raises(SheetError, match="terlalu banyak sel gabungan"):
        read_table(upload, ALIASES, {"name"})


@pytest.mark.parametrize("raw", ["-", "--", " - ", "—", "–", "...", "tidak ada", "Tidak  Ada", "-"])
def test_a_dash_or_none_written_out_means_no_phone(raw):
    assert parse_phone(raw) == ""


@pytest.mark.parametrize("raw", ["0812-", "-0812", "ada"])
def test_a_dash_next_to_digits_or_a_word_is_still_read_as_a_number(raw):
    with pytest.raises(ValueError):
        parse_phone(raw)


def test_a_header_cell_merged_down_is_not_a_value_of_the_rows_below():
    upload = sheet(
        [["Nama", "Instansi", "No HP"], ["Ani", None, None], ["Budi", "SDN Paringin 1", None]],
        merges=["B1:B2"],
    )

    assert read(upload) == [["Ani", None, None], ["Budi", "SDN Paringin 1", None]]
