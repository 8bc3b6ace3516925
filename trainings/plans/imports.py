"""Importing an RTL drafted in Excel at the end of a training: one row per item, into one plan.

``preview_import`` reads the sheet and decides what each row would do without
writing; ``apply_import`` re-reads the file and writes the valid rows in one
transaction (the steps of ``kla_portal.imports``, shared by every import). An
item is the same one when its plan and activity (kegiatan) match, so
re-importing a file creates nothing. The responsible person is matched against
the district's task-force members by name, else kept as text. The indicator
("19", "21A") and the question ("21A.4b") are looked up in the framework in force
in the plan's year (``actions.framework_for_plan``); a question alone names its
indicator.
"""

import calendar
import re
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from kla_portal import figures
from kla_portal.imports import (
    Preview,
    PreviewRow,
    SeenRows,
    changed_values,
    check_rows,
    commit_preview,
    create_or_update,
)
from kla_portal.spreadsheets import (
    ImportReport,
    Row,
    RowResult,
    parse_date,
    parse_decimal,
    parse_text,
    read_table,
    text_key,
    workbook_bytes,
)
from stakeholders.models import Member
from trainings.plans.actions import (
    add_item,
    edit_item,
    framework_for_plan,
    indicators_by_code,
    questions_by_code,
)
from trainings.plans.models import ActionPlan

ALIASES = {
    "number": ["No", "No.", "Nomor", "No Urut"],
    "activity": ["Kegiatan", "Nama Kegiatan", "Rencana Kegiatan", "Uraian Kegiatan"],
    "objective": ["Tujuan"],
    "target_group": ["Sasaran", "Target", "Kelompok Sasaran"],
    "due_date": ["Waktu/Tenggat", "Waktu", "Tenggat", "Batas Waktu", "Jadwal", "Waktu Pelaksanaan"],
    "venue": ["Tempat", "Lokasi"],
    "responsible": ["Penanggung jawab", "PJ", "Penanggungjawab", "PIC"],
    "budget_source": ["Sumber dana", "Sumber Anggaran", "Dana"],
    "budget_amount": ["Anggaran", "Anggaran (Rp)", "Biaya", "Jumlah Anggaran"],
    "success_measure": ["Indikator keberhasilan", "Ukuran Keberhasilan", "Target Capaian"],
    "indicator": ["Indikator KLA", "No Indikator", "Indikator KLA (nomor)", "Indikator"],
    "question": ["Pertanyaan", "No Pertanyaan", "Kode Pertanyaan", "Pertanyaan Instrumen"],
}
REQUIRED = {"activity", "due_date"}
TEMPLATE_HEADERS = [ALIASES[f][0] for f in ALIASES]

MISSING_ACTIVITY = gettext_lazy("kegiatan kosong")
MISSING_DUE_DATE = gettext_lazy("waktu/tenggat kosong")
BAD_DUE_DATE = gettext_lazy(
    "waktu '%(value)s' tidak terbaca (tulis dd/mm/yyyy atau nama bulan dan tahun, "
    "misalnya 'Oktober 2025')"
)
UNKNOWN_INDICATOR = gettext_lazy(
    "indikator KLA '%(value)s' tidak dikenal (tulis nomor indikator, misalnya 19 atau 21A)"
)
UNKNOWN_QUESTION = gettext_lazy(
    "pertanyaan '%(value)s' tidak ada di %(framework)s (tulis nomor indikator, titik, "
    "nomor pertanyaan, misalnya 21A.4b)"
)
QUESTION_OF_ANOTHER_INDICATOR = gettext_lazy(
    "pertanyaan '%(value)s' bukan bagian dari indikator KLA '%(indicator)s'"
)
DUPLICATE_ROW = gettext_lazy("duplikat baris %(row)s (kegiatan yang sama)")

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb", "pebruari"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt", "ags"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des"),
        ],
        start=1,
    )
    for name in names
}


def parse_due(value) -> date | None:
    """A date, or a month and year ('Oktober 2025', 'Okt-25'): the month's last day."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        pass
    match = re.fullmatch(r"([a-z]+)[\s\-/.]*(\d{2}|\d{4})", str(value).strip().lower())
    if match and match.group(1) in MONTHS:
        month = MONTHS[match.group(1)]
        year = int(match.group(2))
        year += 2000 if year < 100 else 0
        if year >= 1:  # 'Jan 0000' is no year a calendar has
            return date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(BAD_DUE_DATE % {"value": value})


def parse_budget(value):
    """'Rp 5.000.000', '5000000', 5000000.0 -> Decimal('5000000')."""
    original = value
    if isinstance(value, str):
        text = re.sub(r"(?i)^rp\.?|\s", "", value.strip())
        if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "").replace(",", ".")
        value = text or None
    try:
        amount = parse_decimal(value, low=0, high=10**14)
    except ValueError:
        amount = parse_decimal(original, low=0, high=10**14)  # the message names what was typed
    return None if amount is None else amount.quantize(1)


def _members(plan: ActionPlan) -> dict[str, Member]:
    found: dict[str, Member] = {}
    for member in Member.objects.filter(
        task_force__district_id=plan.district_id, task_force__is_active=True, is_active=True
    ).order_by("-task_force__is_current", "name"):
        found.setdefault(text_key(member.name), member)
    return found


class _Lookups:
    """The framework's indicators and questions, the district's members and the plan's
    items, read once."""

    def __init__(self, plan: ActionPlan):
        self.framework = framework_for_plan(plan)
        self.indicators = indicators_by_code(self.framework)
        self.questions = questions_by_code(self.framework)
        self.members = _members(plan)
        self.existing = {text_key(i.activity): i for i in plan.items.all()}
        self.seen = SeenRows()


def preview_import(source, *, plan: ActionPlan) -> Preview:
    """Decide what each row would do. Raises ``SheetError`` for a file that cannot be read."""
    table = read_table(source, ALIASES, REQUIRED)
    lookups = _Lookups(plan)
    return check_rows(table, lambda row: _check_row(row, lookups), Preview())


def _check_row(row: Row, lookups: _Lookups) -> PreviewRow:
    v = row.values
    activity = parse_text(v.get("activity"))
    result = RowResult(number=row.number, action="reject", label=activity)
    errors = result.errors
    if not activity:
        errors.append(str(MISSING_ACTIVITY))
    due_date = None
    if v.get("due_date") is None:
        errors.append(str(MISSING_DUE_DATE))
    else:
        try:
            due_date = parse_due(v.get("due_date"))
        except ValueError as exc:
            errors.append(str(exc))
    try:
        budget = parse_budget(v.get("budget_amount"))
    except ValueError as exc:
        errors.append(str(exc))
        budget = None
    indicator = None
    indicator_text = parse_text(v.get("indicator"))
    if indicator_text:
        # "19", "19.", "21a"; a number typed in a spreadsheet cell may come as 19.0.
        code = re.sub(r"\.0*$", "", indicator_text).upper()
        indicator = lookups.indicators.get(code)
        if indicator is None:
            errors.append(UNKNOWN_INDICATOR % {"value": indicator_text})
    question = None
    question_text = parse_text(v.get("question"))
    if question_text:
        question = lookups.questions.get(re.sub(r"\s+", "", question_text).upper())
        if question is None:
            name = lookups.framework.name if lookups.framework else _("kerangka yang berlaku")
            errors.append(UNKNOWN_QUESTION % {"value": question_text, "framework": name})
        elif indicator is None and not indicator_text:
            indicator = question.indicator
        elif indicator is not None and question.indicator_id != indicator.pk:
            errors.append(
                QUESTION_OF_ANOTHER_INDICATOR
                % {"value": question_text, "indicator": indicator_text}
            )
    responsible = parse_text(v.get("responsible"))
    member = lookups.members.get(text_key(responsible)) if responsible else None
    key = text_key(activity)
    if activity:
        earlier = lookups.seen.repeat_of(row.number, key)
        if earlier is not None:
            errors.append(DUPLICATE_ROW % {"row": earlier})
    if errors:
        return PreviewRow(result)
    values = {
        "activity": activity[:300],
        "objective": parse_text(v.get("objective")),
        "target_group": parse_text(v.get("target_group"))[:300],
        "due_date": due_date,
        "venue": parse_text(v.get("venue"))[:300],
        "responsible_member": member,
        "responsible_name": "" if member else responsible[:200],
        "budget_source": parse_text(v.get("budget_source"))[:200],
        "budget_amount": budget,
        "success_measure": parse_text(v.get("success_measure"))[:300],
        "indicator": indicator,
        "question": question,
    }
    if member:
        result.detail = _("penanggung jawab: anggota %(name)s") % {"name": member.name}
    instance = lookups.existing.get(key)
    changed = None
    if instance is not None:
        changed = changed_values(instance, values)
        if changed.get("responsible_member"):
            changed["responsible_name"] = ""  # the member now named replaces the typed name
    return create_or_update(result, values, instance, changed)


@figures.write("plan")
def apply_import(source, *, plan: ActionPlan, user, only_valid: bool) -> tuple[ImportReport, bool]:
    """Re-read the file and write its valid rows. Returns the report and whether it wrote.

    With rejected rows and ``only_valid`` false, nothing is written.
    """
    preview = preview_import(source, plan=plan)
    written = commit_preview(
        preview, lambda rows: _write(rows, plan=plan, user=user), only_valid=only_valid
    )
    return preview.report, written


def _write(rows: list[PreviewRow], *, plan: ActionPlan, user) -> None:
    for row in rows:
        item = row.change.instance
        if item is None:
            add_item(plan=plan, user=user, **row.change.values)
        else:
            edit_item(item=item, user=user, version=item.version, **row.change.changed)


def template_workbook() -> bytes:
    """The sheet to fill in at the end of a training: the expected headers and an example row."""
    book = Workbook()
    sheet = book.worksheets[0]  # the one sheet of a new workbook (``active`` may be None)
    sheet.title = "RTL"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            1,
            _("Sosialisasi KHA kepada guru"),
            _("Guru memahami hak anak"),
            _("Guru SD"),
            "30/09/2025",
            _("Aula sekolah"),
            "Siti Rahmah",
            "BOS",
            "2.500.000",
            _("30 guru hadir"),
            19,
            "19.1",
        ]
    )
    for column, width in zip(
        "ABCDEFGHIJKL", (5, 40, 30, 20, 14, 20, 24, 14, 14, 28, 12, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(book)
