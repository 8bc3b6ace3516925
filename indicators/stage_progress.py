"""Where a district's evaluation stands, as the assessment and stage pages tell it.

One line per stage (EM to the award): its status, who acts, its deadline and days
left, and its total and category only once it is completed (``stages``); what came
back to the district, and the next step in words for the user reading the page. The
rules are ``indicators.stages`` and ``indicators.workflow``; this puts them in order.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indicators import answer_form, scoring, stages, workflow
from indicators.models import (
    Assessment,
    AssessmentStage,
    Category,
    ItemAssessment,
    Stage,
    StageAnswer,
)

StageStatus = AssessmentStage.Status

# The stage pages' addresses: /penilaian/<pk>/tahap/<slug>/.
SLUGS = {
    Stage.REVIEW: "telaah",
    Stage.VL: "lapangan",
    Stage.FINAL: "akhir",
    Stage.AWARD: "penghargaan",
}
STAGE_OF_SLUG = {slug: stage for stage, slug in SLUGS.items()}

NEXT_DONE = _("Evaluasi selesai: %(category)s (%(award)s).")
NEXT_FIX = _("Perbaiki %(n)s pertanyaan yang dikembalikan, lalu kirim perbaikan.")
NEXT_WAIT_FIX = _("Menunggu daerah memperbaiki %(n)s pertanyaan yang dikembalikan.")
NEXT_FILL = _("Lengkapi jawaban dan bukti, lalu tandai sudah diperiksa Dinas PPPA.")
NEXT_SIGN = _("Catat persetujuan ketua gugus tugas.")
NEXT_SUBMIT = _("Ajukan evaluasi mandiri ke provinsi.")
NEXT_WAIT_EM = _("Menunggu Dinas PPPA mengajukan evaluasi mandiri.")
NEXT_VERIFY = _(
    "Periksa setiap pertanyaan: terima jawaban daerah, ubah nilainya, atau kembalikan "
    "dengan catatan; lalu selesaikan VA."
)
NEXT_SCORE = _(
    "Tetapkan nilai setiap pertanyaan (atau kembalikan dengan catatan), lalu selesaikan "
    "tahap %(stage)s."
)
NEXT_VISIT = _(
    "Rencanakan kunjungan, catat tempat yang dikunjungi dan nilai setiap pertanyaan, lalu "
    "selesaikan VL; atau lewati VL dengan alasan."
)
NEXT_AWARD = _("Catat kategori yang diberikan kementerian.")
NEXT_WAIT = _("Menunggu %(stage)s oleh %(actor)s.")
NEXT_CLOSED = _(
    "Evaluasi mandiri tidak bisa diajukan lagi pada putaran ini; hubungi koordinator provinsi."
)
NO_SCHEDULE = _("jadwal belum ditetapkan")
STATUS_CSS = {
    StageStatus.NOT_STARTED: "light border",
    StageStatus.IN_PROGRESS: "primary",
    StageStatus.RETURNED: "warning",
    StageStatus.COMPLETED: "success",
    StageStatus.SKIPPED: "secondary",
}


@dataclass
class StageLine:
    stage: str
    label: str
    heading: str
    status: str
    status_label: str
    actor: str
    deadline: date | None
    days_left: int | None
    total: Decimal | None  # only for a completed stage
    category: str  # only for a completed stage
    note: str
    url: str
    is_current: bool = False

    @property
    def is_completed(self) -> bool:
        return self.status == StageStatus.COMPLETED

    @property
    def is_open(self) -> bool:
        return self.status in (StageStatus.IN_PROGRESS, StageStatus.RETURNED)

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category else ""

    @property
    def css(self) -> str:
        """The status badge's colour."""
        return STATUS_CSS[self.status]

    @property
    def when(self) -> str:
        """The deadline and the days left, in words ("31/05/2026 · 12 hari lagi")."""
        if self.deadline is None:
            return str(NO_SCHEDULE)
        shown = date_format(self.deadline, "SHORT_DATE_FORMAT")
        if not self.is_open or self.days_left is None:
            return shown
        if self.days_left > 0:
            left = ngettext("%(n)s hari lagi", "%(n)s hari lagi", self.days_left)
        elif self.days_left == 0:
            left = str(_("hari ini"))
        else:
            left = ngettext("lewat %(n)s hari", "lewat %(n)s hari", -self.days_left)
        return f"{shown} · {left % {'n': abs(self.days_left)}}"


@dataclass
class Standing:
    lines: list[StageLine]
    current: StageLine | None
    returned: list[ItemAssessment]
    reopened: list[ItemAssessment]
    next_step: str
    can_resubmit: bool
    closed: date | None  # the upload deadline, once passed and while the EM runs
    closed_message: str = ""
    rows: dict = field(default_factory=dict)  # {stage: AssessmentStage}

    @property
    def lines_by_stage(self) -> dict[str, StageLine]:
        return {line.stage: line for line in self.lines}


def stage_url(assessment: Assessment, stage: str, user) -> str:
    if stage == Stage.EM:
        return assessment.get_absolute_url()
    if stage == Stage.VA:
        if workflow.is_verifier(user, assessment):
            return reverse("indicators:verify", args=[assessment.pk])
        return assessment.get_absolute_url()
    return reverse("indicators:stage", args=[assessment.pk, SLUGS[stage]])


def standing(assessment: Assessment, user, items: list[ItemAssessment] | None = None) -> Standing:
    """The assessment's stages and next step for ``user``. ``items``: the assessment's
    rows when the page has them loaded (else the returned and reopened are read: one
    query)."""
    rows = stages.stage_rows(assessment)
    current_row = stages.current_stage(rows)
    round_ = assessment.evaluation_round
    lines = []
    for stage in stages.ORDER:
        row = rows[stage]
        deadline = round_.deadline(stage) if round_ else None
        lines.append(
            StageLine(
                stage=stage,
                label=str(Stage(stage).label),
                heading=str(stages.HEADINGS[stage]),
                status=row.status,
                status_label=str(row.get_status_display()),
                actor=str(stages.ACTOR_LABELS[stages.ACTOR[stage]]),
                deadline=deadline,
                days_left=stages.days_left(deadline),
                total=row.total if row.is_completed else None,
                category=row.category if row.is_completed else "",
                note=row.note,
                url=stage_url(assessment, stage, user),
                is_current=current_row is not None and row.pk == current_row.pk,
            )
        )
    current = next((line for line in lines if line.is_current), None)
    if items is None:
        items = list(
            assessment.items.filter(Q(is_returned=True) | Q(is_reopened=True))
            .select_related("item__indicator")
            .order_by("item__indicator__number", "item__order")
        )
    returned = [ia for ia in items if ia.is_returned]
    reopened = [ia for ia in items if ia.is_reopened and not ia.is_returned]
    closed = None
    if rows[Stage.EM].status == StageStatus.IN_PROGRESS:
        closed = stages.em_closed_on(assessment)
    can_resubmit = bool(returned) and stages.can_resubmit(user, assessment)
    return Standing(
        lines=lines,
        current=current,
        returned=returned,
        reopened=reopened,
        next_step=_next_step(assessment, user, current, rows, len(returned), closed),
        can_resubmit=can_resubmit,
        closed=closed,
        closed_message=stages.deadline_message(closed) if closed else "",
        rows=rows,
    )


def _next_step(assessment, user, current, rows, returned: int, closed) -> str:
    if current is None:
        award = rows[Stage.AWARD]
        return str(
            NEXT_DONE
            % {
                "category": Category(award.category).label if award.category else "—",
                "award": stages.award_label(assessment.year),
            }
        )
    acts = stages.can_act(user, assessment, current.stage)
    if current.status == StageStatus.RETURNED and returned:
        if stages.can_act(user, assessment, Stage.EM):
            return str(NEXT_FIX % {"n": returned})
        return str(NEXT_WAIT_FIX % {"n": returned})
    waiting = str(NEXT_WAIT % {"stage": current.label, "actor": current.actor})
    if current.stage == Stage.EM:
        if not acts:
            return str(NEXT_WAIT_EM)
        if closed:
            return str(NEXT_CLOSED)
        if assessment.status == Assessment.Status.DRAFT:
            return str(NEXT_FILL)
        if not assessment.signed_off_by:
            return str(NEXT_SIGN)
        return str(NEXT_SUBMIT)
    if not acts:
        return waiting
    if current.stage == Stage.VA:
        return str(NEXT_VERIFY)
    if current.stage == Stage.VL:
        return str(NEXT_VISIT)
    if current.stage == Stage.AWARD:
        return str(NEXT_AWARD)
    return str(NEXT_SCORE % {"stage": current.label})


@dataclass(frozen=True)
class QuestionAtStage:
    stage: str
    label: str
    status_label: str
    note: str
    when: object


def question_stages(item: ItemAssessment) -> list[QuestionAtStage]:
    """What the ministry's stages (review, VL, final) set for this question, in order:
    one query. The district's answer and the VA's are on the question's own fields."""
    labels = dict(item.item.statuses)
    rank = {stage: i for i, stage in enumerate(stages.CENTRAL)}
    answers = sorted(item.stage_answers.all(), key=lambda a: rank[a.stage])
    return [
        QuestionAtStage(
            stage=answer.stage,
            label=str(Stage(answer.stage).label),
            status_label=labels.get(answer.status, answer.status),
            note=answer.note,
            when=answer.updated_at,
        )
        for answer in answers
    ]


# ---------------------------------------------------------------------------
# The questions at one of the ministry's stages

# The stage whose points a stage starts from (a skipped VL leaves the review's).
PREVIOUS = {Stage.REVIEW: Stage.VA, Stage.VL: Stage.REVIEW, Stage.FINAL: Stage.VL}
SHEET_FILTERS = [
    ("semua", _("Semua")),
    ("berubah", _("Nilai berubah")),
    ("dikembalikan", _("Dikembalikan")),
    ("diperbaiki", _("Diperbaiki daerah")),
]


@dataclass
class SheetRow:
    ia: ItemAssessment
    code: str
    statuses: list  # the steps the question allows: (value, label)
    own_label: str  # the district's answer (EM)
    previous: str
    previous_label: str
    status: str
    status_label: str
    points: Decimal
    max_points: Decimal
    note: str  # this stage's note on the question
    editable: bool

    @property
    def changed(self) -> bool:
        return self.status != self.previous

    def matches(self, key: str) -> bool:
        return {
            "semua": True,
            "berubah": self.changed,
            "dikembalikan": self.ia.is_returned or self.ia.is_reopened,
            "diperbaiki": self.ia.resubmitted_at is not None,
        }[key]


@dataclass
class Sheet:
    indicators: list[dict]  # {"score": IndicatorScore, "rows": [SheetRow]}
    counts: dict[str, int]
    running_total: Decimal
    running_category: str


def stage_sheet(
    assessment: Assessment, stage: str, user, filter_key: str = "semua", rows=None
) -> Sheet:
    """Every question with the previous stage's points and this stage's: a fixed number
    of queries (the rows, this assessment's stage answers, the framework's indicators).
    ``editable``: the user acts at the stage and it runs, or the question was reopened
    after the stage was completed. ``rows``: the assessment's ``stage_rows``, when read."""
    items = answer_form.page_items(assessment)
    answers: dict[int, dict[str, StageAnswer]] = {}
    for answer in StageAnswer.objects.filter(item__assessment=assessment).order_by():
        answers.setdefault(answer.item_id, {})[answer.stage] = answer

    def at(ia: ItemAssessment, upto: str) -> str:
        status = scoring.verified_status(ia.self_status, ia.verified_status)
        if upto in stages.CENTRAL:
            own = answers.get(ia.pk, {})
            for central in stages.CENTRAL[: stages.CENTRAL.index(upto) + 1]:
                if central in own:
                    status = own[central].status
        return status

    previous_stage = PREVIOUS[stage]
    current = {ia.item_id: at(ia, stage) for ia in items}
    previous = {ia.item_id: at(ia, previous_stage) for ia in items}
    indicators = scoring.framework_indicators(assessment.framework_id)
    card = scoring.score(indicators, current)
    row = (rows or stages.stage_rows(assessment))[stage]
    acts = stages.can_act(user, assessment, stage)
    running = row.status in (StageStatus.IN_PROGRESS, StageStatus.RETURNED)
    by_item = {ia.item_id: ia for ia in items}
    counts = {key: 0 for key, _label in SHEET_FILTERS}
    groups = []
    for indicator in card.indicators:
        rows = []
        for score in indicator.items:
            ia = by_item.get(score.item_id)
            if ia is None:
                continue
            labels = dict(ia.item.statuses)
            own = answers.get(ia.pk, {}).get(stage)
            sheet_row = SheetRow(
                ia=ia,
                code=ia.item.full_code,
                statuses=ia.item.statuses,
                own_label=labels.get(ia.self_status, ""),
                previous=previous[ia.item_id],
                previous_label=labels.get(previous[ia.item_id], ""),
                status=current[ia.item_id],
                status_label=labels.get(current[ia.item_id], ""),
                points=score.points,
                max_points=score.max_points,
                note=own.note if own else "",
                editable=acts and (running or (row.is_completed and ia.is_reopened)),
            )
            for key in counts:
                counts[key] += sheet_row.matches(key)
            if sheet_row.matches(filter_key):
                rows.append(sheet_row)
        if rows:
            groups.append({"score": indicator, "rows": rows})
    return Sheet(
        indicators=groups,
        counts=counts,
        running_total=card.total,
        running_category=card.category,
    )
