"""What waits for a user's action ("menunggu tindakan saya"), role by role.

Each role's part of an evaluation arrives on somebody's desk at some moment: a
question returned to the district, an agency's answer sent to the Dinas PPPA, a
submitted EM at the province, a completed VA at the ministry, an RTL item past its
due date. This module names, per role, the records that wait (``_queues``: one
queryset each, what is counted) and reads them in two shapes:

- ``nav_counts(user)``: the navbar's bell and "Menunggu" badge, and the short list
  of the landing pages (``_waiting.html``): every count in one query, the unread
  notices' count included (the context processor runs on every page);
- ``waiting_for(user)``: the queue page, each entry with its rows (district, year,
  stage, since when, the round's deadline and the days left), in a fixed number of
  queries whatever the number of rows.

What waits for somebody else is listed apart on the page and never counted: the
province's VA returned to the district waits for the district ("menunggu
perbaikan daerah"). A superuser reads the queues of an evaluator, not those of
every district and province at once.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indicators import agency_answers, stages
from indicators.models import (
    AgencyAnswer,
    Assessment,
    AssessmentStage,
    EvaluationYear,
    ItemAssessment,
    QuestionRoute,
    Stage,
)
from kla_portal.access import (
    coordinated_provinces,
    is_evaluator,
    is_task_force_member,
    operator_agency_ids,
)
from kla_portal.models import District, Notice, district_codes_edited_by
from trainings.plans.models import ActionItem

StageStatus = AssessmentStage.Status
# The stages the evaluators run, with what their queue is called.
CENTRAL_QUEUES = [
    (Stage.REVIEW, _("Telaah kementerian menunggu Anda")),
    (Stage.VL, _("Kandidat verifikasi lapangan")),
    (Stage.FINAL, _("Verifikasi akhir menunggu Anda")),
    (Stage.AWARD, _("Penghargaan untuk dicatat")),
]
WAITING_FOR_DISTRICT = _("Menunggu perbaikan daerah")


@dataclass
class Row:
    """One thing on a queue: an assessment at a stage (with how many of its questions or
    answers wait, when there are several), or an RTL item."""

    title: str
    url: str
    count: int = 1
    district: District | None = None
    year: int | None = None
    stage: str = ""
    since: datetime | date | None = None
    deadline: date | None = None
    days_left: int | None = None

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""

    @property
    def is_late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.days_left is not None else 0


@dataclass
class Entry:
    """One line of "menunggu tindakan saya": what waits, how many, where to act."""

    key: str
    label: str
    count: int
    url: str
    # How the page reads the count: questions, answers, assessments or RTL items.
    unit: str = "assessments"
    # False for what waits for somebody else (listed apart on the page, never counted).
    counted: bool = True
    rows: list[Row] = field(default_factory=list)


@dataclass
class NavCounts:
    unread: int
    waiting: int
    entries: list[Entry]


@dataclass(frozen=True)
class _Queue:
    key: str
    label: Promise
    pending: QuerySet  # what is counted: one row per question, answer, stage or item
    # How the rows of the page are read: "assessment" groups ``pending`` by assessment
    # (``path`` leads there), "stage" takes each stage row, "item" each RTL item.
    shape: str
    unit: str
    url: str
    # Each row's page (the assessment's, unless said otherwise).
    link: Callable[[Assessment], str] = Assessment.get_absolute_url
    path: str = ""
    since: str = ""  # what a grouped row's "since when" is the earliest of
    order: tuple[str, ...] = ("-started_at", "pk")  # of the stage rows
    stage: str = ""  # the stage a grouped row is at, when not the assessment's current one
    counted: bool = True


class _Count(Subquery):
    """The number of rows of a queryset, as one column of another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _page(key: str) -> str:
    return f"{reverse('indicators:queue')}#{key}"


def _to(name: str, query: str = "", *extra) -> Callable[[Assessment], str]:
    """A row's link: the URL ``name`` of the row's assessment (then ``extra`` arguments)."""
    return lambda assessment: reverse(name, args=[assessment.pk, *extra]) + query


def _queues(user, today: date) -> list[_Queue]:
    """The user's queues, role by role: no query (the memberships are cached)."""
    queues: list[_Queue] = []
    codes = district_codes_edited_by(user)
    if codes:  # None for a superuser: every district's, which no one works through
        queues += _district_queues(sorted(codes))
    agencies = sorted(operator_agency_ids(user))
    if agencies:
        queues += _agency_queues(agencies)
    provinces = [province.code for province in coordinated_provinces(user)]
    if provinces:
        queues += _province_queues(provinces)
    if is_evaluator(user):
        queues += _evaluator_queues()
    if is_task_force_member(user):
        queues.append(
            _Queue(
                key="rtl-overdue",
                label=_("Kegiatan RTL Anda yang lewat tenggat"),
                pending=ActionItem.objects.assigned_to(user)
                .filter(plan__is_active=True)
                .overdue(today),
                shape="item",
                unit="items",
                url=reverse("plans:my_items"),
            )
        )
    return queues


def _district_queues(codes: list[str]) -> list[_Queue]:
    in_district = {"assessment__district_id__in": codes}
    return [
        _Queue(
            key="returned-questions",
            label=_("Pertanyaan yang dikembalikan kepada Anda"),
            pending=ItemAssessment.objects.filter(is_returned=True, **in_district),
            shape="assessment",
            unit="questions",
            url=_page("returned-questions"),
            link=_to("indicators:assessment", "?tampil=dikembalikan"),
            path="assessment_id",
        ),
        _Queue(
            key="agency-answers",
            label=_("Jawaban perangkat daerah menunggu keputusan Anda"),
            pending=AgencyAnswer.objects.filter(
                status=AgencyAnswer.Status.SUBMITTED,
                item__assessment__district_id__in=codes,
                item__assessment__status__in=agency_answers.OPEN,
            ),
            shape="assessment",
            unit="answers",
            url=_page("agency-answers"),
            path="item__assessment_id",
            since="submitted_at",
        ),
        _Queue(
            key="resubmit",
            label=_("Penilaian yang perlu dikirim ulang setelah diperbaiki"),
            pending=AssessmentStage.objects.filter(status=StageStatus.RETURNED, **in_district),
            shape="stage",
            unit="assessments",
            url=_page("resubmit"),
            order=("-updated_at", "pk"),
        ),
    ]


def _agency_queues(agencies: list[int]) -> list[_Queue]:
    # One agency per operator (a constraint of the memberships); the rows link to its pages.
    agency = agencies[0]
    home = reverse("indicators:agency_home", args=[agency])
    open_here = {
        "agency_id__in": agencies,
        "agency__is_active": True,
        "item__assessment__status__in": agency_answers.OPEN,
    }
    sent = AgencyAnswer.objects.filter(
        item_id=OuterRef("item_id"),
        agency_id=OuterRef("agency_id"),
        status__in=[
            AgencyAnswer.Status.SUBMITTED,
            AgencyAnswer.Status.ACCEPTED,
            AgencyAnswer.Status.RETURNED,
        ],
    )
    return [
        _Queue(
            key="agency-returned",
            label=_("Jawaban yang dikembalikan Dinas PPPA"),
            pending=AgencyAnswer.objects.filter(status=AgencyAnswer.Status.RETURNED, **open_here),
            shape="assessment",
            unit="answers",
            url=f"{home}?tampil=dikembalikan",
            link=_to("indicators:agency_questions", "?tampil=dikembalikan", agency),
            path="item__assessment_id",
            since="decided_at",
            stage=Stage.EM,  # the agencies answer while the district fills its EM
        ),
        # Not answered yet, or answered and not sent: the returned ones are above.
        _Queue(
            key="agency-open",
            label=_("Pertanyaan yang belum Anda kirim ke Dinas PPPA"),
            pending=QuestionRoute.objects.filter(**open_here).exclude(Exists(sent)),
            shape="assessment",
            unit="questions",
            url=f"{home}?tampil=belum",
            link=_to("indicators:agency_questions", "?tampil=belum", agency),
            path="item__assessment_id",
            stage=Stage.EM,
        ),
    ]


def _province_queues(provinces: list[str]) -> list[_Queue]:
    va = AssessmentStage.objects.filter(
        stage=Stage.VA, assessment__district__province_id__in=provinces
    )
    return [
        _Queue(
            key="va",
            label=_("Verifikasi administrasi menunggu Anda"),
            pending=va.filter(status=StageStatus.IN_PROGRESS),
            shape="stage",
            unit="assessments",
            url=_page("va"),
            link=_to("indicators:verify"),
            order=("-assessment__submitted_at", "-started_at", "pk"),
        ),
        _Queue(
            key="va-returned",
            label=WAITING_FOR_DISTRICT,
            pending=va.filter(status=StageStatus.RETURNED),
            shape="stage",
            unit="assessments",
            url=_page("va-returned"),
            link=_to("indicators:verify"),
            order=("-updated_at", "pk"),
            counted=False,
        ),
    ]


def _evaluator_queues() -> list[_Queue]:
    queues = [
        _Queue(
            key=f"stage-{stage}",
            label=label,
            pending=AssessmentStage.objects.filter(stage=stage, status=StageStatus.IN_PROGRESS),
            shape="stage",
            unit="assessments",
            url=_page(f"stage-{stage}"),
        )
        for stage, label in CENTRAL_QUEUES
    ]
    queues.append(
        _Queue(
            key="central-returned",
            label=WAITING_FOR_DISTRICT,
            pending=AssessmentStage.objects.filter(
                stage__in=[stage for stage, _label in CENTRAL_QUEUES],
                status=StageStatus.RETURNED,
            ),
            shape="stage",
            unit="assessments",
            url=_page("central-returned"),
            order=("-updated_at", "pk"),
            counted=False,
        )
    )
    return queues


# ---------------------------------------------------------------------------
# The navbar's counts


def nav_counts(user, today: date | None = None) -> NavCounts:
    """The unread notices and what waits for the user, in one query (none for anonymous
    users); the entries have their counts and links but no rows."""
    if not user.is_authenticated:
        return NavCounts(0, 0, [])
    queues = [q for q in _queues(user, today or timezone.localdate()) if q.counted]
    columns = {f"q{i}": _Count(q.pending.order_by().values("pk")) for i, q in enumerate(queues)}
    columns["unread"] = _Count(
        Notice.objects.filter(user=user.pk, read_at__isnull=True).order_by().values("pk")
    )
    row = get_user_model().objects.filter(pk=user.pk).values(**columns).first()
    counts: dict[str, int] = dict(row) if row else {}
    entries = [
        Entry(key=q.key, label=str(q.label), count=counts[f"q{i}"], url=q.url, unit=q.unit)
        for i, q in enumerate(queues)
        if counts.get(f"q{i}")
    ]
    return NavCounts(
        unread=counts.get("unread", 0),
        waiting=sum(entry.count for entry in entries),
        entries=entries,
    )


# ---------------------------------------------------------------------------
# The queue page


def waiting_for(user, today: date | None = None) -> list[Entry]:
    """Every queue of the user with its rows, the empty ones left out; those counted
    first. One query per queue, and three for the assessments and rounds they name."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    queues = _queues(user, today)
    read = [(q, _read(q)) for q in queues]
    assessments = _assessments(
        {pk for q, found in read if q.shape == "assessment" for pk, _n, _since in found}
    )
    rounds = _rounds(
        {a.year for a in assessments.values()}
        | {row.assessment.year for q, found in read if q.shape == "stage" for row in found}
    )
    entries = []
    for queue, found in read:
        if queue.shape == "assessment":
            rows = [
                _assessment_row(queue, assessments[pk], n, since, rounds, today)
                for pk, n, since in found
            ]
        elif queue.shape == "stage":
            rows = [_stage_row(queue, stage_row, rounds, today) for stage_row in found]
        else:
            rows = [_item_row(item, today) for item in found]
        if rows:
            entries.append(
                Entry(
                    key=queue.key,
                    label=str(queue.label),
                    count=sum(row.count for row in rows),
                    url=queue.url,
                    unit=queue.unit,
                    counted=queue.counted,
                    rows=rows,
                )
            )
    return sorted(entries, key=lambda entry: not entry.counted)


def _read(queue: _Queue) -> list:
    if queue.shape == "assessment":
        grouped = queue.pending.order_by().values(queue.path).annotate(n=Count("pk"))
        if queue.since:
            grouped = grouped.annotate(since=Min(queue.since))
        found = [(row[queue.path], row["n"], row.get("since")) for row in grouped]
        return sorted(found, key=lambda row: -row[0])  # the newest assessment first
    if queue.shape == "stage":
        return list(
            queue.pending.select_related("assessment__district__province").order_by(*queue.order)
        )
    return list(queue.pending.select_related("plan__district").order_by("due_date", "pk"))


def _assessments(ids: set[int]) -> dict[int, Assessment]:
    if not ids:
        return {}
    found = (
        Assessment.objects.filter(pk__in=ids)
        .select_related("district__province")
        .prefetch_related("stages")
    )
    return {a.pk: a for a in found}


def _rounds(years: set[int]) -> dict[int, EvaluationYear]:
    if not years:
        return {}
    return {r.year: r for r in EvaluationYear.objects.filter(year__in=years)}


def _deadline(assessment: Assessment, stage: str, rounds, today: date):
    # ``evaluation_round`` is read once per instance: set from the rounds read for all.
    assessment.__dict__["evaluation_round"] = rounds.get(assessment.year)
    round_ = assessment.evaluation_round
    deadline = round_.deadline(stage) if round_ and stage else None
    return deadline, stages.days_left(deadline, today)


def _assessment_row(queue: _Queue, assessment: Assessment, n: int, since, rounds, today) -> Row:
    rows = {row.stage: row for row in assessment.stages.all()}
    current = stages.current_stage(rows)
    stage = queue.stage or (current.stage if current is not None else "")
    if since is None and current is not None:
        since = current.updated_at if current.status == StageStatus.RETURNED else None
    deadline, days_left = _deadline(assessment, stage, rounds, today)
    return Row(
        title=assessment.district.name,
        url=queue.link(assessment),
        count=n,
        district=assessment.district,
        year=assessment.year,
        stage=stage,
        since=since,
        deadline=deadline,
        days_left=days_left,
    )


def _stage_row(queue: _Queue, row: AssessmentStage, rounds, today) -> Row:
    assessment = row.assessment
    deadline, days_left = _deadline(assessment, row.stage, rounds, today)
    since = row.updated_at if row.status == StageStatus.RETURNED else row.started_at
    if row.stage == Stage.VA and row.status == StageStatus.IN_PROGRESS:
        since = assessment.submitted_at or since
    return Row(
        title=assessment.district.name,
        url=queue.link(assessment),
        district=assessment.district,
        year=assessment.year,
        stage=row.stage,
        since=since,
        deadline=deadline,
        days_left=days_left,
    )


def _item_row(item: ActionItem, today: date) -> Row:
    return Row(
        title=item.activity,
        url=item.get_absolute_url(),
        district=item.plan.district,
        since=item.due_date,
        deadline=item.due_date,
        days_left=(item.due_date - today).days,
    )
