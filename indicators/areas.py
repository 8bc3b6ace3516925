"""Indicators 25 and 26: the share of the district's kecamatan and desa/kelurahan that
meet each question's condition.

Every question of indicator 25 is answered per kecamatan, every question of 26 per
desa/kelurahan (``AreaAnswer``, one per question and area), whatever the instrument's
``for_kecamatan``/``for_desa`` flags say: the instrument sets them on only some of the
questions, yet each of them is a percentage of kecamatan or of desa. The exception is
26.17, "keberadaan anak yang bekerja di desa": a screening question of 0 points that
asks for no percentage, answered yes or no by the Dinas PPPA on the assessment page
like any other question.

The district's answer to such a question is computed, never typed: ``figure_current``
is the percentage of all the district's kecamatan (or desa/kelurahan) that meet the
condition, an area that has not reported counting as not meeting it, and
``self_status`` that share on the question's steps, rounded down to a quarter as
``indicators.derived`` rounds its shares (only all of them earn full points; a yes/no
question is "Ya" only when every area meets it). Each write of area answers brings
the question's row up to date in its own transaction, through ``figures.write`` so the
district's score rows follow; ``refresh_shares`` recomputes them from scratch.

Who answers: the kecamatan operator for its kecamatan and that kecamatan's desa, the
Dinas PPPA for any of the district's (``access.can_report_for_subdistrict``), on the
kecamatan page or from an Excel sheet (``preview_area_import``).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.derived import Suggestion, _by_quarter, fit
from indicators.models import AreaAnswer, Assessment, ChecklistItem, ItemAssessment
from indicators.workflow import ROW_NOT_EDITABLE
from kla_portal import figures
from kla_portal.access import can_report_for_subdistrict
from kla_portal.imports import Preview, PreviewRow, SeenRows, check_rows, commit_preview
from kla_portal.models import Subdistrict, Village
from kla_portal.spreadsheets import (
    ImportReport,
    Row,
    RowResult,
    SheetError,
    parse_text,
    read_table,
    text_key,
    workbook_bytes,
)

KECAMATAN = "kecamatan"
DESA = "desa"
LEVELS = (KECAMATAN, DESA)
INDICATOR_OF_LEVEL = {KECAMATAN: "25", DESA: "26"}
LEVEL_LABELS = {KECAMATAN: gettext_lazy("kecamatan"), DESA: gettext_lazy("desa/kelurahan")}
NOTES_MAX = AreaAnswer._meta.get_field("notes").max_length or 300
Status = Assessment.Status

NOT_AN_AREA_QUESTION = gettext_lazy("%(code)s tidak dijawab per kecamatan atau per desa/kelurahan.")
AREA_UNKNOWN = gettext_lazy("%(code)s bukan kode %(level)s di %(district)s.")
NOTES_TOO_LONG = gettext_lazy("%(code)s: catatan terlalu panjang (maksimal %(max)s karakter).")

MET_HEADING = gettext_lazy("Memenuhi")
NOT_MET_HEADING = gettext_lazy("Belum memenuhi")
MISSING_HEADING = gettext_lazy("Belum melapor")

# The import's row reasons and file errors.
CODE_MISSING = gettext_lazy("kode wilayah kosong")
KECAMATAN_UNKNOWN = gettext_lazy("kode kecamatan '%(code)s' tidak dikenal")
DESA_UNKNOWN = gettext_lazy("kode desa/kelurahan '%(code)s' tidak dikenal")
KECAMATAN_ELSEWHERE = gettext_lazy(
    "kecamatan %(name)s (%(code)s) ada di %(other)s, bukan di %(district)s"
)
DESA_ELSEWHERE = gettext_lazy(
    "desa/kelurahan %(name)s (%(code)s) ada di %(other)s, bukan di %(district)s"
)
VALUE_UNREADABLE = gettext_lazy("%(question)s: '%(value)s' bukan Ya atau Tidak")
DUPLICATE_ROW = gettext_lazy("kode yang sama dengan baris %(row)s")
NO_ANSWER_IN_ROW = gettext_lazy("tidak ada jawaban")
NO_QUESTIONS = gettext_lazy("Penilaian ini tidak punya pertanyaan yang dijawab per %(level)s.")
NO_QUESTION_COLUMNS = gettext_lazy(
    "Tidak ada kolom pertanyaan di berkas. Judul kolomnya nomor pertanyaan: %(columns)s."
)

YES = {"ya", "yes", "y", "1", "true", "iya", "benar", "ada", "v", "memenuhi"}
NO = {"tidak", "t", "tdk", "0", "false", "n", "no", "bukan", "tidakada", "belum", "x"}
YES_MARKS = {"✓", "✔", "√"}
CODE_ALIASES = [
    "Kode",
    "Kode Wilayah",
    "Kode Kemendagri",
    "Kode Kecamatan",
    "Kode Desa",
    "Kode Desa/Kelurahan",
]
NAME_ALIASES = {
    KECAMATAN: ["Kecamatan", "Nama Kecamatan", "Nama"],
    DESA: ["Desa/Kelurahan", "Desa", "Kelurahan", "Nama Desa", "Nama Desa/Kelurahan", "Nama"],
}


# ---------------------------------------------------------------------------
# Which questions, which areas


def level_of(question: ChecklistItem) -> str | None:
    """KECAMATAN for a question of indicator 25, DESA for 26 but its screening question
    (26.17), None for every other question. Reads ``question.indicator``."""
    code = question.indicator.code
    if code == INDICATOR_OF_LEVEL[KECAMATAN]:
        return KECAMATAN
    if code == INDICATOR_OF_LEVEL[DESA] and question.kind != ChecklistItem.Kind.SCREENING:
        return DESA
    return None


def area_questions(assessment: Assessment, level: str | None = None) -> list[ItemAssessment]:
    """The assessment's questions answered per kecamatan and per desa/kelurahan (of one
    ``level``, if given), in the instrument's order; one query."""
    codes = [INDICATOR_OF_LEVEL[level]] if level else list(INDICATOR_OF_LEVEL.values())
    rows = (
        ItemAssessment.objects.filter(assessment=assessment, item__indicator__code__in=codes)
        .select_related("item__indicator", "updated_by")
        .order_by("item__indicator__number", "item__order")
    )
    found = [row for row in rows if level_of(row.item)]
    for row in found:
        row.assessment = assessment  # the rules below read it: no query per row
    return found


def kecamatan_of(district_code: str):
    return Subdistrict.objects.filter(district_id=district_code).order_by("code")


def desa_of(district_code: str):
    return (
        Village.objects.filter(subdistrict__district_id=district_code)
        .select_related("subdistrict")
        .order_by("code")
    )


def area_code(answer: AreaAnswer) -> str:
    return answer.subdistrict_id or answer.village_id or ""


def is_open(row: ItemAssessment, status: str) -> bool:
    """Whether the question takes answers at the assessment's stage (``status``): in a
    draft, or when a verifier returned or reopened it. ``workflow.can_fill_item`` asks
    the same of the stage but also that the user is the Dinas PPPA, which a kecamatan
    operator is not."""
    if status == Status.DRAFT:
        return True
    if status == Status.SUBMITTED:
        return row.is_returned
    return row.is_reopened and status in (Status.VERIFIED, Status.LOCKED)


def share_of(
    question: ChecklistItem, meeting: int, reported: int, total: int
) -> tuple[Decimal | None, str]:
    """The percentage of the areas that meet the condition, and the answer it earns; no
    answer at all while no area has reported (the question is not answered yet)."""
    if not total or not reported:
        return None, ""
    percent = (Decimal(meeting * 100) / Decimal(total)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    rounded = _by_quarter(meeting / total)
    return percent, fit(Suggestion("areas", rounded, "", ""), question).status


# ---------------------------------------------------------------------------
# Writes


@dataclass
class AreaSave:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    questions: list = field(default_factory=list)  # the rows whose share changed

    @property
    def changed(self) -> int:
        return self.created + self.updated


@figures.write("item")
def record_area_answers(
    *, item: ItemAssessment, user, answers: dict[str, tuple[bool, str | None]]
) -> AreaSave:
    """Record whether each area (by code) meets one question's condition, with a note,
    and recompute the question's share. ``answers``: {code: (meets, notes)}; notes None
    keeps the stored note. PermissionDenied for an area the user does not report for,
    ValidationError for a question closed at this stage or a code not in the district."""
    return _record(item.assessment, user, {item.pk: answers})


@figures.write("assessment")
def record_sheet_answers(
    *,
    assessment: Assessment,
    user,
    answers: dict[int, dict[str, tuple[bool, str | None]]],
) -> AreaSave:
    """``record_area_answers`` for many questions at once ({question row pk: answers}):
    the kecamatan page's one save and the import's commit; all of them or none."""
    return _record(assessment, user, answers)


@figures.write("assessment")
def record_past_the_draft(
    *,
    assessment: Assessment,
    user,
    answers: dict[int, dict[str, tuple[bool, str | None]]],
) -> AreaSave:
    """``record_sheet_answers`` whatever the assessment's stage: for the demo only, which
    fills in the areas of an assessment its seed has already verified (``area_demo``).
    Who may report for which area is still checked."""
    return _record(assessment, user, answers, stage_checked=False)


def _record(assessment, user, wanted, *, stage_checked: bool = True) -> AreaSave:
    """The write behind the three, inside their transaction."""
    status = (
        Assessment.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=assessment.pk)
    )
    rows = {
        row.pk: row
        for row in ItemAssessment.objects.select_for_update(of=("self",))
        .filter(assessment=assessment, pk__in=list(wanted))
        .select_related("item__indicator")
    }
    codes: dict[str, set[str]] = {KECAMATAN: set(), DESA: set()}
    for pk, answers in wanted.items():
        row = rows.get(pk)
        level = level_of(row.item) if row else None
        if row is None or level is None:
            code = row.item.full_code if row else f"#{pk}"
            raise ValidationError(NOT_AN_AREA_QUESTION % {"code": code})
        if stage_checked and not is_open(row, status):
            raise ValidationError(ROW_NOT_EDITABLE % {"code": row.item.full_code})
        for code, (_meets, notes) in answers.items():
            if notes is not None and len(notes) > NOTES_MAX:
                raise ValidationError(NOTES_TOO_LONG % {"code": code, "max": NOTES_MAX})
        codes[level] |= set(answers)
    district = assessment.district
    areas = _areas(district, codes)
    for sub in {a if isinstance(a, Subdistrict) else a.subdistrict for a in areas.values()}:
        if not can_report_for_subdistrict(user, sub):
            raise PermissionDenied
    stored = {
        (a.item_id, area_code(a)): a
        for a in AreaAnswer.objects.filter(item__in=list(rows)).filter(
            Q(subdistrict__in=codes[KECAMATAN]) | Q(village__in=codes[DESA])
        )
    }
    now = timezone.now()
    result = AreaSave()
    new, changed = [], []
    for pk, answers in wanted.items():
        for code, (meets, notes) in answers.items():
            answer = stored.get((pk, code))
            if answer is None:
                answer = AreaAnswer(item_id=pk, meets=meets, notes=notes or "", updated_by=user)
                if isinstance(areas[code], Subdistrict):
                    answer.subdistrict_id = code
                else:
                    answer.village_id = code
                new.append(answer)
            elif answer.meets != meets or (notes is not None and answer.notes != notes):
                answer.meets = meets
                answer.notes = answer.notes if notes is None else notes
                answer.updated_by = user
                answer.updated_at = now
                changed.append(answer)
            else:
                result.unchanged += 1
    if new:
        bulk_create_with_history(new, AreaAnswer, default_user=user, default_date=now)
    if changed:
        bulk_update_with_history(
            changed,
            AreaAnswer,
            ["meets", "notes", "updated_by", "updated_at"],
            default_user=user,
            default_date=now,
        )
    result.created, result.updated = len(new), len(changed)
    if new or changed:
        result.questions = _refresh(assessment, list(rows.values()), user, now)
    return result


def _areas(district, codes: dict[str, set[str]]) -> dict[str, Subdistrict | Village]:
    """The district's areas by code; a code that is not one of them is a ValidationError."""
    found: dict[str, Subdistrict | Village] = {}
    if codes[KECAMATAN]:
        found |= {s.code: s for s in kecamatan_of(district.code).filter(code__in=codes[KECAMATAN])}
    if codes[DESA]:
        found |= {v.code: v for v in desa_of(district.code).filter(code__in=codes[DESA])}
    for level, wanted in codes.items():
        for code in sorted(wanted - set(found)):
            raise ValidationError(
                AREA_UNKNOWN
                % {"code": code, "level": LEVEL_LABELS[level], "district": district.name}
            )
    return found


def _refresh(assessment, rows: list[ItemAssessment], user, now: datetime) -> list:
    """Put each question's share into its row (figure and answer), saving those that
    changed; a few queries whatever the number of questions and areas."""
    district = assessment.district_id
    totals = {
        KECAMATAN: kecamatan_of(district).count() if any(_is(r, KECAMATAN) for r in rows) else 0,
        DESA: Village.objects.filter(subdistrict__district_id=district).count()
        if any(_is(r, DESA) for r in rows)
        else 0,
    }
    counts = {
        pk: (meeting, reported)
        for pk, meeting, reported in AreaAnswer.objects.filter(item__in=rows)
        .values("item_id")
        .annotate(meeting=Count("pk", filter=Q(meets=True)), reported=Count("pk"))
        .values_list("item_id", "meeting", "reported")
        .order_by()
    }
    saved = []
    for row in rows:
        level = level_of(row.item)
        if level is None:
            continue
        meeting, reported = counts.get(row.pk, (0, 0))
        percent, status = share_of(row.item, meeting, reported, totals[level])
        if (row.figure_current, row.self_status, row.carried_from) == (percent, status, None):
            continue
        row.figure_current, row.self_status, row.carried_from = percent, status, None
        row.updated_by, row.updated_at = user, now
        saved.append(row)
    if saved:
        bulk_update_with_history(
            saved,
            ItemAssessment,
            ["figure_current", "self_status", "carried_from", "updated_by", "updated_at"],
            default_user=user,
            default_date=now,
        )
    return saved


def _is(row: ItemAssessment, level: str) -> bool:
    return level_of(row.item) == level


@figures.write("assessment")
def refresh_shares(*, assessment: Assessment, user=None) -> list[ItemAssessment]:
    """Recompute every area question's share from its answers (after regions were
    reloaded, or to check the rows against the answers: the tests compare the two)."""
    rows = area_questions(assessment)
    return _refresh(assessment, rows, user, timezone.now())


# ---------------------------------------------------------------------------
# Reads


@dataclass
class AreaLine:
    """One kecamatan or desa/kelurahan in a question's list."""

    code: str
    name: str
    kecamatan_code: str  # the kecamatan's own code for a kecamatan
    kecamatan: str  # the desa's kecamatan; "" for a kecamatan
    is_kelurahan: bool
    meets: bool | None  # None: not reported
    notes: str = ""


@dataclass
class Share:
    row: ItemAssessment
    level: str
    total: int
    meeting: int
    reported: int
    percent: Decimal | None
    status: str
    lines: list[AreaLine]

    @property
    def code(self) -> str:
        return self.row.item.full_code

    @property
    def status_label(self) -> str:
        return dict(self.row.item.statuses).get(self.status, "")

    @property
    def met(self) -> list[AreaLine]:
        return [line for line in self.lines if line.meets]

    @property
    def not_met(self) -> list[AreaLine]:
        return [line for line in self.lines if line.meets is False]

    @property
    def missing(self) -> list[AreaLine]:
        return [line for line in self.lines if line.meets is None]

    @property
    def groups(self) -> list[tuple[str, list[AreaLine], str]]:
        """The list behind the share, as the page shows it: (heading, areas, colour)."""
        return [
            (str(MET_HEADING), self.met, "success"),
            (str(NOT_MET_HEADING), self.not_met, "danger"),
            (str(MISSING_HEADING), self.missing, "secondary"),
        ]


def shares(assessment: Assessment) -> list[Share]:
    """Per area question: how many of the district's areas there are, how many meet the
    condition, the percentage and answer that makes, and the list behind it (every area,
    met, not met or not reported). Four queries."""
    rows = area_questions(assessment)
    if not rows:
        return []
    district = assessment.district_id
    areas = {
        KECAMATAN: [
            AreaLine(s.code, s.name, s.code, "", False, None) for s in kecamatan_of(district)
        ],
        DESA: [
            AreaLine(v.code, v.name, v.subdistrict_id, v.subdistrict.name, v.is_kelurahan, None)
            for v in desa_of(district)
        ],
    }
    answers: dict[int, dict[str, AreaAnswer]] = {}
    for answer in AreaAnswer.objects.filter(item__in=rows).order_by():
        answers.setdefault(answer.item_id, {})[area_code(answer)] = answer
    result = []
    for row in rows:
        level = level_of(row.item)
        assert level is not None  # area_questions keeps only these
        given = answers.get(row.pk, {})
        lines = [
            AreaLine(
                a.code,
                a.name,
                a.kecamatan_code,
                a.kecamatan,
                a.is_kelurahan,
                given[a.code].meets if a.code in given else None,
                given[a.code].notes if a.code in given else "",
            )
            for a in areas[level]
        ]
        meeting = sum(1 for line in lines if line.meets)
        reported = sum(1 for line in lines if line.meets is not None)
        percent, status = share_of(row.item, meeting, reported, len(lines))
        result.append(
            Share(
                row=row,
                level=level,
                total=len(lines),
                meeting=meeting,
                reported=reported,
                percent=percent,
                status=status,
                lines=lines,
            )
        )
    return result


@dataclass
class Progress:
    """How far one kecamatan has reported, for itself and for its desa."""

    code: str
    name: str
    kecamatan_answered: int = 0
    kecamatan_questions: int = 0
    desa: int = 0
    desa_answered: int = 0
    desa_cells: int = 0  # its desa times the desa questions

    @property
    def complete(self) -> bool:
        return (self.kecamatan_answered, self.desa_answered) == (
            self.kecamatan_questions,
            self.desa_cells,
        )


def progress(found: list[Share]) -> list[Progress]:
    """Per kecamatan, from ``shares``' lists (no query): the answers it has given."""
    rows: dict[str, Progress] = {}
    desa: dict[str, set[str]] = {}
    for share in found:
        for line in share.lines:
            name = line.name if share.level == KECAMATAN else line.kecamatan
            entry = rows.setdefault(line.kecamatan_code, Progress(line.kecamatan_code, name))
            answered = line.meets is not None
            if share.level == KECAMATAN:
                entry.kecamatan_questions += 1
                entry.kecamatan_answered += answered
            else:
                desa.setdefault(line.kecamatan_code, set()).add(line.code)
                entry.desa_cells += 1
                entry.desa_answered += answered
    for code, villages in desa.items():
        rows[code].desa = len(villages)
    return [rows[code] for code in sorted(rows)]


@dataclass
class Cell:
    row: ItemAssessment
    answer: AreaAnswer | None

    @property
    def meets(self) -> bool | None:
        return None if self.answer is None else self.answer.meets


@dataclass
class KecamatanSheet:
    """What one kecamatan reports: its indicator-25 answers and a grid of its desa by
    the indicator-26 questions."""

    subdistrict: Subdistrict
    kecamatan_cells: list[Cell]
    desa_questions: list[ItemAssessment]
    grid: list[tuple[Village, list[Cell]]]

    @property
    def reported(self) -> int:
        cells = [*self.kecamatan_cells, *(c for _v, cells in self.grid for c in cells)]
        return sum(1 for cell in cells if cell.answer is not None)

    @property
    def cell_count(self) -> int:
        return len(self.kecamatan_cells) + len(self.desa_questions) * len(self.grid)


def kecamatan_sheet(assessment: Assessment, subdistrict: Subdistrict) -> KecamatanSheet:
    """The kecamatan page's questions, desa and answers; three queries."""
    rows = area_questions(assessment)
    villages = list(subdistrict.villages.order_by("code"))
    answers = {
        (a.item_id, area_code(a)): a
        for a in AreaAnswer.objects.filter(item__in=rows)
        .filter(Q(subdistrict=subdistrict) | Q(village__subdistrict=subdistrict))
        .order_by()
    }
    kecamatan_rows = [r for r in rows if _is(r, KECAMATAN)]
    desa_rows = [r for r in rows if _is(r, DESA)]
    return KecamatanSheet(
        subdistrict=subdistrict,
        kecamatan_cells=[Cell(r, answers.get((r.pk, subdistrict.code))) for r in kecamatan_rows],
        desa_questions=desa_rows,
        grid=[
            (village, [Cell(r, answers.get((r.pk, village.code))) for r in desa_rows])
            for village in villages
        ],
    )


# ---------------------------------------------------------------------------
# The Excel sheet: one row per kecamatan or desa/kelurahan, one column per question


def parse_meets(value) -> bool | None:
    """A cell as an answer: Ya/Tidak, 1/0, a tick; None for an empty cell, ValueError
    for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip()
    if not text:
        return None
    if text in YES_MARKS:
        return True
    key = text_key(text)
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(text)


def normalize_code(value) -> str:
    """A region code as stored ("63.11.01.2001"), also from one typed without dots."""
    text = re.sub(r"\s+", "", parse_text(value))
    if re.fullmatch(r"\d{6}", text):
        return f"{text[:2]}.{text[2:4]}.{text[4:]}"
    if re.fullmatch(r"\d{10}", text):
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text


@dataclass
class AreaChange:
    code: str
    answers: dict[int, bool]  # question row pk -> meets


@dataclass
class AreaPreview(Preview):
    level: str = KECAMATAN
    questions: list = field(default_factory=list)  # the level's question rows


class _Lookups:
    """The district's areas, the sheet's codes elsewhere, and the stored answers:
    a fixed number of queries per file."""

    def __init__(self, assessment, level, questions, codes):
        self.assessment = assessment
        self.district = assessment.district
        self.level = level
        self.questions = questions
        self.status = assessment.status
        self.areas: dict[str, Subdistrict | Village]
        if level == KECAMATAN:
            self.areas = {
                s.code: s
                for s in Subdistrict.objects.filter(code__in=codes).select_related("district")
            }
        else:
            self.areas = {
                v.code: v
                for v in Village.objects.filter(code__in=codes).select_related(
                    "subdistrict__district"
                )
            }
        self.stored = {
            (a.item_id, area_code(a)): a.meets
            for a in AreaAnswer.objects.filter(item__in=questions).filter(
                Q(subdistrict__in=codes) | Q(village__in=codes)
            )
        }
        self.seen = SeenRows()


def aliases_for(level: str, questions: list[ItemAssessment]) -> dict[str, list[str]]:
    aliases = {"code": CODE_ALIASES, "name": NAME_ALIASES[level]}
    if level == DESA:
        aliases["kecamatan"] = ["Kecamatan", "Nama Kecamatan"]
    for row in questions:
        code = row.item.full_code
        aliases[code] = [f"Pertanyaan {code}", f"No {code}"]
    return aliases


def preview_area_import(*, assessment: Assessment, user, file, level: str) -> AreaPreview:
    """What the sheet would record, row by row, without writing. ``SheetError`` for a
    file that cannot be read or has no question column. ``user`` is the importer: the
    view lets only the Dinas PPPA import, and the commit checks every area again."""
    questions = area_questions(assessment, level)
    if not questions:
        raise SheetError(str(NO_QUESTIONS % {"level": LEVEL_LABELS[level]}))
    table = read_table(file, aliases_for(level, questions), {"code"})
    by_code = {row.item.full_code: row for row in questions}
    present = [by_code[c] for c in by_code if c in table.columns]
    if not present:
        raise SheetError(str(NO_QUESTION_COLUMNS % {"columns": ", ".join(by_code)}))
    codes = {normalize_code(r.values.get("code")) for r in table.rows}
    lookups = _Lookups(assessment, level, present, codes - {""})
    preview = check_rows(table, lambda row: _check_row(row, lookups), AreaPreview())
    preview.level, preview.questions = level, present
    return preview


def _check_row(row: Row, lookups: _Lookups) -> PreviewRow:
    code = normalize_code(row.values.get("code"))
    name = parse_text(row.values.get("name"))
    result = RowResult(number=row.number, action="reject", label=f"{code} {name}".strip())
    errors = result.errors
    area = lookups.areas.get(code)
    if not code:
        errors.append(str(CODE_MISSING))
    elif area is None:
        unknown = KECAMATAN_UNKNOWN if lookups.level == KECAMATAN else DESA_UNKNOWN
        errors.append(str(unknown % {"code": code}))
    else:
        result.label = f"{code} {area.name}"
        district = area.district if isinstance(area, Subdistrict) else area.subdistrict.district
        if district.code != lookups.district.code:
            elsewhere = KECAMATAN_ELSEWHERE if lookups.level == KECAMATAN else DESA_ELSEWHERE
            errors.append(
                str(
                    elsewhere
                    % {
                        "name": area.name,
                        "code": code,
                        "other": district.name,
                        "district": lookups.district.name,
                    }
                )
            )
    answers: dict[int, bool] = {}
    for question in lookups.questions:
        question_code = question.item.full_code
        raw = row.values.get(question_code)
        try:
            meets = parse_meets(raw)
        except ValueError:
            errors.append(
                str(VALUE_UNREADABLE % {"question": question_code, "value": parse_text(raw)})
            )
            continue
        if meets is None:
            continue
        if not is_open(question, lookups.status):
            errors.append(str(ROW_NOT_EDITABLE % {"code": question_code}))
            continue
        answers[question.pk] = meets
    if code:
        earlier = lookups.seen.repeat_of(row.number, code)
        if earlier is not None:
            errors.append(str(DUPLICATE_ROW % {"row": earlier}))
    if errors:
        return PreviewRow(result)
    codes = {q.pk: q.item.full_code for q in lookups.questions}
    new = [pk for pk in answers if (pk, code) not in lookups.stored]
    changed = [
        pk
        for pk, meets in answers.items()
        if (pk, code) in lookups.stored and lookups.stored[(pk, code)] != meets
    ]
    if not answers:
        result.action, result.detail = "unchanged", str(NO_ANSWER_IN_ROW)
    elif new:
        result.action = "create"
    elif changed:
        result.action = "update"
    else:
        result.action = "unchanged"
    result.detail = result.detail or ", ".join(codes[pk] for pk in [*new, *changed])
    return PreviewRow(result, AreaChange(code, answers))


def apply_area_import(
    *, assessment: Assessment, user, file, level: str, only_valid: bool
) -> tuple[ImportReport, bool]:
    """Re-read the confirmed file and record its rows in one transaction. With rejected
    rows and no ``only_valid``, nothing is written. Returns the report and whether it
    wrote."""
    preview = preview_area_import(assessment=assessment, user=user, file=file, level=level)

    def write(rows: list[PreviewRow]) -> None:
        wanted: dict[int, dict[str, tuple[bool, str | None]]] = {}
        for row in rows:
            for pk, meets in row.change.answers.items():
                wanted.setdefault(pk, {})[row.change.code] = (meets, None)
        if wanted:
            record_sheet_answers(assessment=assessment, user=user, answers=wanted)

    written = commit_preview(preview, write, only_valid=only_valid)
    return preview.report, written


def template_workbook(assessment: Assessment, level: str) -> bytes:
    """The sheet to fill in: one row per kecamatan (or desa/kelurahan) of the district
    with its current answers, one column per question, the questions on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    questions = area_questions(assessment, level)
    district = assessment.district
    stored = {
        (a.item_id, area_code(a)): a.meets
        for a in AreaAnswer.objects.filter(item__in=questions).order_by()
    }
    book = Workbook()
    sheet = book.worksheets[0]  # the one sheet of a new workbook (``active`` may be None)
    is_desa = level == DESA
    sheet.title = _("Desa-Kelurahan") if is_desa else _("Kecamatan")
    sheet.append(
        [
            _("Indikator %(code)s per %(level)s, %(district)s %(year)s (isi Ya atau Tidak)")
            % {
                "code": INDICATOR_OF_LEVEL[level],
                "level": LEVEL_LABELS[level],
                "district": district.name,
                "year": assessment.year,
            }
        ]
    )
    lead = ["", "", ""] if is_desa else ["", ""]
    sheet.append([*lead, *(row.item.text for row in questions)])
    headers = [CODE_ALIASES[0], *(["Kecamatan", "Desa/Kelurahan"] if is_desa else ["Kecamatan"])]
    sheet.append([*headers, *(row.item.full_code for row in questions)])
    sheet["A1"].font = Font(bold=True)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(size=8)
    areas = desa_of(district.code) if is_desa else kecamatan_of(district.code)
    for area in areas:
        names = [area.subdistrict.name, area.name] if is_desa else [area.name]
        values = []
        for row in questions:
            meets = stored.get((row.pk, area.code))
            values.append("" if meets is None else (_("Ya") if meets else _("Tidak")))
        sheet.append([area.code, *names, *values])
    widths = [16, 22, 26] if is_desa else [12, 24]
    for column, width in enumerate(widths + [12] * len(questions), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[2].height = 90
    sheet.freeze_panes = f"{get_column_letter(len(headers) + 1)}4"
    guide = book.create_sheet(_("Petunjuk"))
    guide.append([_("Nomor"), _("Pertanyaan"), _("Isian")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for row in questions:
        guide.append(
            [
                row.item.full_code,
                row.item.text,
                _("Ya bila %(level)s ini memenuhi, Tidak bila belum; kosong bila belum tahu")
                % {"level": LEVEL_LABELS[level]},
            ]
        )
    guide.column_dimensions["A"].width = 10
    guide.column_dimensions["B"].width = 70
    guide.column_dimensions["C"].width = 60
    return workbook_bytes(book)
