"""Importing an RTL drafted in Excel at the end of a training: one row per item, into one plan.

``plan_import`` reads the sheet and decides what each row would do without
writing; ``apply_import`` re-reads the file and writes the valid rows in one
transaction. An item is the same one when its plan and activity (kegiatan)
match, so re-importing a file creates nothing. The responsible person is
matched against the district's task-force members by name, else kept as text.
"""

import calendar
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from kla_portal.spreadsheets import ImportReport, RowResult, parse_date, parse_decimal, read_table
from stakeholders.models import Member
from trainings.plans.actions import add_item, current_indicators, edit_item
from trainings.plans.models import ActionItem, ActionPlan

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
}
REQUIRED = {"activity", "due_date"}
TEMPLATE_HEADERS = [ALIASES[f][0] for f in ALIASES]

MISSING_ACTIVITY = gettext_lazy("kegiatan kosong")
MISSING_DUE_DATE = gettext_lazy("waktu/tenggat kosong")
BAD_DUE_DATE = gettext_lazy(
    "waktu '%(value)s' tidak terbaca (tulis dd/mm/yyyy atau nama bulan dan tahun, "
    "misalnya 'Oktober 2025')"
)
UNKNOWN_INDICATOR = gettext_lazy("indikator KLA '%(value)s' tidak dikenal (tulis nomor 1-24)")
DUPLICATE_ROW = gettext_lazy("duplikat baris %(row)s (kegiatan yang sama)")
NOTHING_WRITTEN = gettext_lazy(
    "Tidak ada yang disimpan: %(count)s baris ditolak. Perbaiki berkasnya, atau centang "
    "'impor hanya baris yang valid'."
)

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


def normalize(text) -> str:
    """'SD Negeri 1  Paringin' -> 'sdnegeri1paringin'.

    Letters of every script count ('Masjid الهدى' is not 'Masjid النور'); spaces,
    punctuation, emoji and invisible marks do not. NFKC folds full-width letters.
    """
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", str(text or "")).lower())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


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


@dataclass
class PlannedRow:
    result: RowResult
    values: dict = field(default_factory=dict)
    instance: ActionItem | None = None
    changed: dict = field(default_factory=dict)


@dataclass
class Plan:
    rows: list

    @property
    def report(self) -> ImportReport:
        return ImportReport(rows=[r.result for r in self.rows])


def _members(plan: ActionPlan) -> dict[str, Member]:
    found = {}
    for member in Member.objects.filter(
        task_force__district_id=plan.district_id, task_force__is_active=True, is_active=True
    ).order_by("-task_force__is_current", "name"):
        found.setdefault(normalize(member.name), member)
    return found


def plan_import(source, *, plan: ActionPlan) -> Plan:
    """Decide what each row would do. Raises ``SheetError`` for a file that cannot be read."""
    table = read_table(source, ALIASES, REQUIRED)
    indicators = current_indicators()
    members = _members(plan)
    existing = {normalize(i.activity): i for i in plan.items.all()}
    seen: dict[str, int] = {}
    planned = []
    for row in table.rows:
        v = row.values
        activity = _text(v.get("activity"))
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
        indicator_text = _text(v.get("indicator"))
        if indicator_text:
            number = indicator_text.rstrip(".")
            # ASCII digits only, and few: int('²') and int('9' * 5000) raise.
            known = re.fullmatch(r"[0-9]{1,4}", number)
            indicator = indicators.get(int(number)) if known else None
            if indicator is None:
                errors.append(UNKNOWN_INDICATOR % {"value": indicator_text})
        responsible = _text(v.get("responsible"))
        member = members.get(normalize(responsible)) if responsible else None
        key = normalize(activity)
        if activity:
            if key in seen:
                errors.append(DUPLICATE_ROW % {"row": seen[key]})
            else:
                seen[key] = row.number
        if errors:
            planned.append(PlannedRow(result=result))
            continue
        values = {
            "activity": activity[:300],
            "objective": _text(v.get("objective")),
            "target_group": _text(v.get("target_group"))[:300],
            "due_date": due_date,
            "venue": _text(v.get("venue"))[:300],
            "responsible_member": member,
            "responsible_name": "" if member else responsible[:200],
            "budget_source": _text(v.get("budget_source"))[:200],
            "budget_amount": budget,
            "success_measure": _text(v.get("success_measure"))[:300],
            "indicator": indicator,
        }
        if member:
            result.detail = _("penanggung jawab: anggota %(name)s") % {"name": member.name}
        instance = existing.get(key)
        if instance is None:
            result.action = "create"
            planned.append(PlannedRow(result=result, values=values))
            continue
        # A blank cell leaves the stored value alone: the sheet is often less complete.
        changed = {
            name: new
            for name, new in values.items()
            if new not in ("", None) and getattr(instance, name) != new
        }
        if changed.get("responsible_member"):
            changed["responsible_name"] = ""
        result.action = "update" if changed else "unchanged"
        if changed:
            result.detail = ", ".join(
                str(ActionItem._meta.get_field(f).verbose_name) for f in changed
            )
        planned.append(PlannedRow(result=result, values=values, instance=instance, changed=changed))
    return Plan(rows=planned)


@transaction.atomic
def apply_import(source, *, plan: ActionPlan, user, only_valid: bool) -> tuple[ImportReport, bool]:
    """Re-read the file and write its valid rows. Returns the report and whether it wrote.

    With rejected rows and ``only_valid`` false, nothing is written.
    """
    planned = plan_import(source, plan=plan)
    report = planned.report
    if report.has_errors and not only_valid:
        return report, False
    for row in planned.rows:
        if row.result.action == "create":
            add_item(plan=plan, user=user, **row.values)
        elif row.result.action == "update":
            edit_item(item=row.instance, user=user, version=row.instance.version, **row.changed)
    return report, True


def template_workbook() -> bytes:
    """The sheet to fill in at the end of a training: the expected headers and an example row."""
    book = Workbook()
    sheet = book.active
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
        ]
    )
    for column, width in zip(
        "ABCDEFGHIJK", (5, 40, 30, 20, 14, 20, 24, 14, 14, 28, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
