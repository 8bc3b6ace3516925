"""The steps every spreadsheet import takes: read, check each row, preview, commit.

Institutions, participants and action items each bring their header aliases (read by
``kla_portal.spreadsheets.read_table``), a row check and a writer. What lies between is
here once, so the three agree on what a preview shows and on what a commit writes:
with rejected rows nothing, unless the user asked for only the valid rows; then exactly
the rows the preview showed as created or updated, in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy

from kla_portal.spreadsheets import (
    ImportReport,
    Row,
    RowResult,
    SheetError,
    Table,
    discard_stash,
    field_label,
)

IMPORT_DONE = gettext_lazy("Impor selesai: %(summary)s.")
ALREADY_IMPORTED = gettext_lazy(
    "Berkas ini sudah diimpor (konfirmasinya terkirim dua kali); tidak ada yang disimpan dua kali."
)
NOTHING_WRITTEN = gettext_lazy(
    "Tidak ada yang disimpan: %(count)s baris ditolak. Perbaiki berkasnya, atau centang "
    "'impor hanya baris yang valid'."
)
# What the management commands print (in Indonesian, untranslated, as their other output).
USER_UNKNOWN = "Pengguna %(username)s tidak ada."
FILE_MISSING = "Berkas %(path)s tidak ditemukan."
DRY_RUN = "Uji coba: tidak ada yang disimpan (tambahkan --commit)."
WRITTEN_ACTIONS = ("create", "update")


@dataclass
class RowChange:
    """What a commit does with a row: create from ``values``, or set ``changed`` on ``instance``."""

    values: dict
    instance: Model | None = None
    changed: dict = field(default_factory=dict)


@dataclass
class PreviewRow:
    result: RowResult
    change: Any = None  # what the import's writer needs for the row; None for a rejected row


@dataclass
class Preview:
    """What an import would do, row by row, without writing anything."""

    rows: list[PreviewRow] = field(default_factory=list)
    columns: dict = field(default_factory=dict)  # field -> header text found in the file
    ignored_headers: list = field(default_factory=list)

    @property
    def report(self) -> ImportReport:
        return ImportReport(rows=[row.result for row in self.rows])

    @property
    def rows_to_write(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.result.action in WRITTEN_ACTIONS]


P = TypeVar("P", bound=Preview)


def check_rows(table: Table, check: Callable[[Row], PreviewRow], preview: P) -> P:
    """Fill ``preview`` from the sheet: every data row through ``check``, in sheet order."""
    preview.columns = table.columns
    preview.ignored_headers = table.ignored_headers
    preview.rows = [check(row) for row in table.rows]
    return preview


def commit_preview(
    preview: Preview, write: Callable[[list[PreviewRow]], None], *, only_valid: bool
) -> bool:
    """Hand ``write`` the rows to create or update, in one transaction; say whether it wrote.

    A file with rejected rows is written only when the user chose to leave those rows
    out (``only_valid``): never half a file by accident.
    """
    if preview.report.has_errors and not only_valid:
        return False
    with transaction.atomic():
        write(preview.rows_to_write)
    return True


# Checking rows.


class SeenRows:
    """The row each key was first seen in, so that a repeated row names the row it repeats."""

    def __init__(self):
        self.first: dict = {}

    def repeat_of(self, number: int, *keys) -> int | None:
        """The earlier row with one of ``keys``; None if there is none, and they become row
        ``number``'s."""
        for key in keys:
            if key in self.first:
                return self.first[key]
        for key in keys:
            self.first[key] = number
        return None


def changed_values(instance: Model, values: dict) -> dict:
    """The values that differ from ``instance``. A blank cell leaves the stored value alone:
    sheets are often less complete than what was typed into the app."""
    return {
        name: new
        for name, new in values.items()
        if new not in ("", None) and getattr(instance, name) != new
    }


def create_or_update(
    result: RowResult, values: dict, instance: Model | None, changed: dict | None = None
) -> PreviewRow:
    """A valid row: a new record from ``values``, or an update of the fields of ``instance``
    that it changes (``changed``, by default ``changed_values``), named in the detail."""
    if instance is None:
        result.action = "create"
        return PreviewRow(result, RowChange(values))
    if changed is None:
        changed = changed_values(instance, values)
    result.action = "update" if changed else "unchanged"
    if changed:
        result.detail = ", ".join(field_label(type(instance), name) for name in changed)
    return PreviewRow(result, RowChange(values, instance, changed))


# Pages: upload, stash, preview, confirm.


def import_done(request, token: str, report: ImportReport) -> None:
    """The confirmed file is written: its stashed upload goes (leaving the mark that
    answers a second confirmation), the user reads what was done."""
    discard_stash(request, token, imported=True)
    messages.success(request, IMPORT_DONE % {"summary": report.summary()})


# Management commands.


def importing_user(username: str | None):
    """The user a command records as having imported (``--user``), or None."""
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(USER_UNKNOWN % {"username": username}) from exc


def command_report(
    options: dict,
    *,
    preview: Callable[[str], Preview],
    apply: Callable[[str, Any], tuple[ImportReport, bool]],
) -> ImportReport:
    """What ``<file> [--commit] [--user NAME]`` does: a dry run that reports the preview,
    or (``apply(file, user)``) a commit of the valid rows. A file that cannot be read,
    or a row a write refuses, is a CommandError: a message, not a traceback."""
    user = importing_user(options["user"])
    path = options["file"]
    try:
        if options["commit"]:
            report, _written = apply(path, user)
        else:
            report = preview(path).report
    except SheetError as exc:
        raise CommandError(str(exc)) from exc
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages)) from exc
    except FileNotFoundError as exc:
        raise CommandError(FILE_MISSING % {"path": path}) from exc
    return report
