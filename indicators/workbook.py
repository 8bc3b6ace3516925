"""Workbooks people can send as they are: the one place that lays out a table in Excel or CSV.

A ``Sheet`` is a title, its columns and an iterable of rows (plain Python
values). ``xlsx_bytes`` writes the sheets with a bold frozen header row,
auto-filter, column widths fitted to the contents, wrapped text, number and
``dd/mm/yyyy`` date formats and a landscape A4 fit-to-width print setup;
``csv_zip_bytes`` writes the same sheets as one UTF-8 CSV each, in a zip.

User input never becomes a formula: every text is written as a string cell,
whatever it starts with, and in CSV text that a spreadsheet would evaluate
(``=``, ``+``, ``-``, ``@``, tab, carriage return) is prefixed with ``'``.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

MAX_TITLE = 31
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"

MIN_WIDTH = 6
MAX_WIDTH = 60
LINE_HEIGHT = 15  # points per line of 11-point text
MAX_ROW_HEIGHT = 409  # Excel's limit
WIDTH_SAMPLE_ROWS = 200  # rows looked at to fit column widths (write-only needs them up front)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LINK_FONT = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """A column: its header, and optionally a fixed width (characters) and number format.

    Without a number format each value gets the one for its type: whole numbers
    ``#,##0``, decimals ``#,##0.00``, dates ``dd/mm/yyyy``; ``PERCENT_FORMAT``
    shows a fraction (0.25) as 25.0%.
    """

    header: str
    width: float | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Link:
    """A cell showing ``text`` that opens ``url``; in CSV, the URL itself."""

    text: str
    url: str


@dataclass(frozen=True)
class Formatted:
    """A value with its own number format (a year as ``0``, not ``2,025``)."""

    value: object
    number_format: str


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence] = field(default_factory=list)

    def column_specs(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (OWASP's CSV-injection list)."""
    return text.startswith(FORMULA_TRIGGERS)


def safe_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, 31 characters at most, unique ignoring case.

    ``taken`` holds the lower-cased names already used and is updated.
    """
    base = FORBIDDEN_IN_TITLE.sub(" ", str(title))
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Lembar"
    candidate, n = base[:MAX_TITLE].rstrip(), 1
    while candidate.lower() in taken or candidate.lower() == "history":
        n += 1
        suffix = f" ({n})"
        candidate = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
    taken.add(candidate.lower())
    return candidate


def _excel_value(value):
    """What openpyxl can store: aware datetimes in local time without tzinfo, str for the rest."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if value is None or isinstance(value, bool | int | float | Decimal | date | str | Link):
        return value
    return str(value)


def _default_format(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return DATETIME_FORMAT if (value.hour, value.minute) != (0, 0) else DATE_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, Decimal | float):
        return DECIMAL_FORMAT
    return None


def _text_length(value) -> int:
    if isinstance(value, Formatted):
        value = value.value
    if value is None:
        return 0
    if isinstance(value, Link):
        value = value.text
    if isinstance(value, date):
        return 16 if isinstance(value, datetime) else 10
    if isinstance(value, Decimal | float):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _widths(columns: list[Column], sample: list[Sequence]) -> list[float]:
    widths = []
    for index, column in enumerate(columns):
        if column.width:
            widths.append(column.width)
            continue
        header_words = str(column.header).split() or [""]
        longest = max(
            # The header wraps at spaces; leave room for the auto-filter button.
            [max(len(word) for word in header_words) + 3]
            + [_text_length(row[index]) for row in sample if index < len(row)]
        )
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))
    return widths


def _new_cell(sheet, row: int, column: int, write_only: bool):
    # The position must be known before a hyperlink is set: the link records it.
    if write_only:
        cell = WriteOnlyCell(sheet)
        cell.row, cell.column = row, column
        return cell
    return Cell(sheet, row=row, column=column)


def _cell(sheet, value, column: Column, position: tuple[int, int], write_only: bool):
    if isinstance(value, Formatted):
        column = Column(column.header, column.width, value.number_format)
        value = value.value
    value = _excel_value(value)
    cell = _new_cell(sheet, *position, write_only)
    if isinstance(value, Link):
        cell.value = value.text
        cell.data_type = "s"
        cell.hyperlink = value.url
        cell.font = LINK_FONT
    elif isinstance(value, str):
        cell.value = value.replace("\r\n", "\n").replace("\r", "\n")
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell.value = value
    number_format = column.number_format or _default_format(value)
    if number_format and not isinstance(value, str | Link):
        cell.number_format = number_format
    cell.alignment = WRAP
    return cell


def _header_cell(sheet, text: str, column: int, write_only: bool):
    cell = _new_cell(sheet, 1, column, write_only)
    cell.value = str(text)
    cell.data_type = "s"
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = WRAP
    return cell


def _line_count(value, width: float) -> int:
    """How many lines a wrapped cell takes, roughly (about one character per width unit)."""
    if isinstance(value, Formatted):
        value = value.value
    if not isinstance(value, str | Link):
        return 1
    text = value.text if isinstance(value, Link) else value
    per_line = max(int(width) - 1, 1)
    return sum(max(1, -(-len(line) // per_line)) for line in text.splitlines() or [""])


def _fit_height(sheet, row_index: int, row: Sequence, widths: list[float]):
    """Spreadsheets do not grow a row for wrapped text on their own when opening a file."""
    lines = max((_line_count(v, w) for v, w in zip(row, widths, strict=False)), default=1)
    if lines > 1:
        sheet.row_dimensions[row_index].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)


def _set_up(sheet, widths: list[float]):
    """Everything a write-only sheet needs before its first row: panes, widths, page setup."""
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.print_options.gridLines = True
    sheet.print_title_rows = "1:1"


def xlsx_bytes(sheets: Iterable[Sheet], *, write_only: bool = False) -> bytes:
    """The sheets as an .xlsx file; ``write_only`` streams rows (big workbooks, low memory)."""
    workbook = Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.active)
    taken: set[str] = set()
    for spec in sheets:
        columns = spec.column_specs()
        sheet = workbook.create_sheet(safe_title(spec.title, taken))
        rows = iter(spec.rows)
        sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
        widths = _widths(columns, sample)
        _set_up(sheet, widths)
        _fit_height(sheet, 1, [c.header for c in columns], widths)
        sheet.append(
            [_header_cell(sheet, c.header, i, write_only) for i, c in enumerate(columns, 1)]
        )
        count = 1
        for row in chain(sample, rows):
            count += 1
            _fit_height(sheet, count, row, widths)
            sheet.append(
                [
                    _cell(sheet, value, column, (count, i), write_only)
                    for i, (value, column) in enumerate(zip(row, columns, strict=False), 1)
                ]
            )
        last = get_column_letter(max(len(columns), 1))
        sheet.auto_filter.ref = f"A1:{last}{count}"
    if not workbook.worksheets:
        workbook.create_sheet("Kosong")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(value) -> str:
    """A value as CSV text: dates dd/mm/yyyy, decimals with a point, formula-like text quoted."""
    if isinstance(value, Formatted):
        value = value.value
    value = _excel_value(value)
    if value is None:
        return ""
    if isinstance(value, Link):
        value = value.url
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if isinstance(value, str) and is_formula_like(text):
        return "'" + text
    return text


def csv_bytes(sheet: Sheet) -> bytes:
    """One sheet as CSV: UTF-8 with a byte-order mark, so Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(c.header) for c in sheet.column_specs()])
    for row in sheet.rows:
        writer.writerow([csv_text(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def csv_file_name(title: str, taken: set[str]) -> str:
    stem = re.sub(r"[^0-9A-Za-z]+", "-", title).strip("-").lower() or "lembar"
    name, n = f"{stem}.csv", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.csv"
    taken.add(name)
    return name


def csv_zip_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A zip of one CSV per sheet, numbered in the workbook's order."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, sheet in enumerate(sheets, 1):
            name = csv_file_name(f"{number:02d} {sheet.title}", taken)
            archive.writestr(name, csv_bytes(sheet))
    return buffer.getvalue()
