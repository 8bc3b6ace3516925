"""The assessment's path, from draft to locked, and who may do what on it.

The ministry's chain, as the app runs it::

    draft      the Dinas PPPA (district admin) fills the items, accepts or
               overrides the app's suggestions, attaches evidence
    reviewed   the Dinas PPPA has checked the whole; the task-force chair signs
               off (their name is recorded)
    submitted  sent to the province; verifiers (the province coordinator of
               the district's province, whose one write right this is, or a
               ministry evaluator) set a verified status and comment per item,
               may return one item (the district fixes just that item) or the
               whole assessment (back to draft)
    verified   the verifier has finished
    locked     nothing changes any more, except an item a verifier reopens:
               that item alone becomes editable for the district and
               verifiable again, the rest stays locked

The permission rules live here, in ``can_*`` functions; the views and templates
ask them. They add the stage to the role rules of ``kla_portal.access``
(``can_edit_district``, ``can_verify_administratively``), which alone say who holds
which role where. Every write records the acting user in the history
(django-simple-history).
"""

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators import agency_answers, stages
from indicators.models import (
    Assessment,
    ChecklistItem,
    Framework,
    ItemAssessment,
    ItemEvidence,
)
from kla_portal import figures
from kla_portal.access import can_edit_district, can_verify_administratively, is_evaluator
from kla_portal.history import save_with_history

if TYPE_CHECKING:
    from indicators.derived import Suggestion

Status = Assessment.Status

NO_FRAMEWORK = _("Belum ada kerangka indikator yang berlaku untuk tahun %(year)s.")
ALREADY_EXISTS = _("Penilaian %(year)s untuk kabupaten/kota ini sudah ada.")
NOT_EDITABLE = _("Butir ini tidak dapat diubah pada tahap penilaian sekarang.")
NOT_VERIFIABLE = _("Butir ini tidak dapat diverifikasi pada tahap penilaian sekarang.")
WRONG_STEP = _("Langkah ini tidak tersedia pada status penilaian sekarang.")
CHAIR_REQUIRED = _("Tuliskan nama ketua gugus tugas yang menyetujui.")
SIGN_OFF_REQUIRED = _("Penilaian harus disetujui ketua gugus tugas sebelum diajukan.")
COMMENT_REQUIRED = _("Tuliskan komentar untuk daerah.")
REASON_REQUIRED = _("Tuliskan alasan mengubah usulan otomatis.")
NO_SUGGESTION = _("Tidak ada usulan otomatis untuk butir ini.")
ITEMS_STILL_RETURNED = _("Masih ada %(n)s butir yang dikembalikan ke daerah.")
ITEMS_STILL_REOPENED = _("Masih ada %(n)s butir yang dibuka kembali.")
NO_EARLIER = _("Tidak ada penilaian %(year)s untuk kabupaten/kota ini yang bisa disalin.")
CARRY_NOT_EARLIER = _("Jawaban hanya bisa disalin dari tahun sebelum %(year)s.")
CARRY_OTHER_FRAMEWORK = _(
    "Penilaian %(source)s memakai kerangka lain (%(framework)s); jawabannya tidak bisa disalin "
    "ke penilaian %(year)s."
)
# One row of the assessment form that cannot be saved; each names the question.
ROW_UNKNOWN = _("Pertanyaan #%(pk)s bukan bagian dari penilaian ini.")
ROW_NOT_EDITABLE = _("%(code)s: pertanyaan ini tidak dapat diubah pada tahap penilaian sekarang.")
ROW_BAD_STATUS = _("%(code)s: jawaban «%(value)s» tidak tersedia untuk pertanyaan ini.")
ROW_NOT_A_NUMBER = _("%(code)s: %(field)s «%(value)s» bukan angka.")
ROW_NEGATIVE = _("%(code)s: %(field)s tidak boleh kurang dari 0.")
ROW_OVER_100 = _("%(code)s: %(field)s tidak boleh lebih dari 100%%.")
ROW_NOT_WHOLE = _("%(code)s: %(field)s harus bilangan bulat.")
ROW_TOO_LARGE = _("%(code)s: %(field)s terlalu besar.")
ROW_NO_SUGGESTION = _("%(code)s: tidak ada usulan otomatis untuk diterima.")
ROW_STALE = _(
    "%(code)s sudah diubah %(who)s pada %(when)s setelah halaman ini dibuka. "
    "Tersimpan: %(stored)s. Isian Anda: %(yours)s. Periksa, lalu simpan lagi bila isian "
    "Anda yang benar."
)


# ---------------------------------------------------------------------------
# Who may do what


def is_verifier(user, assessment: Assessment) -> bool:
    """The VA's side of the workflow, as ``can_manage`` is the district's: the
    province's coordinator (evaluators act at the later stages, ``indicators.stages``)."""
    return can_verify_administratively(user, assessment.district)


def can_manage(user, assessment: Assessment) -> bool:
    """The district's Dinas PPPA (or a superuser) runs the district side of the workflow."""
    return user.is_authenticated and can_edit_district(user, assessment.district)


def can_fill(user, assessment: Assessment) -> bool:
    """Whether the district may change items: the whole draft."""
    return can_manage(user, assessment) and assessment.status == Status.DRAFT


def can_fill_item(user, item: ItemAssessment) -> bool:
    """A draft's items, or one a verifier returned or reopened."""
    assessment = item.assessment
    if not can_manage(user, assessment):
        return False
    if assessment.status == Status.DRAFT:
        return True
    if item.is_returned and assessment.status != Status.REVIEWED:
        return True  # returned at the VA or a later stage
    return item.is_reopened and assessment.status in (Status.VERIFIED, Status.LOCKED)


def deadline_refusal(item: ItemAssessment) -> str | None:
    """Why the district may no longer change this question: the upload deadline has
    passed and no verifier returned or reopened it. None when it may."""
    if item.is_returned or item.is_reopened:
        return None
    closed = stages.em_closed_on(item.assessment)
    return stages.deadline_message(closed) if closed else None


def can_review(user, assessment: Assessment) -> bool:
    return can_manage(user, assessment) and assessment.status == Status.DRAFT


def can_sign_off(user, assessment: Assessment) -> bool:
    return can_manage(user, assessment) and assessment.status == Status.REVIEWED


def can_submit(user, assessment: Assessment) -> bool:
    return (
        can_manage(user, assessment)
        and assessment.status == Status.REVIEWED
        and bool(assessment.signed_off_by)
    )


def can_verify(user, assessment: Assessment) -> bool:
    """Whether the user verifies this assessment now (item by item, return, finish)."""
    return is_verifier(user, assessment) and assessment.status == Status.SUBMITTED


def can_verify_item(user, item: ItemAssessment) -> bool:
    assessment = item.assessment
    if not is_verifier(user, assessment):
        return False
    if assessment.status == Status.SUBMITTED:
        return True
    return item.is_reopened and assessment.status in (Status.VERIFIED, Status.LOCKED)


def can_lock(user, assessment: Assessment) -> bool:
    return is_verifier(user, assessment) and assessment.status == Status.VERIFIED


def can_reopen_item(user, item: ItemAssessment) -> bool:
    """The province (its VA) or an evaluator (the later stages) opens one question of a
    verified or locked assessment to the district again."""
    return (
        (is_verifier(user, item.assessment) or is_evaluator(user))
        and item.assessment.status in (Status.VERIFIED, Status.LOCKED)
        and not item.is_reopened
    )


# ---------------------------------------------------------------------------
# Writes


def framework_for_year(year: int) -> Framework | None:
    """The framework in force in that year (the most recent one, if they overlap)."""
    return (
        Framework.objects.filter(first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .order_by("-first_year")
        .first()
    )


def carry_source(*, district, year: int) -> Assessment | None:
    """The assessment a new one for ``year`` may start from: the district's latest
    earlier one on the framework of that year (answers only carry within a framework,
    whose questions they are)."""
    framework = framework_for_year(year)
    if framework is None:
        return None
    return (
        Assessment.objects.filter(district=district, framework=framework, year__lt=year)
        .order_by("-year")
        .first()
    )


@figures.write("district")
def start_assessment(*, district, year: int, user, carry_from: int | None = None) -> Assessment:
    """A draft for the year, under the framework of that year, with one row per butir.

    With ``carry_from`` (an earlier year of the district on the same framework), each
    question starts from that year's answer: status, figures, notes and evidence (new
    evidence rows pointing at the same stored files), marked ``carried_from`` until
    someone confirms or changes it. A percentage over two years moves on a year: last
    year's figure for its own year becomes this year's "previous year" figure, and this
    year's is left to fill in.
    """
    framework = framework_for_year(year)
    if framework is None:
        raise ValidationError(NO_FRAMEWORK % {"year": year})
    if Assessment.objects.filter(district=district, year=year).exists():
        raise ValidationError(ALREADY_EXISTS % {"year": year})
    source = None
    if carry_from is not None:
        if carry_from >= year:
            raise ValidationError(CARRY_NOT_EARLIER % {"year": year})
        source = (
            Assessment.objects.filter(district=district, year=carry_from)
            .select_related("framework")
            .first()
        )
        if source is None:
            raise ValidationError(NO_EARLIER % {"year": carry_from})
        if source.framework_id != framework.pk:
            raise ValidationError(
                CARRY_OTHER_FRAMEWORK
                % {"source": carry_from, "framework": source.framework.name, "year": year}
            )
    assessment = Assessment(district=district, year=year, framework=framework)
    save_with_history(assessment, user=user)
    items = ChecklistItem.objects.filter(indicator__framework=framework).order_by(
        "indicator__number", "order"
    )
    earlier = {}
    if source is not None:
        earlier = {ia.item_id: ia for ia in source.items.prefetch_related("evidence").order_by()}
    rows = []
    for item in items:
        row = ItemAssessment(assessment=assessment, item=item, updated_by=user)
        old = earlier.get(item.pk)
        if old is not None and _has_answer(old):
            _carry(old, row, item, carry_from)
        rows.append(row)
    created = bulk_create_with_history(rows, ItemAssessment, default_user=user)
    if source is not None:
        by_item = {row.item_id: row for row in created}
        evidence = [
            ItemEvidence(
                item_assessment=by_item[old.item_id],
                file=e.file.name,
                original_name=e.original_name,
                uploaded_by_id=e.uploaded_by_id,
            )
            for old in earlier.values()
            if old.item_id in by_item and by_item[old.item_id].carried_from
            for e in old.evidence.all()
        ]
        if evidence:
            bulk_create_with_history(evidence, ItemEvidence, default_user=user)
    agency_answers.route_assessment(assessment=assessment, user=user)
    stages.stage_rows(assessment)
    return assessment


def _has_answer(row: ItemAssessment) -> bool:
    return bool(
        row.self_status
        or row.notes.strip()
        or row.figure_previous is not None
        or row.figure_current is not None
        or row.evidence.all()
    )


def _carry(old: ItemAssessment, row: ItemAssessment, item: ChecklistItem, year) -> None:
    row.self_status = old.self_status
    row.notes = old.notes
    if item.figures == ChecklistItem.Figures.PERCENT_YEARS:
        row.figure_previous = old.figure_current
    else:
        row.figure_previous = old.figure_previous
        row.figure_current = old.figure_current
    row.carried_from = year


def _check_fill(user, item):
    if not can_fill_item(user, item):
        raise ValidationError(NOT_EDITABLE)
    refusal = deadline_refusal(item)
    if refusal:
        raise ValidationError(refusal)


@figures.write("item")
def fill_item(*, item: ItemAssessment, user, status: str, notes: str) -> ItemAssessment:
    """The district's claim on one butir: its status and notes.

    Choosing a status other than an accepted suggestion's withdraws the acceptance.
    """
    _check_fill(user, item)
    item.self_status = status
    item.notes = notes
    if item.suggestion_accepted and status != item.suggested_status:
        item.suggestion_accepted = False
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["self_status", "notes", "suggestion_accepted", "updated_by", "updated_at"],
        clean=False,
    )
    return item


@figures.write("item")
def accept_suggestion(*, item: ItemAssessment, user, suggestion) -> ItemAssessment:
    """Take the app's suggestion (``derived.Suggestion``) as the district's status."""
    _check_fill(user, item)
    if suggestion is None or not suggestion.status:
        raise ValidationError(NO_SUGGESTION)
    item.self_status = suggestion.status
    item.suggested_status = suggestion.status
    item.suggestion_text = suggestion.explanation[:300]
    item.suggestion_accepted = True
    item.override_reason = ""
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=[
            "self_status",
            "suggested_status",
            "suggestion_text",
            "suggestion_accepted",
            "override_reason",
            "updated_by",
            "updated_at",
        ],
        clean=False,
    )
    return item


@figures.write("item")
def override_suggestion(
    *, item: ItemAssessment, user, suggestion, status: str, reason: str
) -> ItemAssessment:
    """Set a status other than the app's suggestion, saying why."""
    _check_fill(user, item)
    if suggestion is None or not suggestion.status:
        raise ValidationError(NO_SUGGESTION)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED)
    item.self_status = status
    item.suggested_status = suggestion.status
    item.suggestion_text = suggestion.explanation[:300]
    item.suggestion_accepted = False
    item.override_reason = reason.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=[
            "self_status",
            "suggested_status",
            "suggestion_text",
            "suggestion_accepted",
            "override_reason",
            "updated_by",
            "updated_at",
        ],
        clean=False,
    )
    return item


@figures.write("item")
@transaction.atomic
def add_evidence(*, item: ItemAssessment, user, files) -> list[ItemEvidence]:
    """Attach checked uploads (from ``EvidenceFilesField``) to the item: all or none."""
    _check_fill(user, item)
    added = []
    for uploaded in files:
        evidence = ItemEvidence(
            item_assessment=item, file=uploaded, original_name=uploaded.name, uploaded_by=user
        )
        save_with_history(evidence, user=user, clean=False)
        added.append(evidence)
    return added


# ---------------------------------------------------------------------------
# Many answers at once: the assessment page's one save

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FIGURE_LIMIT = Decimal(10) ** 10  # ItemAssessment figures: 12 digits, 2 of them decimals
THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")
SUGGESTION_FIELDS = [
    "suggested_status",
    "suggestion_text",
    "suggestion_accepted",
    "override_reason",
]
# What an answer changes; ``updated_by`` and ``updated_at`` are the same for every row of
# a save and are written apart, in one plain UPDATE.
ANSWER_FIELDS = [
    "self_status",
    "figure_previous",
    "figure_current",
    "notes",
    "carried_from",
    *SUGGESTION_FIELDS,
]


@dataclass(frozen=True)
class ItemChange:
    """One question's row as the assessment form posted it, before any check.

    Figures come as typed ("12,5", "12.5"; "" for none). ``version`` is
    ``version_of`` the row when the page was loaded (None: the caller does not guard
    against a stale save, as a script does); ``was`` is ``answer_digest`` of the
    values the page showed, so that a row the user did not touch is recognised as
    such even when someone else has changed it since (the form without JavaScript
    posts every row).
    """

    pk: int
    status: str = ""
    figure_previous: str = ""
    figure_current: str = ""
    notes: str = ""
    version: str | None = None
    was: str = ""
    confirm: bool = False  # "Konfirmasi": a carried answer is still right
    accept_suggestion: bool = False
    reason: str = ""  # why the answer differs from the app's suggestion


@dataclass(frozen=True)
class FillResult:
    saved: list[ItemAssessment]
    unchanged: int


class FillRefused(ValidationError):
    """Nothing was saved. ``problems``: {row pk: messages naming the question};
    ``stale``: the rows someone else changed since the page was loaded, as stored now;
    ``changed``: the rows the user changed (the page shows them with the user's input)."""

    def __init__(
        self,
        problems: dict[int, list[str]],
        stale: dict[int, ItemAssessment],
        changed: set[int],
    ):
        super().__init__([message for found in problems.values() for message in found])
        self.problems = problems
        self.stale = stale
        self.changed = changed


def version_of(item: ItemAssessment) -> str:
    """The row's version as the page carries it: its ``updated_at`` in microseconds."""
    if item.updated_at is None:
        return ""
    return str((item.updated_at - EPOCH) // timedelta(microseconds=1))


def _figure_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _notes(text: str) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def answer_digest(status: str, figure_previous, figure_current, notes: str) -> str:
    """A short fingerprint of an answer: equal answers, equal digests."""
    text = "\x1f".join(
        [status or "", _figure_text(figure_previous), _figure_text(figure_current), _notes(notes)]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def digest_of(item: ItemAssessment) -> str:
    return answer_digest(item.self_status, item.figure_previous, item.figure_current, item.notes)


def parse_figure(raw: str, kind: str) -> Decimal | None:
    """A typed figure as a number: "12,5" and "12.5" are 12.50, "1.250" counts 1250.

    Raises ``ValueError`` when it is not a number.
    """
    text = (raw or "").strip().replace(" ", "").rstrip("%")
    if not text:
        return None
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif kind == ChecklistItem.Figures.COUNT and THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(raw) from error
    if not value.is_finite():
        raise ValueError(raw)
    return value


def figure_labels(item: ChecklistItem, year: int) -> dict[str, str]:
    """The figure inputs a question asks for, with their words: {field: label}."""
    if item.figures == ChecklistItem.Figures.PERCENT_YEARS:
        return {
            "figure_previous": gettext("persentase %(year)s") % {"year": year - 1},
            "figure_current": gettext("persentase %(year)s") % {"year": year},
        }
    if item.figures == ChecklistItem.Figures.PERCENT:
        return {"figure_current": gettext("persentase %(year)s") % {"year": year}}
    if item.figures == ChecklistItem.Figures.COUNT:
        return {"figure_current": gettext("jumlah %(year)s") % {"year": year}}
    return {}


def _checked_figure(item, field, label, raw, problems) -> Decimal | None:
    code = item.full_code
    try:
        value = parse_figure(raw, item.figures)
    except ValueError:
        problems.append(ROW_NOT_A_NUMBER % {"code": code, "field": label, "value": raw.strip()})
        return None
    if value is None:
        return None
    if value < 0:
        problems.append(ROW_NEGATIVE % {"code": code, "field": label})
    elif item.figures == ChecklistItem.Figures.COUNT and value != value.to_integral_value():
        problems.append(ROW_NOT_WHOLE % {"code": code, "field": label})
    elif item.figures != ChecklistItem.Figures.COUNT and value > 100:
        problems.append(ROW_OVER_100 % {"code": code, "field": label})
    elif value >= FIGURE_LIMIT:
        problems.append(ROW_TOO_LARGE % {"code": code, "field": label})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def describe_answer(item: ChecklistItem, status, figure_previous, figure_current, notes) -> str:
    """An answer in words, for a message: «3/4», angka 45.50, catatan «…»."""
    labels = dict(item.statuses)
    parts = [f"«{labels.get(status, status)}»" if status else gettext("belum dijawab")]
    asked = figure_labels(item, 0)
    if "figure_previous" in asked:
        parts.append(gettext("angka tahun lalu %(value)s") % {"value": _shown(figure_previous)})
    if "figure_current" in asked:
        parts.append(gettext("angka tahun ini %(value)s") % {"value": _shown(figure_current)})
    notes = _notes(notes)
    if notes:
        short = notes if len(notes) <= 60 else notes[:57] + "…"
        parts.append(gettext("catatan «%(notes)s»") % {"notes": short})
    return ", ".join(parts)


def _shown(value: Decimal | None) -> str:
    return _figure_text(value) or "—"


def _stale_message(row: ItemAssessment, yours: tuple) -> str:
    who = row.updated_by.get_full_name() or row.updated_by.username if row.updated_by else "—"
    return ROW_STALE % {
        "code": row.item.full_code,
        "who": who,
        "when": date_format(timezone.localtime(row.updated_at), "d/m/Y H:i"),
        "stored": describe_answer(
            row.item, row.self_status, row.figure_previous, row.figure_current, row.notes
        ),
        "yours": describe_answer(row.item, *yours),
    }


@figures.write("assessment")
def fill_items(
    *,
    assessment: Assessment,
    user,
    changes: Iterable[ItemChange],
    suggestions: Mapping[int, "Suggestion"] | None = None,
) -> FillResult:
    """Save every changed row of the assessment form in one transaction, or none.

    Each row is checked first: it belongs to the assessment and the user may fill
    it now (``can_fill_item``), its answer is one its question allows, its figures
    are numbers of at least 0 (a percentage at most 100, a count whole), an accepted
    suggestion exists (``suggestions``: {row pk: ``derived.Suggestion``}), and nobody
    changed it since the page was loaded (``version``). Any problem refuses the
    whole save (``FillRefused``, a message per problem naming the question). A row
    the user did not change is left alone. Changing or confirming a carried answer
    clears its ``carried_from``; answering other than an accepted suggestion
    withdraws the acceptance, and a reason records an override of the suggestion.
    """
    changes = list(changes)
    suggestions = suggestions or {}
    if not changes:
        return FillResult([], 0)
    # The stage as it is now, not as the page saw it; the rows locked till the end.
    assessment.status = (
        Assessment.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=assessment.pk)
    )
    rows = {
        row.pk: row
        for row in ItemAssessment.objects.select_for_update(of=("self",))
        .filter(assessment=assessment, pk__in=[c.pk for c in changes])
        .select_related("item__indicator", "updated_by")
    }
    problems: dict[int, list[str]] = {}
    stale: dict[int, ItemAssessment] = {}
    saved: list[ItemAssessment] = []
    changed: set[int] = set()
    written: set[str] = set()
    unchanged = 0
    now = timezone.now()
    for change in changes:
        row = rows.get(change.pk)
        if row is None:
            problems[change.pk] = [ROW_UNKNOWN % {"pk": change.pk}]
            continue
        row.assessment = assessment  # the permission rules read it: no query per row
        item = row.item
        found: list[str] = []
        status = change.status or ""
        suggestion = suggestions.get(row.pk)
        if change.accept_suggestion:
            if suggestion is None or not suggestion.status:
                found.append(ROW_NO_SUGGESTION % {"code": item.full_code})
            else:
                status = suggestion.status
        asked = figure_labels(item, assessment.year)
        previous, current = row.figure_previous, row.figure_current
        if "figure_previous" in asked:
            previous = _checked_figure(
                item, "figure_previous", asked["figure_previous"], change.figure_previous, found
            )
        if "figure_current" in asked:
            current = _checked_figure(
                item, "figure_current", asked["figure_current"], change.figure_current, found
            )
        notes = _notes(change.notes)
        answer = (status, previous, current, notes)
        reason = change.reason.strip()
        touched = (
            (change.confirm and row.carried_from is not None)
            or (change.accept_suggestion and not row.suggestion_accepted)
            or (bool(reason) and reason != row.override_reason)
        )
        stored = (row.self_status, row.figure_previous, row.figure_current, _notes(row.notes))
        untouched = answer == stored or (change.was and answer_digest(*answer) == change.was)
        if untouched and not found and not touched:
            unchanged += 1
            continue
        changed.add(row.pk)
        if not can_fill_item(user, row):
            problems[row.pk] = [ROW_NOT_EDITABLE % {"code": item.full_code}]
            continue
        refusal = deadline_refusal(row)
        if refusal:
            problems[row.pk] = [f"{item.full_code}: {refusal}"]
            continue
        if status and status not in dict(item.statuses):
            found.append(ROW_BAD_STATUS % {"code": item.full_code, "value": status})
        if change.version is not None and change.version != version_of(row):
            found.append(_stale_message(row, answer))
            stale[row.pk] = row
        if found:
            problems[row.pk] = found
            continue
        before = [getattr(row, name) for name in ANSWER_FIELDS]
        row.self_status, row.figure_previous, row.figure_current, row.notes = answer
        row.carried_from = None
        if change.accept_suggestion and suggestion is not None:  # checked above
            row.suggested_status = suggestion.status
            row.suggestion_text = suggestion.explanation[:300]
            row.suggestion_accepted = True
            row.override_reason = ""
        elif reason and suggestion is not None and suggestion.status not in ("", status):
            row.suggested_status = suggestion.status
            row.suggestion_text = suggestion.explanation[:300]
            row.suggestion_accepted = False
            row.override_reason = reason
        elif row.suggestion_accepted and status != row.suggested_status:
            row.suggestion_accepted = False
        row.updated_by = user
        row.updated_at = now
        written.update(
            name
            for name, old in zip(ANSWER_FIELDS, before, strict=True)
            if getattr(row, name) != old
        )
        saved.append(row)
    if problems:
        raise FillRefused(problems, stale, changed)
    if saved:
        # Only the fields some row changed: bulk_update writes a CASE per field and row.
        fields = [name for name in ANSWER_FIELDS if name in written]
        bulk_update_with_history(saved, ItemAssessment, fields, default_user=user, default_date=now)
        ItemAssessment.objects.filter(pk__in=[row.pk for row in saved]).update(
            updated_by=user, updated_at=now
        )
    return FillResult(saved, unchanged)


def _move(assessment, user, allowed: bool, status, **fields):
    if not allowed:
        raise ValidationError(WRONG_STEP)
    assessment.status = status
    for name, value in fields.items():
        setattr(assessment, name, value)
    save_with_history(assessment, user=user, fields=["status", *fields, "updated_at"], clean=False)
    return assessment


@figures.write("assessment")
def review_assessment(*, assessment: Assessment, user) -> Assessment:
    """The Dinas PPPA has checked the draft: it goes to the chair for sign-off."""
    return _move(assessment, user, can_review(user, assessment), Status.REVIEWED)


@figures.write("assessment")
def reopen_draft(*, assessment: Assessment, user) -> Assessment:
    """Back from reviewed to draft (something to fix before the chair signs)."""
    allowed = can_manage(user, assessment) and assessment.status == Status.REVIEWED
    return _move(assessment, user, allowed, Status.DRAFT, signed_off_by="", signed_off_at=None)


@figures.write("assessment")
def sign_off(*, assessment: Assessment, user, chair_name: str) -> Assessment:
    """Record the task-force chair's approval (by name: the chair rarely has an account)."""
    if not chair_name.strip():
        raise ValidationError(CHAIR_REQUIRED)
    if not can_sign_off(user, assessment):
        raise ValidationError(WRONG_STEP)
    assessment.signed_off_by = chair_name.strip()[:200]
    assessment.signed_off_at = timezone.now()
    save_with_history(
        assessment, user=user, fields=["signed_off_by", "signed_off_at", "updated_at"], clean=False
    )
    return assessment


@figures.write("assessment")
def submit_assessment(*, assessment: Assessment, user) -> Assessment:
    """The EM is completed with the district's total, and the province's VA begins."""
    if assessment.status == Status.REVIEWED and not assessment.signed_off_by:
        raise ValidationError(SIGN_OFF_REQUIRED)
    closed = stages.em_closed_on(assessment)
    if closed and can_submit(user, assessment):
        raise ValidationError(stages.deadline_message(closed))
    _move(
        assessment,
        user,
        can_submit(user, assessment),
        Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    stages.em_submitted(assessment, user)
    return assessment


@figures.write("item")
def verify_item(*, item: ItemAssessment, user, status: str, comment: str) -> ItemAssessment:
    """The verifier's finding on one butir; clears a return or a reopening."""
    if not can_verify_item(user, item):
        raise ValidationError(NOT_VERIFIABLE)
    refreeze = item.is_reopened
    item.verified_status = status
    item.verifier_comment = comment.strip()
    item.is_returned = False
    item.is_reopened = False
    item.resubmitted_at = None
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=[
            "verified_status",
            "verifier_comment",
            "is_returned",
            "is_reopened",
            "resubmitted_at",
            "updated_by",
            "updated_at",
        ],
        clean=False,
    )
    if refreeze:
        stages.refreeze(item.assessment, stages.Stage.VA, user)
    return item


@figures.write("item")
def return_item(*, item: ItemAssessment, user, comment: str) -> ItemAssessment:
    """Send one butir back to the district, with what to fix."""
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    if not can_verify(user, item.assessment):
        raise ValidationError(NOT_VERIFIABLE)
    item.is_returned = True
    item.verifier_comment = comment.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["is_returned", "verifier_comment", "updated_by", "updated_at"],
        clean=False,
    )
    stages.question_returned(item, user)
    return item


@figures.write("item")
def reopen_item(*, item: ItemAssessment, user, comment: str) -> ItemAssessment:
    """Open one butir of a verified or locked assessment; the rest stays as it is."""
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    if not can_reopen_item(user, item):
        raise ValidationError(NOT_VERIFIABLE)
    item.is_reopened = True
    item.verifier_comment = comment.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["is_reopened", "verifier_comment", "updated_by", "updated_at"],
        clean=False,
    )
    return item


@figures.write("assessment")
def return_assessment(*, assessment: Assessment, user, comment: str) -> Assessment:
    """The whole assessment back to draft: review and sign-off start again."""
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    _move(
        assessment,
        user,
        can_verify(user, assessment),
        Status.DRAFT,
        return_comment=comment.strip(),
        signed_off_by="",
        signed_off_at=None,
    )
    stages.em_reopened(assessment, user)
    return assessment


@figures.write("assessment")
def finish_verification(*, assessment: Assessment, user) -> Assessment:
    if not can_verify(user, assessment):
        raise ValidationError(WRONG_STEP)
    returned = assessment.items.filter(is_returned=True).count()
    if returned:
        raise ValidationError(ITEMS_STILL_RETURNED % {"n": returned})
    _move(
        assessment,
        user,
        True,
        Status.VERIFIED,
        verified_at=timezone.now(),
        verified_by=user,
    )
    stages.va_completed(assessment, user)
    return assessment


@figures.write("assessment")
def lock_assessment(*, assessment: Assessment, user) -> Assessment:
    if not can_lock(user, assessment):
        raise ValidationError(WRONG_STEP)
    reopened = assessment.items.filter(is_reopened=True).count()
    if reopened:
        raise ValidationError(ITEMS_STILL_REOPENED % {"n": reopened})
    return _move(assessment, user, True, Status.LOCKED)
