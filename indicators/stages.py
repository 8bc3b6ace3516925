"""The stages of a district's evaluation: who acts at each, what each scored, the calendar.

The ministry's round, as the app runs it (``../shared/domain/kla-reference.md``)::

    em      Evaluasi Mandiri: the district's Dinas PPPA answers every question;
            completed when it submits (``workflow.submit_assessment``)
    va      Verifikasi Administrasi: the coordinator of the district's province
            sets the points of each question, returns questions with a note,
            completes the stage (``workflow.finish_verification``)
    review  the ministry's review of the VA, with sector ministries
    vl      Verifikasi Lapangan: a field visit (hybrid or on site) for a district
            above 500 that may rise a category; skipped for the others
    final   the final verification
    award   the category the ministry gave, under the round's award ("KLA 2025")

Each stage has its own points per question, starting from the previous stage's
(``statuses_at``), and its own total and category, written when it is completed
and shown only then (``standings.standings``). Review, VL and final verification are
the evaluators'; their answers are ``StageAnswer`` rows. Who may act is asked of
``kla_portal.access``; this module adds the stage.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from indicators import scoring, stage_notices
from indicators.models import (
    Assessment,
    AssessmentStage,
    Category,
    EvaluationYear,
    ItemAssessment,
    OfficialResult,
    Stage,
    StageAnswer,
    VisitPlace,
)
from kla_portal import figures
from kla_portal.access import can_edit_district, can_verify_administratively, is_evaluator
from kla_portal.history import save_with_history

StageStatus = AssessmentStage.Status

ORDER: list[str] = [Stage.EM, Stage.VA, Stage.REVIEW, Stage.VL, Stage.FINAL, Stage.AWARD]
# The stages with points of their own per question, in order.
SCORED: list[str] = [Stage.EM, Stage.VA, Stage.REVIEW, Stage.VL, Stage.FINAL]
# The stages the evaluators run, whose per-question answers are StageAnswer rows.
CENTRAL: list[str] = [Stage.REVIEW, Stage.VL, Stage.FINAL]
# The short headings of the workbooks and dashboards.
HEADINGS = {
    Stage.EM: "EM",
    Stage.VA: "VA",
    Stage.REVIEW: _("Telaah"),
    Stage.VL: "VL",
    Stage.FINAL: _("Akhir"),
    Stage.AWARD: _("Penghargaan"),
}


class Actor:
    DISTRICT = "district"
    PROVINCE = "province"
    EVALUATOR = "evaluator"


ACTOR = {
    Stage.EM: Actor.DISTRICT,
    Stage.VA: Actor.PROVINCE,
    Stage.REVIEW: Actor.EVALUATOR,
    Stage.VL: Actor.EVALUATOR,
    Stage.FINAL: Actor.EVALUATOR,
    Stage.AWARD: Actor.EVALUATOR,
}
ACTOR_LABELS = {
    Actor.DISTRICT: _("Dinas PPPA kabupaten/kota"),
    Actor.PROVINCE: _("koordinator provinsi"),
    Actor.EVALUATOR: _("evaluator kementerian"),
}
# Field verification is for districts above this total (at the review) only.
FIELD_VISIT_ABOVE = Decimal(500)

DEADLINE_PASSED = _(
    "Batas unggah evaluasi mandiri %(date)s sudah lewat: jawaban tidak bisa diubah lagi, "
    "kecuali pertanyaan yang dikembalikan atau dibuka kembali oleh verifikator."
)
WRONG_STAGE = _("Tahap %(stage)s tidak sedang berjalan.")
NOT_YOURS = _("Tahap %(stage)s dijalankan oleh %(actor)s.")
STILL_RETURNED = _("Masih ada %(n)s pertanyaan yang dikembalikan ke daerah.")
NOTE_REQUIRED = _("Tuliskan catatan untuk daerah.")
NO_RETURNED = _("Tidak ada pertanyaan yang dikembalikan untuk dikirim.")
BAD_STATUS = _("Nilai «%(value)s» tidak tersedia untuk pertanyaan ini.")
CATEGORY_REQUIRED = _("Pilih kategori yang diberikan kementerian.")
PLACE_REQUIRED = _("Pilih lembaga dari daftar atau tuliskan nama tempat.")


# ---------------------------------------------------------------------------
# The calendar


def default_calendar(year: int) -> dict:
    """The 2024 round's calendar moved to ``year``: uploads close 31 May, the VA by
    31 October, the review by December, field visits January to May of the next
    year, the final verification in June and the award on Hari Anak Nasional."""
    return {
        "award_label": f"KLA {year + 1}",
        "data_years": f"{year - 1}-{year}",
        "em_deadline": date(year, 5, 31),
        "va_deadline": date(year, 10, 31),
        "review_deadline": date(year, 12, 31),
        "vl_start": date(year + 1, 1, 1),
        "vl_end": date(year + 1, 5, 31),
        "final_deadline": date(year + 1, 6, 30),
        "award_date": date(year + 1, 7, 23),
    }


def round_of(year: int) -> EvaluationYear | None:
    """The round of ``year`` as an evaluator set it; None until one has. Without a
    round no deadline is enforced (the app does not guess the ministry's dates)."""
    return EvaluationYear.objects.filter(year=year).first()


def award_label(year: int) -> str:
    round_ = round_of(year)
    return round_.award_label if round_ else default_calendar(year)["award_label"]


def em_closed_on(assessment: Assessment, today: date | None = None) -> date | None:
    """The upload deadline when it has passed for this assessment, else None."""
    round_ = assessment.evaluation_round
    if round_ is None:
        return None
    today = today or timezone.localdate()
    return round_.em_deadline if round_.em_deadline < today else None


def deadline_message(closed: date) -> str:
    return str(DEADLINE_PASSED % {"date": date_format(closed, "SHORT_DATE_FORMAT")})


# ---------------------------------------------------------------------------
# Where an assessment stands


def stage_rows(assessment: Assessment) -> dict[str, AssessmentStage]:
    """``{stage: row}`` of the assessment, made (EM in progress) where missing. Reads
    ``assessment.stages`` when it was prefetched."""
    rows = {row.stage: row for row in assessment.stages.all()}
    missing = [
        AssessmentStage(
            assessment=assessment,
            stage=stage,
            status=StageStatus.IN_PROGRESS if stage == Stage.EM else StageStatus.NOT_STARTED,
            started_at=timezone.now() if stage == Stage.EM else None,
        )
        for stage in ORDER
        if stage not in rows
    ]
    if missing:
        for row in bulk_create_with_history(missing, AssessmentStage):
            rows[row.stage] = row
        if hasattr(assessment, "_prefetched_objects_cache"):
            assessment._prefetched_objects_cache.pop("stages", None)
    return rows


def current_stage(rows: dict[str, AssessmentStage]) -> AssessmentStage | None:
    """The first stage neither completed nor skipped; None once the award is recorded."""
    for stage in ORDER:
        row = rows.get(stage)
        if row is None or row.status not in (StageStatus.COMPLETED, StageStatus.SKIPPED):
            return row
    return None


def can_act(user, assessment: Assessment, stage: str) -> bool:
    """Whether the user acts at this stage of the assessment (whatever its status)."""
    if not user.is_authenticated:
        return False
    actor = ACTOR[stage]
    if actor == Actor.DISTRICT:
        return can_edit_district(user, assessment.district)
    if actor == Actor.PROVINCE:
        return can_verify_administratively(user, assessment.district)
    return is_evaluator(user)


def acting_stage(user, assessment: Assessment) -> AssessmentStage | None:
    """The stage in progress (or returned) that this user runs, if any."""
    row = current_stage(stage_rows(assessment))
    if row is None or row.status == StageStatus.NOT_STARTED:
        return None
    return row if can_act(user, assessment, row.stage) else None


# ---------------------------------------------------------------------------
# Points per question at each stage


def statuses_at(assessment: Assessment, stage: str) -> dict[int, str]:
    """``{question id: answer}`` at the stage: the district's answer (EM), the
    verifier's where set (VA), then each central stage's own where set."""
    rows = assessment.items.values_list("pk", "item_id", "self_status", "verified_status")
    answers = StageAnswer.objects.none()
    if stage in CENTRAL:
        answers = StageAnswer.objects.filter(item__assessment=assessment)
    return statuses_from(
        list(rows.order_by()), answers.values_list("item_id", "stage", "status").order_by(), stage
    )


def statuses_from(rows, answers, stage: str) -> dict[int, str]:
    """``statuses_at`` from loaded rows, for the figure rows to read many assessments at
    once: ``rows`` the assessment's ``(row id, question id, own answer, verified answer)``,
    ``answers`` its ``(row id, stage, answer)`` stage answers, of any central stage (those
    after ``stage`` are left out here)."""
    if stage == Stage.EM:
        return {item: own for _pk, item, own, _checked in rows}
    statuses = {item: scoring.verified_status(own, checked) for _pk, item, own, checked in rows}
    later = CENTRAL[: CENTRAL.index(stage) + 1] if stage in CENTRAL else []
    if later:
        by_row = {pk: item for pk, item, _own, _checked in rows}
        rank = {s: i for i, s in enumerate(later)}
        for row_id, _stage, status in sorted(
            (a for a in answers if a[1] in rank), key=lambda a: rank[a[1]]
        ):
            statuses[by_row[row_id]] = status
    return statuses


def score_at(assessment: Assessment, stage: str) -> scoring.ScoreCard:
    scored = stage if stage != Stage.AWARD else Stage.FINAL
    return scoring.score(
        scoring.framework_indicators(assessment.framework_id), statuses_at(assessment, scored)
    )


def _freeze(row: AssessmentStage, assessment: Assessment, user, **fields) -> None:
    card = score_at(assessment, row.stage) if row.stage in SCORED else None
    row.status = StageStatus.COMPLETED
    row.total = card.total if card else None
    row.category = card.category if card else row.category  # in the framework's bands
    row.completed_at = timezone.now()
    row.completed_by = user if getattr(user, "pk", None) else None
    for name, value in fields.items():
        setattr(row, name, value)
    save_with_history(row, user=user, clean=False)


def _open(row: AssessmentStage, user) -> None:
    row.status = StageStatus.IN_PROGRESS
    row.started_at = row.started_at or timezone.now()
    save_with_history(row, user=user, fields=["status", "started_at", "updated_at"], clean=False)


def _next(rows: dict[str, AssessmentStage], stage: str) -> AssessmentStage | None:
    index = ORDER.index(stage)
    return rows[ORDER[index + 1]] if index + 1 < len(ORDER) else None


def refreeze(assessment: Assessment, stage: str, user) -> None:
    """A reopened question answered again after its stage was completed: the stage's
    total and category follow the new answer (the completion date stays)."""
    row = stage_rows(assessment)[stage]
    if not row.is_completed or stage not in SCORED:
        return
    card = score_at(assessment, stage)
    row.total, row.category = card.total, card.category
    save_with_history(row, user=user, fields=["total", "category", "updated_at"], clean=False)


# ---------------------------------------------------------------------------
# The district's and the province's stages (called by indicators.workflow)


def em_submitted(assessment: Assessment, user) -> None:
    """EM completed with the district's total; the province's VA begins."""
    rows = stage_rows(assessment)
    _freeze(rows[Stage.EM], assessment, user)
    _open(rows[Stage.VA], user)
    stage_notices.submitted(assessment, Stage.EM)


def em_reopened(assessment: Assessment, user) -> None:
    """The whole assessment back to draft: EM runs again, nothing after it has begun."""
    rows = stage_rows(assessment)
    em = rows[Stage.EM]
    em.status, em.total, em.category, em.completed_at = StageStatus.IN_PROGRESS, None, "", None
    save_with_history(em, user=user, clean=False)
    va = rows[Stage.VA]
    va.status, va.started_at = StageStatus.NOT_STARTED, None
    save_with_history(va, user=user, clean=False)
    stage_notices.whole_returned(assessment)


def question_returned(item: ItemAssessment, user) -> None:
    row = current_stage(stage_rows(item.assessment))
    if row is not None and row.status != StageStatus.RETURNED:
        row.status = StageStatus.RETURNED
        save_with_history(row, user=user, fields=["status", "updated_at"], clean=False)
    stage_notices.question_returned(item, row.stage if row else Stage.VA)


def can_resubmit(user, assessment: Assessment) -> bool:
    row = current_stage(stage_rows(assessment))
    return (
        row is not None
        and row.status == StageStatus.RETURNED
        and can_act(user, assessment, Stage.EM)
    )


@figures.write("assessment")
def resubmit_returned(*, assessment: Assessment, user) -> int:
    """The district sends its fixes of the returned questions back to the stage that
    returned them; they are the verifier's again. Returns how many were sent."""
    if not can_resubmit(user, assessment):
        raise ValidationError(NO_RETURNED)
    returned = list(assessment.items.filter(is_returned=True))
    if not returned:
        raise ValidationError(NO_RETURNED)
    now = timezone.now()
    for item in returned:
        item.is_returned = False
        item.resubmitted_at = now
        item.updated_by = user
        save_with_history(
            item,
            user=user,
            fields=["is_returned", "resubmitted_at", "updated_by", "updated_at"],
            clean=False,
        )
    row = current_stage(stage_rows(assessment))
    assert row is not None  # can_resubmit
    _open(row, user)
    stage_notices.resubmitted(assessment, row.stage, len(returned))
    return len(returned)


def va_completed(assessment: Assessment, user) -> None:
    rows = stage_rows(assessment)
    _freeze(rows[Stage.VA], assessment, user)
    _open(rows[Stage.REVIEW], user)
    stage_notices.completed(assessment, Stage.VA)


# ---------------------------------------------------------------------------
# The evaluators' stages


def _check_acting(user, assessment: Assessment, stage: str) -> AssessmentStage:
    if not can_act(user, assessment, stage):
        raise ValidationError(
            NOT_YOURS % {"stage": Stage(stage).label, "actor": ACTOR_LABELS[ACTOR[stage]]}
        )
    row = stage_rows(assessment)[stage]
    if row.status not in (StageStatus.IN_PROGRESS, StageStatus.RETURNED):
        raise ValidationError(WRONG_STAGE % {"stage": Stage(stage).label})
    return row


@figures.write("item")
def set_stage_answer(*, item: ItemAssessment, user, stage: str, status: str, note: str = ""):
    """A central stage's points for one question (review, VL, final verification).

    Allowed while the stage runs, or on a question reopened after it was completed
    (its total is then written again)."""
    assessment = item.assessment
    row = stage_rows(assessment)[stage]
    if not (row.is_completed and item.is_reopened):
        _check_acting(user, assessment, stage)
    elif not can_act(user, assessment, stage):
        raise ValidationError(
            NOT_YOURS % {"stage": Stage(stage).label, "actor": ACTOR_LABELS[ACTOR[stage]]}
        )
    if status not in {value for value, _label in item.item.statuses}:
        raise ValidationError(BAD_STATUS % {"value": status})
    answer, _created = StageAnswer.objects.get_or_create(
        item=item, stage=stage, defaults={"status": status, "updated_by": user}
    )
    answer.status, answer.note, answer.updated_by = status, note.strip(), user
    save_with_history(answer, user=user, clean=False)
    if item.is_reopened or item.resubmitted_at:
        item.is_reopened, item.resubmitted_at = False, None
        save_with_history(
            item, user=user, fields=["is_reopened", "resubmitted_at", "updated_at"], clean=False
        )
    if row.is_completed:
        refreeze(assessment, stage, user)
    return answer


def return_at_stage(*, item: ItemAssessment, user, stage: str, note: str) -> ItemAssessment:
    """A central stage sends one question back to the district with a note."""
    if not note.strip():
        raise ValidationError(NOTE_REQUIRED)
    _check_acting(user, item.assessment, stage)
    item.is_returned = True
    item.verifier_comment = note.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["is_returned", "verifier_comment", "updated_by", "updated_at"],
        clean=False,
    )
    question_returned(item, user)
    return item


def _returned_count(assessment: Assessment) -> int:
    return assessment.items.filter(is_returned=True).count()


@figures.write("assessment")
def complete_stage(*, assessment: Assessment, user, stage: str, note: str = "") -> AssessmentStage:
    """Complete review, VL or final verification: its total is written and the next
    stage begins. After the review, a district not above 500 skips the field visit."""
    row = _check_acting(user, assessment, stage)
    if stage not in CENTRAL:
        raise ValidationError(WRONG_STAGE % {"stage": Stage(stage).label})
    returned = _returned_count(assessment)
    if returned:
        raise ValidationError(STILL_RETURNED % {"n": returned})
    _freeze(row, assessment, user, note=note.strip() or row.note)
    rows = stage_rows(assessment)
    following = _next(rows, stage)
    assert following is not None  # the award follows every central stage
    if following.stage == Stage.VL and (row.total or 0) <= FIELD_VISIT_ABOVE:
        _skip(following, user, str(_("Nilai telaah tidak di atas 500: tanpa verifikasi lapangan.")))
        following = rows[Stage.FINAL]
    _open(following, user)
    stage_notices.completed(assessment, stage)
    return row


def _skip(row: AssessmentStage, user, note: str) -> None:
    row.status, row.note = StageStatus.SKIPPED, note
    save_with_history(row, user=user, fields=["status", "note", "updated_at"], clean=False)


@figures.write("assessment")
def skip_field_visit(*, assessment: Assessment, user, note: str) -> AssessmentStage:
    """No field visit for this district (not likely to rise a category): on to the
    final verification."""
    if not note.strip():
        raise ValidationError(NOTE_REQUIRED)
    row = _check_acting(user, assessment, Stage.VL)
    _skip(row, user, note.strip())
    _open(stage_rows(assessment)[Stage.FINAL], user)
    return row


def plan_visit(
    *, assessment: Assessment, user, mode: str, visit_date, team: str
) -> AssessmentStage:
    """The field visit's form, date and team."""
    row = _check_acting(user, assessment, Stage.VL)
    row.visit_mode, row.visit_date, row.visit_team = mode, visit_date, team.strip()
    save_with_history(
        row, user=user, fields=["visit_mode", "visit_date", "visit_team", "updated_at"]
    )
    return row


def add_visit_place(
    *, assessment: Assessment, user, kind: str, institution=None, name: str = "", notes: str = ""
) -> VisitPlace:
    row = _check_acting(user, assessment, Stage.VL)
    if institution is None and not name.strip():
        raise ValidationError(PLACE_REQUIRED)
    if institution is not None and institution.district_id != assessment.district_id:
        raise ValidationError(PLACE_REQUIRED)
    place = VisitPlace(
        stage=row, kind=kind, institution=institution, name=name.strip(), notes=notes.strip()
    )
    save_with_history(place, user=user)
    return place


@figures.write("assessment")
def record_award(*, assessment: Assessment, user, category: str, note: str = "") -> AssessmentStage:
    """The category the ministry gave: the award stage is completed, the district's
    official result for the award year written, and the assessment locked."""
    row = _check_acting(user, assessment, Stage.AWARD)
    if category not in Category.values:
        raise ValidationError(CATEGORY_REQUIRED)
    label = award_label(assessment.year)
    final = stage_rows(assessment)[Stage.FINAL]
    row.status = StageStatus.COMPLETED
    row.category = category
    row.total = final.total
    row.note = note.strip()
    row.completed_at = timezone.now()
    row.completed_by = user if getattr(user, "pk", None) else None
    save_with_history(row, user=user, clean=False)
    award_year = _award_year(label, assessment.year)
    result = OfficialResult.objects.filter(district=assessment.district, year=award_year).first()
    result = result or OfficialResult(district=assessment.district, year=award_year)
    result.category = category
    result.score = final.total
    result.is_self_assessed = False
    result.source = (note.strip() or label)[:300]
    save_with_history(result, user=user, clean=False)
    if assessment.status != Assessment.Status.LOCKED:
        assessment.status = Assessment.Status.LOCKED
        save_with_history(assessment, user=user, fields=["status", "updated_at"], clean=False)
    stage_notices.completed(assessment, Stage.AWARD)
    return row


def _award_year(label: str, year: int) -> int:
    """The year in the award's name ("KLA 2025" -> 2025), else the year after."""
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits[-4:]) if len(digits) >= 4 else year + 1


# ---------------------------------------------------------------------------
# What a page needs to say


def days_left(deadline: date | None, today: date | None = None) -> int | None:
    if deadline is None:
        return None
    return (deadline - (today or timezone.localdate())).days


def open_stages_due(on: date) -> Q:
    """Stage rows running (or returned) whose round's deadline for them is ``on``."""
    condition = Q(pk__in=[])
    for round_ in EvaluationYear.objects.all():
        for stage in ORDER:
            if round_.deadline(stage) == on:
                condition |= Q(assessment__year=round_.year, stage=stage)
    return condition & Q(status__in=[StageStatus.IN_PROGRESS, StageStatus.RETURNED])


def due_in(days: int, today: date | None = None):
    """The running stages due ``days`` from today, with their assessments."""
    on = (today or timezone.localdate()) + timedelta(days=days)
    return AssessmentStage.objects.filter(open_stages_due(on)).select_related(
        "assessment__district__province"
    )
