"""Reading the spreadsheets officers already have: one place for every import.

Officers' sheets differ: a title row or two above the header, headers spelled
"No. HP" or "no hp" or "Nomor WA", blank rows, phone numbers typed as numbers,
dates as text. ``read_table`` finds the header row by its known aliases, maps
columns case- and punctuation-insensitively, skips blank rows, and enforces
limits so a huge or malformed file is an error message, not a hang: an .xlsx is
checked for what it unpacks into before anything parses it (``xlsx_limits``), and
no cell may be longer than Excel allows. It never guesses: a value it cannot read
is reported, row by row, by the caller.

Writing goes through here too: ``workbook_bytes`` saves every openpyxl workbook the
apps make (templates, participant lists, reports) and ``csv_safe`` quotes the text of
every CSV cell, so that nothing typed into a record comes back as a live formula.

Each import (institutions, participants, action items) then turns rows into a
``RowResult`` per row, through the steps ``kla_portal.imports`` holds for all
three; ``ImportReport`` sums them for the preview page and the management
commands alike.
"""

import csv
import io
import itertools
import re
import time
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db.models import Field, Model
from django.utils.translation import gettext_lazy

from kla_portal.xlsx_limits import LimitExceeded, check_xlsx, thousands

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 32_767  # Excel's own limit: a longer cell was not typed into Excel
HEADER_SEARCH_ROWS = 15
# Rows read in all, blank ones included: a 5 KB file can claim a million empty rows.
BLANK_ROWS_FACTOR = 5

# What the user reads when a whole file is refused (``SheetError``) or a cell is unreadable.
EMPTY_FILE = gettext_lazy("Berkas kosong.")
NOT_A_SHEET = gettext_lazy("Berkas ini bukan berkas Excel (.xlsx) atau CSV.")
OLD_XLS = gettext_lazy(
    "Format .xls lama tidak didukung. Simpan ulang sebagai .xlsx lalu unggah lagi."
)
BROKEN_XLSX = gettext_lazy("Berkas Excel rusak atau tidak bisa dibaca.")
NOT_UTF8 = gettext_lazy(
    "Berkas CSV harus berenkode UTF-8. Simpan ulang dari Excel sebagai 'CSV UTF-8'."
)
CSV_UNREADABLE = gettext_lazy("Berkas CSV tidak bisa dibaca: %(error)s")
TOO_BIG = gettext_lazy("Berkas terlalu besar (lebih dari %(mb)s MB).")
TOO_MANY_ROWS = gettext_lazy(
    "Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas."
)
TOO_MANY_COLUMNS = gettext_lazy(
    "Berkas berisi lebih dari %(max)s kolom. Hapus kolom yang tidak dipakai lalu unggah lagi."
)
SHEET_TOO_LONG = gettext_lazy(
    "Lembar berisi lebih dari %(max)s baris (termasuk baris kosong). Hapus baris kosong di "
    "bawah data lalu unggah lagi."
)
CELL_TOO_LONG = gettext_lazy(
    "Baris %(row)s berisi sel dengan lebih dari %(max)s karakter. Periksa berkasnya lalu "
    "unggah lagi."
)
NO_HEADER = gettext_lazy("Baris judul kolom tidak ditemukan. Kolom wajib: %(columns)s.")
NO_DATA_ROWS = gettext_lazy("Berkas tidak berisi baris data di bawah judul kolom.")
DATE_UNREADABLE = gettext_lazy("tanggal '%(value)s' tidak terbaca (pakai dd/mm/yyyy)")
PHONE_NOT_INDONESIAN = gettext_lazy("no. HP '%(value)s' bukan nomor Indonesia")
PHONE_UNREADABLE = gettext_lazy("no. HP '%(value)s' tidak terbaca")
PHONE_LENGTH = gettext_lazy("no. HP '%(value)s' terlalu pendek atau terlalu panjang")
NUMBER_UNREADABLE = gettext_lazy("angka '%(value)s' tidak terbaca")
NUMBER_OUT_OF_RANGE = gettext_lazy("angka %(value)s di luar rentang %(low)s-%(high)s")


class SheetError(Exception):
    """A problem with the whole file; its message is shown to the user as is."""


def normalize_header(text) -> str:
    """'No. HP ' -> 'nohp': lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", str(text or "").lower())


@dataclass
class Row:
    number: int  # the row number the officer sees in Excel
    values: dict


@dataclass
class Table:
    columns: dict  # field -> header text as found in the file
    rows: list
    ignored_headers: list


def _sniff(data: bytes, name: str) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError(str(OLD_XLS))
    if name.lower().endswith(".csv"):
        return "csv"
    raise SheetError(str(NOT_A_SHEET))


def _check_xlsx(data: bytes, sheet_limit: int) -> None:
    try:
        check_xlsx(data, max_rows=sheet_limit, too_long=_sheet_too_long(sheet_limit))
    except LimitExceeded as exc:
        raise SheetError(str(exc)) from exc


def _xlsx_rows(data: bytes, sheet_limit: int):
    _check_xlsx(data, sheet_limit)
    from openpyxl import load_workbook

    # A damaged or hand-made .xlsx can make openpyxl fail in many ways (zip, XML, a cell
    # whose value does not fit its type), when opening as well as while reading rows
    # lazily: every one of them means "this file cannot be read", never a server error.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any parser failure: see above
        raise SheetError(str(BROKEN_XLSX)) from exc
    try:
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
            # Read-only mode does not read merged ranges; the sheet's own part names them.
            merges = _merged_ranges(data, sheet._worksheet_path)  # type: ignore[attr-defined]  # ReadOnlyWorksheet only
        except SheetError:
            raise
        except Exception as exc:  # any parser failure: see above
            raise SheetError(str(BROKEN_XLSX)) from exc
        yield from _carry_merged_values(_sheet_rows(rows), merges)
    finally:
        workbook.close()


def _sheet_rows(rows):
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # any parser failure: see _xlsx_rows
            raise SheetError(str(BROKEN_XLSX)) from exc
        yield list(row)


# <mergeCell ref="B2:B4"/>, with or without a namespace prefix or "$" anchors.
_MERGE_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref=[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
    rb"(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?[\"']"
)
_MERGE_TAG_BYTES = 200  # a "<" this close to a chunk's end may begin a tag the next one ends
MAX_MERGED_RANGES = 20_000
TOO_MANY_MERGES = gettext_lazy(
    "Berkas berisi terlalu banyak sel gabungan (lebih dari %(max)s). Pisahkan sel gabungan "
    "(Merge & Center dimatikan) lalu unggah lagi."
)


def _merged_ranges(data: bytes, sheet_path: str) -> list[tuple[int, int, int]]:
    """The sheet's merged ranges that reach a column we read, as (first row, last row,
    column): the merge's value sits in its first cell and belongs to that column.

    The sheet's part is streamed a megabyte at a time, as ``xlsx_limits`` streams it
    (which has already bounded its size), and its ranges are capped."""
    from openpyxl.utils import column_index_from_string

    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(sheet_path) as stream:
        carry = b""
        while True:
            chunk = stream.read(1024 * 1024)
            buffer = carry + chunk
            cut = len(buffer)
            if chunk:
                # Cut before the last "<" near the end: no tag is split between two rounds.
                last = buffer.rfind(b"<")
                if last != -1 and len(buffer) - last <= _MERGE_TAG_BYTES:
                    cut = last
            if b"mergeCell" in buffer[:cut]:
                for match in _MERGE_CELL.finditer(buffer, 0, cut):
                    first_col, first_row, last_col, last_row = match.groups()
                    column = column_index_from_string(first_col.decode().upper())
                    first, last_ = int(first_row), int(last_row or first_row)
                    if column <= MAX_COLUMNS + 1 and last_ > first:
                        found.append((first, last_, column))
                    if len(found) > MAX_MERGED_RANGES:
                        raise SheetError(
                            str(TOO_MANY_MERGES % {"max": thousands(MAX_MERGED_RANGES)})
                        )
            carry = buffer[cut:]
            if not chunk:
                return sorted(found)


class CarriedRow(list):
    """A sheet row some of whose values were carried down from a merged cell above:
    ``sources`` maps each such column to the row the merge begins on, so ``read_table``
    can leave out a header cell merged down into the data."""

    sources: dict[int, int]


def _carry_merged_values(rows, merges: list[tuple[int, int, int]]):
    """Rows with each vertically merged cell's value copied to every row it covers.

    A sweep down the sheet: a merge becomes active on its first row (where its value is)
    and stays so to its last. Merges do not overlap, so at most one per column is active.
    """
    pending = iter(merges)
    upcoming = next(pending, None)
    active: dict[int, tuple[int, int, object]] = {}  # column -> (first row, last row, value)
    for number, row in enumerate(rows, start=1):
        while upcoming is not None and upcoming[0] <= number:
            first, last, column = upcoming
            if first == number and column - 1 < len(row) and row[column - 1] is not None:
                active[column - 1] = (first, last, row[column - 1])
            upcoming = next(pending, None)
        if not active:
            yield row
            continue
        carried = CarriedRow(row)
        carried.sources = {}
        for index, (first, last, value) in list(active.items()):
            if last < number:
                del active[index]
            elif number > first and index < len(carried):
                carried[index] = value
                carried.sources[index] = first
        yield carried


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SheetError(str(NOT_UTF8)) from exc
    if "\x00" in text:
        raise SheetError(str(NOT_A_SHEET))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:  # a one-column file has no delimiter to find
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _rows(uploaded, max_bytes: int, sheet_limit: int):
    """The raw rows of the first sheet of a file that passed every check, each checked
    for an overlong cell (which would otherwise be shown back in a row's reason)."""
    data, name = _read_bytes(uploaded, max_bytes)
    if not data:
        raise SheetError(str(EMPTY_FILE))
    reader = _xlsx_rows(data, sheet_limit) if _sniff(data, name) == "xlsx" else _csv_rows(data)
    try:
        for index, raw in enumerate(reader, start=1):
            if raw.count(None) != len(raw) and any(
                isinstance(v, str) and len(v) > MAX_CELL_CHARS for v in raw
            ):
                raise SheetError(
                    str(CELL_TOO_LONG % {"row": index, "max": thousands(MAX_CELL_CHARS)})
                )
            yield raw
    except csv.Error as exc:
        raise SheetError(str(CSV_UNREADABLE % {"error": exc})) from exc


def _sheet_limit(max_rows: int) -> int:
    """Rows a sheet may have in all, blank ones included."""
    return BLANK_ROWS_FACTOR * max_rows + HEADER_SEARCH_ROWS


def top_rows(uploaded, count: int = HEADER_SEARCH_ROWS) -> list[list]:
    """The first ``count`` rows as they are (where a header row would be), from a file
    checked as ``read_table`` checks it."""
    return list(itertools.islice(_rows(uploaded, MAX_BYTES, _sheet_limit(MAX_ROWS)), count))


def read_table(
    uploaded,
    aliases: dict[str, list[str]],
    required: set[str],
    *,
    max_rows: int | None = None,
    max_bytes: int = MAX_BYTES,
) -> Table:
    """Read the first sheet of ``uploaded`` (a file object with ``.name``, or a path).

    ``aliases`` maps each field to the header spellings it answers to; the
    header row is the first of the top rows that holds every ``required`` field.
    """
    lookup = {normalize_header(a): f for f, names in aliases.items() for a in [f, *names]}
    max_rows = MAX_ROWS if max_rows is None else max_rows  # read when called: tests lower it
    sheet_limit = _sheet_limit(max_rows)
    reader = _rows(uploaded, max_bytes, sheet_limit)

    header_map, header_row, columns, ignored = None, 0, {}, []
    rows: list[Row] = []
    for index, raw in enumerate(reader, start=1):
        if index > sheet_limit:
            raise SheetError(_sheet_too_long(sheet_limit))
        if header_map is not None and raw.count(None) == len(raw):
            continue  # a blank row, of which a sheet may claim a million: no work at all
        values = [_clean(v) for v in raw]
        # A header (or title) cell merged down over data rows is not their value.
        for column, first in getattr(raw, "sources", {}).items():
            if header_map is not None and first <= header_row:
                values[column] = None
        if any(v is not None for v in values[MAX_COLUMNS:]):
            raise SheetError(str(TOO_MANY_COLUMNS % {"max": MAX_COLUMNS}))
        if header_map is None:
            values = values[:MAX_COLUMNS]
            found = {
                i: lookup[normalize_header(v)]
                for i, v in enumerate(values)
                if v is not None and normalize_header(v) in lookup
            }
            if required <= set(found.values()):
                header_map, header_row, seen = {}, index, set()
                for i, f in found.items():
                    if f not in seen:
                        header_map[i] = f
                        seen.add(f)
                        columns[f] = str(values[i])
                ignored = [
                    str(v) for i, v in enumerate(values) if v is not None and i not in header_map
                ]
            elif index >= HEADER_SEARCH_ROWS:
                break
            continue
        if all(v is None for v in values):
            continue
        if len(rows) >= max_rows:
            raise SheetError(str(TOO_MANY_ROWS % {"max": thousands(max_rows)}))
        rows.append(
            Row(
                number=index,
                values={f: values[i] if i < len(values) else None for i, f in header_map.items()},
            )
        )
    if header_map is None:
        expected = ", ".join(aliases[f][0] if aliases[f] else f for f in sorted(required))
        raise SheetError(str(NO_HEADER % {"columns": expected}))
    if not rows:
        raise SheetError(str(NO_DATA_ROWS))
    return Table(columns=columns, rows=rows, ignored_headers=ignored)


def _sheet_too_long(sheet_limit: int) -> str:
    return str(SHEET_TOO_LONG % {"max": thousands(sheet_limit)})


def _read_bytes(uploaded, max_bytes):
    if isinstance(uploaded, str | Path):
        path = Path(uploaded)
        if path.stat().st_size > max_bytes:
            raise SheetError(_too_big(max_bytes))
        return path.read_bytes(), path.name
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise SheetError(_too_big(max_bytes))
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SheetError(_too_big(max_bytes))
    return data, getattr(uploaded, "name", "") or ""


def _too_big(max_bytes):
    return str(TOO_BIG % {"mb": max_bytes // (1024 * 1024)})


# Cell parsers: each returns the value or raises ValueError with a message for the row.

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]


def parse_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise ValueError(str(DATE_UNREADABLE % {"value": text}))


# What officers write in a phone column for someone who has none.
NO_PHONE_WORDS = {"tidak ada", "tdk ada", "belum ada", "tidak punya", "kosong", "nihil", "n/a"}


def _means_no_phone(text: str) -> bool:
    """'-', '--', '–', '—' (a dash or several) or a word for "none": no phone, not a bad one."""
    if re.fullmatch(r"[\s\-\u2010-\u2015.]+", text):
        return True
    return " ".join(text.lower().split()) in NO_PHONE_WORDS


def parse_phone(value) -> str:
    """Indonesian mobile numbers to +62...: '0812-3456 789', '62812...', 812... (as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if _means_no_phone(text):
        return ""
    digits = re.sub(r"[\s\-().]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValueError(str(PHONE_NOT_INDONESIAN % {"value": text}))
    # ASCII digits only: str.isdigit() also accepts '²' or '٣', which are no phone number.
    if not re.fullmatch(r"[0-9]+", digits):
        raise ValueError(str(PHONE_UNREADABLE % {"value": text}))
    if digits.startswith("62"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    if not 8 <= len(digits) <= 13:
        raise ValueError(str(PHONE_LENGTH % {"value": text}))
    return "+62" + digits


def parse_decimal(value, *, low=None, high=None) -> Decimal | None:
    if value is None:
        return None
    text = str(value).strip().replace(",", ".") if isinstance(value, str) else value
    try:
        number = Decimal(str(text))
    except InvalidOperation as exc:
        raise ValueError(str(NUMBER_UNREADABLE % {"value": value})) from exc
    if (
        not number.is_finite()
        or (low is not None and number < low)
        or (high is not None and number > high)
    ):
        raise ValueError(str(NUMBER_OUT_OF_RANGE % {"value": value, "low": low, "high": high}))
    return number


def parse_text(value) -> str:
    """A cell as one line of text: runs of white space folded, '' for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an NPSN typed as a number comes back as 30300123.0
    return re.sub(r"\s+", " ", str(value)).strip()


def text_key(text) -> str:
    """'SD Negeri 1  Paringin' -> 'sdnegeri1paringin': how names in a sheet are matched.

    Letters of every script count ('Masjid الهدى' is not 'Masjid النور'); spaces,
    punctuation, emoji and invisible marks do not. NFKC folds full-width letters.
    """
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", str(text or "")).lower())


def field_label(model: type[Model], name: str) -> str:
    """The verbose name of one of the model's columns, for a row's reason or detail."""
    model_field = model._meta.get_field(name)
    # get_field also finds reverse relations, which have no verbose name; imports set columns.
    assert isinstance(model_field, Field), name
    return str(model_field.verbose_name)


# Results of an import, shared by the preview pages and the management commands.


@dataclass
class RowResult:
    number: int
    action: str  # "create", "update", "unchanged" or "reject"
    label: str = ""
    errors: list = field(default_factory=list)
    detail: str = ""

    @property
    def is_valid(self):
        return self.action != "reject"

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


ACTION_LABELS = {
    "create": gettext_lazy("dibuat"),
    "update": gettext_lazy("diperbarui"),
    "unchanged": gettext_lazy("tidak berubah"),
    "reject": gettext_lazy("ditolak"),
}


@dataclass
class ImportReport:
    rows: list

    def count(self, action):
        return sum(1 for r in self.rows if r.action == action)

    created_count = property(lambda self: self.count("create"))
    updated_count = property(lambda self: self.count("update"))
    unchanged_count = property(lambda self: self.count("unchanged"))
    rejected_count = property(lambda self: self.count("reject"))

    @property
    def rejected(self):
        return [r for r in self.rows if r.action == "reject"]

    @property
    def has_errors(self):
        return any(r.action == "reject" for r in self.rows)

    def summary(self) -> str:
        return ", ".join(f"{self.count(a)} {label}" for a, label in ACTION_LABELS.items())

    def lines(self) -> list[str]:
        """The report as a management command prints it."""
        out = [self.summary()]
        for r in self.rows:
            text = f"baris {r.number}: {ACTION_LABELS[r.action]}"
            if r.label:
                text += f" - {r.label}"
            if r.errors:
                text += ": " + "; ".join(str(e) for e in r.errors)
            elif r.detail:
                text += f" ({r.detail})"
            out.append(text)
        return out


# Uploads waiting for the user's confirmation, tied to the session that sent them.
#
# They are kept under IMPORT_STASH_ROOT, outside MEDIA_ROOT, and only once checked as
# ``read_table`` will check them. A confirmation takes its file by renaming it, which
# only one request can do: two confirmations sent together (a double click) import the
# file once. An imported upload leaves an empty mark, so a confirmation sent again is
# told so; marks and unconfirmed uploads go after a day.

STASH_KEY = "import_stash"
STASH_MAX_AGE = timedelta(days=1)
TAKEN = ".taken"  # a request is importing it
IMPORTED = ".imported"  # the empty mark of an imported upload


class StashTaken(Exception):
    """The upload was imported, or is being imported, by another request."""


def _stash_folder() -> Path:
    return Path(settings.IMPORT_STASH_ROOT)


def stash_upload(request, uploaded) -> str:
    """Keep an upload until its preview is confirmed; return the token naming it.

    Raises ``SheetError``, and keeps nothing, for a file ``read_table`` would refuse
    whole: too big, not a sheet, an .xlsx that unpacks into too much.
    """
    data, name = _read_bytes(uploaded, MAX_BYTES)
    if not data:
        raise SheetError(str(EMPTY_FILE))
    kind = _sniff(data, name)
    if kind == "xlsx":
        _check_xlsx(data, _sheet_limit(MAX_ROWS))
    discard_old_stashes()
    folder = _stash_folder()
    folder.mkdir(parents=True, exist_ok=True)
    token = f"{uuid.uuid4().hex}.{kind}"
    (folder / token).write_bytes(data)
    request.session[STASH_KEY] = [*request.session.get(STASH_KEY, [])[-9:], token]
    return token


def _own_stash(request, token: str) -> bool:
    """Only a token this session was given names a file (never a path someone typed)."""
    return bool(token) and token in request.session.get(STASH_KEY, [])


def stashed_path(request, token: str) -> Path | None:
    """The stashed file, only for the session that uploaded it, while it waits."""
    if not _own_stash(request, token):
        return None
    path = _stash_folder() / token
    return path if path.exists() else None


def claim_stash(request, token: str) -> Path | None:
    """Take the stashed file for this request alone, to import it; None when this
    session has no such upload waiting. ``StashTaken`` when another request took it.
    Give it back with ``release_stash`` when nothing was written."""
    if not _own_stash(request, token):
        return None
    folder = _stash_folder()
    taken = folder / (token + TAKEN)
    try:
        (folder / token).rename(taken)
    except FileNotFoundError:
        if taken.exists() or (folder / (token + IMPORTED)).exists():
            raise StashTaken(token) from None
        return None
    return taken


def release_stash(path: Path) -> None:
    """Put a claimed upload back, unwritten: the user may confirm it again."""
    path.rename(path.with_name(path.name.removesuffix(TAKEN)))


def discard_stash(request, token: str, *, imported: bool = False) -> None:
    """Remove the upload, waiting or claimed. ``imported`` leaves its mark, and its
    token in the session, so that a confirmation sent again is told it was imported."""
    if not _own_stash(request, token):
        return
    folder = _stash_folder()
    for name in (token, token + TAKEN):
        (folder / name).unlink(missing_ok=True)
    if imported:
        (folder / (token + IMPORTED)).touch()
    else:
        request.session[STASH_KEY] = [t for t in request.session[STASH_KEY] if t != token]


def discard_old_stashes(now: float | None = None) -> int:
    """Remove what the stash has held for more than a day: previews nobody confirmed,
    marks of imports, a claim whose request died. Run as each new upload comes."""
    folder = _stash_folder()
    if not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - STASH_MAX_AGE.total_seconds()
    removed = 0
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another request removed it meanwhile
            continue
    return removed


# Writing: every workbook and CSV the app offers is written through these, so no text
# anyone typed (a venue, a name, an institution) ever reaches a spreadsheet as a formula.

# What a spreadsheet takes for the start of a formula (OWASP's CSV-injection list).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A list separator (";" in Indonesian settings, "," in English ones) before a formula prefix.
AFTER_SEPARATOR = re.compile(r"([;,]\s*)([=+\-@\t\r])")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_safe(text: str) -> str:
    """Text for a CSV cell that no spreadsheet evaluates: a formula prefix is quoted with
    ``'``, at the start and after a list separator (Excel with Indonesian regional settings
    splits a cell at ";", and each part that would start a formula is quoted as a whole
    cell would be)."""
    text = AFTER_SEPARATOR.sub(r"\1'\2", text)
    return "'" + text if is_formula_like(text) else text


def workbook_bytes(book) -> bytes:
    """An openpyxl workbook as .xlsx bytes, every cell that openpyxl took for a formula
    stored as the text it is.

    openpyxl makes any text starting with ``=`` a formula cell as it is assigned; none of
    the app's workbooks writes a formula on purpose, so every one is a name or a place
    someone typed. (A string cell starting with ``+``, ``-`` or ``@`` is text to Excel.)
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
