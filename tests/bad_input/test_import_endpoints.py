"""Every import endpoint fed every bad file: a clear Indonesian message, never a 500, no write.

The three imports (institutions, participants, action items) each get the same
list of files, shaped to their own columns. A file is either refused with the
shared reader's message, or previewed row by row; in both cases nothing is
written (every table, history included, keeps its row count).
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from kla_portal import spreadsheets
from kla_portal.spreadsheets import (
    BROKEN_XLSX,
    DATE_UNREADABLE,
    MAX_BYTES,
    MAX_COLUMNS,
    NO_DATA_ROWS,
    NO_HEADER,
    NOT_A_SHEET,
    NOT_UTF8,
    OLD_XLS,
    PHONE_UNREADABLE,
    TOO_BIG,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
)
from stakeholders import imports as institution_import
from tests.bad_input import samples
from trainings import participant_import
from trainings.plans import imports as action_import

FILE_EMPTY = forms.FileField.default_error_messages["empty"]
FUTURE_BIRTH_DATE = "tanggal lahir '%(value)s' di masa depan"  # inline in participant_import


# The three imports, each with a header it recognises and a valid row per number.


def institution_row(i):
    return [f"SD Contoh {i}", "Sekolah", "Paringin", "Jl. A. Yani", None, "Siti", None]


def action_row(i):
    return [i, f"Sosialisasi KHA ke-{i}", "Rahmat", "Rp 1.000.000", None, "30/09/2026"]


def participant_row(i):
    return [f"Peserta Nomor {i}", "LP"[i % 2], "Dinas PPPA Balangan", f"0812{i:08d}", None]


@dataclass(frozen=True)
class Endpoint:
    name: str
    header: tuple
    row: Any
    required: str  # the required columns as NO_HEADER names them
    name_column: int
    missing_name: Any
    optional_column: int  # a column a row may leave blank
    phone_column: int | None
    date_column: int | None

    def rows(self, count=2, **replace):
        """Header and ``count`` valid rows; ``replace`` maps a column index to a value per row."""
        body = []
        for i in range(1, count + 1):
            row = list(self.row(i))
            for column, values in replace.items():
                row[int(column.removeprefix("c"))] = values[i - 1]
            body.append(row)
        return [list(self.header), *body]

    def column_letter(self, index):
        return "ABCDEFGHIJ"[index]

    def post(self, client, request, name, content):
        upload = SimpleUploadedFile(name, content)
        if self.name == "institutions":
            request.getfixturevalue("sectors")
            url = reverse("stakeholders:institution_import", args=["63.11"])
            return client.post(url, {"file": upload})
        if self.name == "action_items":
            plan = request.getfixturevalue("plan")
            url = reverse("plans:import_items", args=["63.11"])
            return client.post(url, {"plan": plan.pk, "file": upload})
        training = request.getfixturevalue("training")
        url = reverse("trainings:import", args=[training.pk])
        return client.post(url, {"file": upload}, follow=True)


INSTITUTIONS = Endpoint(
    name="institutions",
    header=("Nama Lembaga", "Sektor", "Kecamatan", "Alamat", "Nomor Induk", "Narahubung", "No HP"),
    row=institution_row,
    required="Nama Lembaga, Sektor",
    name_column=0,
    missing_name=institution_import.MISSING_NAME,
    optional_column=3,
    phone_column=6,
    date_column=None,
)
ACTION_ITEMS = Endpoint(
    name="action_items",
    header=("No", "Kegiatan", "Penanggung jawab", "Anggaran", "Indikator KLA", "Waktu/Tenggat"),
    row=action_row,
    required="Kegiatan, Waktu/Tenggat",
    name_column=1,
    missing_name=action_import.MISSING_ACTIVITY,
    optional_column=4,
    phone_column=None,
    date_column=5,
)
PARTICIPANTS = Endpoint(
    name="participants",
    header=("Nama", "L/P", "Instansi", "No HP", "Tgl Lahir"),
    row=participant_row,
    required="Nama",
    name_column=0,
    missing_name=participant_import.NAME_MISSING,
    optional_column=4,
    phone_column=3,
    date_column=4,
)
ENDPOINTS = [INSTITUTIONS, ACTION_ITEMS, PARTICIPANTS]


# What a file must lead to.


@dataclass
class Refused:
    message: str


@dataclass
class Preview:
    check: Any  # check(report, endpoint)


def all_rejected_with(message):
    def check(report, ep):
        assert report.rows
        for row in report.rows:
            assert row.action == "reject"
            assert str(message) in row.errors

    return check


def created(count):
    def check(report, ep):
        assert (report.created_count, report.rejected_count) == (count, 0), report.lines()

    return check


def labels_start_with(*texts):
    def check(report, ep):
        assert [r.action for r in report.rows] == ["create"] * len(texts), report.lines()
        for row, text in zip(report.rows, texts, strict=True):
            assert row.label.startswith(text)

    return check


# The bad files, each shaped for an endpoint: (file name, bytes, expectation).


def needs(column):
    """Only for the imports that have this column (institutions have no date)."""

    def mark(build):
        build.needs = column
        return build

    return mark


def name_column_replaced(ep, values):
    return ep.rows(len(values), **{f"c{ep.name_column}": values})


def formulas_without_cached_values(ep):
    rows = name_column_replaced(ep, ['=HYPERLINK("http://contoh.invalid","Siti")', "=1+1"])
    return "daftar.xlsx", samples.xlsx(rows), Preview(all_rejected_with(ep.missing_name))


def formulas_with_cached_values(ep):
    rows = name_column_replaced(ep, ['=HYPERLINK("http://contoh.invalid","Siti")', "=1+1"])
    letter = ep.column_letter(ep.name_column)
    data = samples.with_cached_values(
        samples.xlsx(rows), {f"{letter}2": "Siti Rahmah", f"{letter}3": "Budi Santoso"}
    )
    return "daftar.xlsx", data, Preview(labels_start_with("Siti Rahmah", "Budi Santoso"))


def merged_cells(ep):
    """A merged title, the name merged down three rows, a header cell merged into row 3.

    A merged cell's value belongs to every row it covers (issue 17): rows 4 and 5 carry
    row 3's name, so they are row 3 again; the header merged into row 3 is no value."""
    last = ep.column_letter(len(ep.header) - 1)
    name = ep.column_letter(ep.name_column)
    optional = ep.column_letter(ep.optional_column)
    rows = [["DAFTAR"], *ep.rows(3)]
    merges = [f"A1:{last}1", f"{name}3:{name}5", f"{optional}2:{optional}3"]

    def check(report, ep):
        assert [(r.number, r.action) for r in report.rows] == [
            (3, "create"),
            (4, "reject"),
            (5, "reject"),
        ], report.lines()
        for row in report.rows[1:]:
            assert len(row.errors) == 1 and "baris 3" in row.errors[0], row.errors

    return "daftar.xlsx", samples.xlsx(rows, merges=merges), Preview(check)


def two_thousand_rows(ep):
    data = samples.cached_big_xlsx(ep.name, ep.header, ep.row, 2_000)
    return "daftar.xlsx", data, Preview(created(2_000))


def too_many_columns(ep):
    extra = [f"Kolom {n}" for n in range(MAX_COLUMNS + 10)]
    rows = [[*r, *extra] for r in ep.rows(2)]
    return "daftar.xlsx", samples.xlsx(rows), Refused(TOO_MANY_COLUMNS % {"max": MAX_COLUMNS})


def over_max_bytes(ep):
    data = b"PK\x03\x04" + b"\x00" * MAX_BYTES
    return "daftar.xlsx", data, Refused(TOO_BIG % {"mb": MAX_BYTES // (1024 * 1024)})


def csv_in(encoding):
    def build(ep):
        rows = name_column_replaced(ep, ["Sítí Ñurhayati", "Zoë Ángela"])
        return "daftar.csv", samples.csv_bytes(rows, encoding=encoding), Refused(NOT_UTF8)

    build.__name__ = f"csv_in_{encoding.replace('-', '_')}"
    return build


def csv_with_a_bom(ep):
    return "daftar.csv", samples.csv_bytes(ep.rows(2), encoding="utf-8-sig"), Preview(created(2))


def csv_with_nul_bytes(ep):
    data = samples.csv_bytes(ep.rows(2)).replace(b"\r\n", b"\x00\r\n", 1)
    return "daftar.csv", data, Refused(NOT_A_SHEET)


def csv_with_mixed_delimiters(ep):
    header, first, second = ep.rows(2)
    lines = [
        ";".join(header),
        ",".join("" if v is None else str(v) for v in first),
        "\t".join("" if v is None else str(v) for v in second),
    ]
    data = ("\r\n".join(lines) + "\r\n").encode()
    return "daftar.csv", data, Refused(NO_HEADER % {"columns": ep.required})


def old_xls(ep):
    return "daftar.xls", samples.OLE, Refused(OLD_XLS)


def truncated_xlsx(ep):
    data = samples.xlsx(ep.rows(5))
    return "daftar.xlsx", data[: len(data) // 2], Refused(BROKEN_XLSX)


def data_on_the_second_sheet_only(ep):
    data = samples.xlsx([], second_sheet=ep.rows(2))
    return "daftar.xlsx", data, Refused(NO_HEADER % {"columns": ep.required})


def data_without_a_header(ep):
    return (
        "daftar.xlsx",
        samples.xlsx(ep.rows(3)[1:]),
        Refused(NO_HEADER % {"columns": ep.required}),
    )


@needs("date_column")
def dates_as_excel_serial_numbers(ep):
    rows = ep.rows(2, **{f"c{ep.date_column}": [45930, 45930.5]})
    if ep is ACTION_ITEMS:
        messages = [action_import.BAD_DUE_DATE % {"value": v} for v in (45930, 45930.5)]
    else:
        messages = [DATE_UNREADABLE % {"value": v} for v in ("45930", "45930.5")]

    def check(report, ep):
        assert [r.errors for r in report.rows] == [[str(m)] for m in messages], report.lines()

    return "daftar.xlsx", samples.xlsx(rows), Preview(check)


@needs("date_column")
def text_dates_in_1800_and_3000(ep):
    rows = ep.rows(2, **{f"c{ep.date_column}": ["01/01/1800", "31/12/3000"]})

    def check(report, ep):
        actions = [r.action for r in report.rows]
        if ep is ACTION_ITEMS:  # a due date is not checked against the calendar
            assert actions == ["create", "create"], report.lines()
        else:  # a birth date in 1800 passes; one in 3000 is in the future
            assert actions == ["create", "reject"], report.lines()
            assert report.rows[1].errors == [FUTURE_BIRTH_DATE % {"value": "31/12/3000"}]

    return "daftar.xlsx", samples.xlsx(rows), Preview(check)


@needs("phone_column")
def phone_as_a_float_in_a_cell(ep):
    rows = ep.rows(2, **{f"c{ep.phone_column}": [8.12345678e10, 8.1234567891e10]})
    return "daftar.xlsx", samples.xlsx(rows), Preview(created(2))


@needs("phone_column")
def phone_in_scientific_notation_as_text(ep):
    rows = ep.rows(1, **{f"c{ep.phone_column}": ["8.12345678e10"]})
    message = PHONE_UNREADABLE % {"value": "8.12345678e10"}
    return "daftar.csv", samples.csv_bytes(rows), Preview(all_rejected_with(message))


def ten_thousand_characters_in_every_column(ep):
    rows = ep.rows(2, **{f"c{c}": [samples.LONG, samples.LONG] for c in range(len(ep.header))})

    def check(report, ep):
        assert [r.action for r in report.rows] == ["reject", "reject"], report.lines()

    return "daftar.xlsx", samples.xlsx(rows), Preview(check)


def unicode_text(ep):
    names = [
        f"Masjid الهدى {samples.UNICODE_NAME}",
        "Masjid النور\u200b",
        "Ｓｉｔｉ 👩‍👧 \u202eRahmah",
    ]
    rows = name_column_replaced(ep, names)
    return "daftar.xlsx", samples.xlsx(rows), Preview(labels_start_with(*names))


def names_that_differ_only_in_arabic_letters(ep):
    """Two mosques: not one row and its duplicate (nor, on re-import, one another's update)."""
    names = ["Masjid الهدى", "Masjid النور"]
    rows = name_column_replaced(ep, names)
    return "daftar.xlsx", samples.xlsx(rows), Preview(labels_start_with(*names))


def formula_like_text(ep):
    names = samples.FORMULA_LIKE
    rows = name_column_replaced(ep, names)
    return "daftar.csv", samples.csv_bytes(rows), Preview(labels_start_with(*names))


def formula_like_text_in_xlsx_cells(ep):
    names = samples.FORMULA_LIKE
    rows = name_column_replaced(ep, names)
    letter = ep.column_letter(ep.name_column)
    cells = [f"{letter}{n}" for n in range(2, 2 + len(names))]
    data = samples.xlsx(rows, text_cells=cells)
    return "daftar.xlsx", data, Preview(labels_start_with(*names))


CASES = [
    lambda ep: ("daftar.xlsx", samples.PNG, Refused(NOT_A_SHEET)),
    lambda ep: ("daftar.pdf", samples.PDF, Refused(NOT_A_SHEET)),
    lambda ep: ("daftar.xlsx", samples.EXE, Refused(NOT_A_SHEET)),
    lambda ep: ("daftar.xlsx", samples.plain_zip(), Refused(BROKEN_XLSX)),
    lambda ep: ("daftar.xlsx", b"", Refused(FILE_EMPTY)),
    lambda ep: ("daftar.xlsx", samples.xlsx([]), Refused(NO_HEADER % {"columns": ep.required})),
    lambda ep: ("daftar.xlsx", samples.xlsx(ep.rows(0)), Refused(NO_DATA_ROWS)),
    formulas_without_cached_values,
    formulas_with_cached_values,
    merged_cells,
    two_thousand_rows,
    too_many_columns,
    over_max_bytes,
    csv_in("utf-16"),
    csv_in("cp1252"),
    csv_with_a_bom,
    csv_with_nul_bytes,
    csv_with_mixed_delimiters,
    old_xls,
    truncated_xlsx,
    data_on_the_second_sheet_only,
    data_without_a_header,
    dates_as_excel_serial_numbers,
    text_dates_in_1800_and_3000,
    phone_as_a_float_in_a_cell,
    phone_in_scientific_notation_as_text,
    ten_thousand_characters_in_every_column,
    unicode_text,
    names_that_differ_only_in_arabic_letters,
    formula_like_text,
    formula_like_text_in_xlsx_cells,
]
CASE_NAMES = [
    "png_named_xlsx",
    "pdf",
    "exe_named_xlsx",
    "zip_that_is_not_xlsx",
    "empty_file",
    "empty_workbook",
    "header_only",
    *[c.__name__ for c in CASES[7:]],
]


def _params():
    for ep in ENDPOINTS:
        for name, build in zip(CASE_NAMES, CASES, strict=True):
            if getattr(ep, getattr(build, "needs", "name")) is None:
                continue
            yield pytest.param(ep, build, id=f"{ep.name}-{name}")


@pytest.mark.parametrize(("endpoint", "build"), _params())
def test_a_bad_file_gets_a_clear_message_and_writes_nothing(
    endpoint, build, request, admin, snapshot
):
    name, content, expected = build(endpoint)
    for fixture in ("sectors", "plan", "training"):
        request.getfixturevalue(fixture)
    before = snapshot()

    response = endpoint.post(admin, request, name, content)

    assert response.status_code == 200
    html = response.content.decode()
    before.assert_unchanged()
    if isinstance(expected, Refused):
        assert escape(str(expected.message)) in html
        assert response.context.get("report") is None
    else:
        report = response.context["report"]
        expected.check(report, endpoint)
        for row in report.rejected:
            for error in row.errors:
                assert escape(str(error))[:200] in html


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[ep.name for ep in ENDPOINTS])
def test_a_file_over_the_row_limit_is_refused_and_writes_nothing(
    endpoint, request, admin, snapshot, monkeypatch
):
    """With the limit lowered to 300 rows: the 20,001-row file took six seconds per import
    to read, and the limit is the same code whatever its value."""
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 300)
    for fixture in ("sectors", "plan", "training"):
        request.getfixturevalue(fixture)
    before = snapshot()

    response = endpoint.post(admin, request, "daftar.xlsx", samples.xlsx(endpoint.rows(301)))

    assert response.status_code == 200
    before.assert_unchanged()
    assert escape(str(TOO_MANY_ROWS % {"max": "300"})) in response.content.decode()
    assert response.context.get("report") is None


def test_a_participant_name_longer_than_its_column_is_rejected_in_the_preview(
    admin, request, training
):
    rows = name_column_replaced(PARTICIPANTS, [samples.LONG])
    response = PARTICIPANTS.post(admin, request, "daftar.xlsx", samples.xlsx(rows))
    assert [r.action for r in response.context["report"].rows] == ["reject"]
