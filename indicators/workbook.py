"""Workbooks people can send as they are: the one place that lays out a table in Excel or CSV.

A ``Sheet`` is a title, its columns and an iterable of rows (plain Python
values). ``xlsx_bytes`` writes the sheets with a bold frozen header row,
auto-filter, column widths fitted to the contents, wrapped text, number and
``dd/mm/yyyy`` date formats and a landscape A4 fit-to-width print setup;
``csv_zip_bytes`` writes the same sheets as one UTF-8 CSV each, in a zip.
A row given as ``Bold([...])`` (a subtotal, a total) is written in bold; in CSV
it is a row like any other.

User input never becomes a formula: every text is written as a string cell,
whatever it starts with, and in CSV text that a spreadsheet would evaluate
(``=``, ``+``, ``-``, ``@``, tab, carriage return) is prefixed with ``'``, by the core's
``kla_portal.spreadsheets.csv_safe``, which every CSV of the app goes through.
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
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from kla_portal.spreadsheets import csv_safe

MAX_TITLE = 31
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")

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

# Printing on A4 with 1 cm side margins. A column-width unit prints about 6.8 pt wide (as
# LibreOffice measured it), so about 115 units fit across landscape A4 at 100 % and 79 across
# portrait. A sheet wider than LANDSCAPE_BUDGET would be shrunk below about 65 % to fit the
# page width (too small to read): its widest fitted columns are narrowed, their text wrapping.
PORTRAIT_BUDGET = 79
LANDSCAPE_BUDGET = 175
SIDE_MARGIN = 0.4  # inches
TOP_MARGIN = 0.75
HEADER_MARGIN = 0.3

HEADER_FONT = Font(bold=True)
BOLD_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LINK_FONT = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
# The foot of every printed page: "&P" and "&N" are the page number and the page count.
PAGE_NUMBER = gettext_lazy("Halaman &P dari &N")


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


class Bold(list):
    """A row written in bold: a subtotal or a total among the rows it adds up."""


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column | str]
    rows: Iterable[Sequence] = field(default_factory=list)

    def column_specs(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]


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
    return _fit_to_page(columns, widths)


def _fit_to_page(columns: list[Column], widths: list[float]) -> list[float]:
    """The widths narrowed, widest fitted column first, until the sheet fits across
    landscape A4 at a readable scale; the text in a narrowed column wraps. A column given
    its own width keeps it, and none gets narrower than its header's longest word (in bold)."""
    excess = sum(widths) - LANDSCAPE_BUDGET
    fitted = [i for i, column in enumerate(columns) if not column.width]
    if excess <= 0 or not fitted:
        return widths
    floors = {
        i: max(MIN_WIDTH, max(map(len, str(columns[i].header).split() or [""])) + 2) for i in fitted
    }
    widths = list(widths)
    while excess > 0:
        wide = [i for i in fitted if widths[i] > floors[i]]
        if not wide:
            break
        widest = max(widths[i] for i in wide)
        at_top = [i for i in wide if widths[i] == widest]
        below = max([widths[i] for i in wide if widths[i] < widest] + [floors[i] for i in at_top])
        step = min(widest - below, excess / len(at_top))
        for i in at_top:
            widths[i] -= step
        excess -= step * len(at_top)
    return [round(width, 1) for width in widths]


def _line_count(text: str, per_line: int) -> int:
    """How many lines wrapped text takes, roughly (about one character per width unit)."""
    return sum(-(-len(line) // per_line) or 1 for line in text.splitlines()) or 1


class _StyledCell(Cell):
    """A cell that carries its style's number in the workbook, worked out once per style.

    openpyxl looks the number up (hashing the style array) for every cell it writes.
    """

    __slots__ = ("style_id",)
    has_style = True


class _Cells:
    """Makes one sheet's cells, each style worked out once rather than for every cell.

    Setting ``alignment``, ``font`` or ``number_format`` on a cell hashes the style
    objects and looks them up in the workbook's lists on each assignment, which cost
    more than writing the file. A sheet uses a handful of styles, so each is set once
    on a template cell and new cells share its style array and number (safe: nothing
    restyles a cell once made, and the cells never leave ``xlsx_bytes``). Values are
    stored with the type they already have, skipping openpyxl's type inference. Blank
    values get no cell at all, as openpyxl does for plain values.
    """

    def __init__(self, sheet, widths: list[float]):
        self.sheet = sheet
        self.per_line = [max(int(width) - 1, 1) for width in widths]
        self.header_style = self._template(font=HEADER_FONT, fill=HEADER_FILL)
        self.link_style = self._template(font=LINK_FONT)
        self.styles: dict[tuple[str | None, bool], tuple[StyleArray, int]] = {}
        self.lines = 1  # the tallest text of the row being made, in lines
        self.bold = False  # whether the row being made is a ``Bold`` one
        self.zone = timezone.get_current_timezone()

    def _template(self, number_format=None, font=None, fill=None) -> tuple[StyleArray, int]:
        cell = Cell(self.sheet)
        cell.alignment = WRAP
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        return cell._style, cell.style_id

    def new(self, row: int, column: int, style: tuple[StyleArray, int]) -> _StyledCell:
        cell = _StyledCell(self.sheet, row, column)
        cell._style, cell.style_id = style
        return cell

    def style(self, number_format: str | None) -> tuple[StyleArray, int]:
        """Wrapped, with this number format (``None`` for text), bold in a ``Bold`` row."""
        key = (number_format, self.bold)
        style = self.styles.get(key)
        if style is None:
            font = BOLD_FONT if self.bold else None
            style = self.styles[key] = self._template(number_format, font=font)
        return style

    def text(self, text: str, row: int, column: int, style: tuple[StyleArray, int]) -> Cell:
        """A string cell: never a formula, whatever the text starts with."""
        cell = self.new(row, column, style)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        cell._value = cell.check_string(text)
        cell.data_type = "s"
        per_line = self.per_line[column - 1]
        if len(text) > per_line or "\n" in text:
            self.lines = max(self.lines, _line_count(text, per_line))
        return cell

    def cell(self, value, number_format: str | None, row: int, column: int) -> Cell:
        """The cell for a value, made by the maker for the value's type."""
        make = _MAKERS.get(type(value)) or _maker_for(value)
        return make(self, value, number_format, row, column)

    def add_header(self, columns: list[Column]):
        self._add(
            1,
            [
                self.text(str(c.header), 1, index, self.header_style)
                for index, c in enumerate(columns, 1)
            ],
        )

    def add_row(self, index: int, values: Sequence, formats: list[str | None]):
        """One row of values; ``formats`` holds each column's number format, if it has one."""
        self.bold = isinstance(values, Bold)
        cells = [
            self.cell(value, number_format, index, column)
            for column, (value, number_format) in enumerate(zip(values, formats, strict=False), 1)
            if value is not None
        ]
        self.bold = False
        self._add(index, cells)

    def _add(self, index: int, cells: list[Cell]):
        """Spreadsheets do not grow a row for wrapped text on their own when opening a file,
        so a row with text longer than a line (counted in ``text``) is made taller."""
        if self.lines > 1:
            height = min(LINE_HEIGHT * self.lines, MAX_ROW_HEIGHT)
            self.sheet.row_dimensions[index].height = height
            self.lines = 1
        self.sheet.append(cells)


def _typed(data_type: str, default_format: str | None):
    """A maker for values openpyxl stores as they are: numbers, booleans, dates, blanks."""

    def make(cells: _Cells, value, number_format, row, column):
        cell = cells.new(row, column, cells.style(number_format or default_format))
        cell._value, cell.data_type = value, data_type
        return cell

    return make


_make_date = _typed("d", DATE_FORMAT)


def _make_datetime(cells: _Cells, value, number_format, row, column):
    if value.tzinfo is not None:  # local time, which is all a spreadsheet knows
        value = value.astimezone(cells.zone)
    value = value.replace(tzinfo=None, microsecond=0)
    default = DATETIME_FORMAT if (value.hour, value.minute) != (0, 0) else DATE_FORMAT
    return _make_date(cells, value, number_format or default, row, column)


def _make_text(cells: _Cells, value, number_format, row, column):
    return cells.text(value, row, column, cells.style(None))


def _make_link(cells: _Cells, value, number_format, row, column):
    # The cell knows its position, which the hyperlink records.
    cell = cells.text(value.text, row, column, cells.link_style)
    cell.hyperlink = value.url
    return cell


def _make_formatted(cells: _Cells, value, number_format, row, column):
    return cells.cell(value.value, value.number_format, row, column)


def _make_other(cells: _Cells, value, number_format, row, column):
    return _make_text(cells, str(value), number_format, row, column)


# In isinstance order for subclasses: bool before int, datetime before date.
_MAKERS = {
    type(None): _typed("n", None),
    bool: _typed("b", None),
    int: _typed("n", INTEGER_FORMAT),
    float: _typed("n", DECIMAL_FORMAT),
    Decimal: _typed("n", DECIMAL_FORMAT),
    datetime: _make_datetime,
    date: _make_date,
    str: _make_text,
    Link: _make_link,
    Formatted: _make_formatted,
}


def _maker_for(value):
    """For subclasses (a text enum, a pandas timestamp); anything else is written as its text.

    Remembered per type: a lazy translation is translated again by every ``isinstance``.
    """
    make = next((m for kind, m in _MAKERS.items() if isinstance(value, kind)), _make_other)
    return _MAKERS.setdefault(type(value), make)


def _as_they_are(cells: list[Cell], row_index: int) -> list[Cell]:
    """The write-only sheet's row conversion (openpyxl 3.1's ``_values_to_row``) for ready cells.

    openpyxl's own first tries each cell as a plain value and catches the ValueError,
    which took longer than writing the cell; ours are placed, styled and linked already.
    Were the hook renamed, openpyxl's conversion would still take these cells, only slower.
    """
    return cells


def _set_up(sheet, widths: list[float], header: str = ""):
    """Everything a write-only sheet needs before its first row: panes, widths, page setup.

    On paper: portrait when the sheet is narrow enough, else landscape, fitted to the page
    width (``_fit_to_page`` keeps the scale readable), the header row repeated on every
    page, ``header`` at the top of each page and the sheet's name and page number at the
    foot."""
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.orientation = "portrait" if sum(widths) <= PORTRAIT_BUDGET else "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.print_options.gridLines = True
    sheet.print_title_rows = "1:1"
    margins = sheet.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = TOP_MARGIN
    margins.header = margins.footer = HEADER_MARGIN
    if header:
        sheet.oddHeader.center.text = _header_text(header)
        sheet.oddHeader.center.size = 9
    sheet.oddFooter.left.text = "&A"  # the sheet's name
    sheet.oddFooter.right.text = str(PAGE_NUMBER)
    sheet.oddFooter.left.size = sheet.oddFooter.right.size = 8


def _header_text(text: str) -> str:
    """Text for a page header: ``&`` starts a code there (``&P`` is the page number)."""
    return str(text).replace("&", "&&")


def xlsx_bytes(sheets: Iterable[Sheet], *, page_header: str = "") -> bytes:
    """The sheets as an .xlsx file, written row by row (openpyxl's write-only mode: the
    fastest, and a big workbook never sits in memory whole). ``page_header``: what every
    printed page carries at its top (the district and year)."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for spec in sheets:
        columns = spec.column_specs()
        sheet = workbook.create_sheet(safe_title(spec.title, taken))
        rows = iter(spec.rows)
        sample = list(islice(rows, WIDTH_SAMPLE_ROWS))
        widths = _widths(columns, sample)
        _set_up(sheet, widths, page_header)
        sheet._values_to_row = _as_they_are
        cells = _Cells(sheet, widths)
        cells.add_header(columns)
        formats = [c.number_format for c in columns]
        count = 1
        for count, row in enumerate(chain(sample, rows), 2):
            cells.add_row(count, row, formats)
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
    if not isinstance(value, str):
        return text
    return csv_safe(text)


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
