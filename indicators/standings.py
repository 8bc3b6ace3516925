"""Where each district's evaluation stands, stage by stage, as every page and workbook shows it.

A stage's total and category appear only once the stage is completed: they are
the figures frozen then (the stage rows' totals), never the running totals
the figure rows keep while the district answers and the province verifies
(``AssessmentFigures``: one verified question must not show a "verified" total
on a submitted assessment). Until then a stage shows what it is doing: "belum
diajukan", "berjalan", "dikembalikan", "tidak dilakukan".

Districts are ranked by their most advanced completed stage's total; one with
no completed stage is listed, not ranked. The award of a round is the category
the ministry gave: the award stage once recorded, else the ``OfficialResult``
of the round's award year (the evaluation year + 1: "KLA 2025" was the 2024
evaluation), which is how rounds held before the app was used are shown.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from indicators import stages
from indicators.models import (
    Assessment,
    AssessmentStage,
    Category,
    EvaluationYear,
    OfficialResult,
    Stage,
)
from kla_portal.models import District

Status = AssessmentStage.Status

# The stages the dashboards show side by side, and the points columns of the workbooks.
SHOWN = (Stage.EM, Stage.VA, Stage.VL, Stage.AWARD)
EXPORTED = (Stage.EM, Stage.VA, Stage.VL, Stage.FINAL)

STATUS_WORDS = {
    Status.NOT_STARTED: _("belum dimulai"),
    Status.IN_PROGRESS: _("berjalan"),
    Status.RETURNED: _("dikembalikan"),
    Status.SKIPPED: _("tidak dilakukan"),
    Status.COMPLETED: _("selesai"),
}
NOT_SUBMITTED = _("belum diajukan")
NOT_ASSESSED = _("belum menilai")
# A district without an assessment of the year: every stage "not started", so the
# national filter "EM, belum dimulai" finds it.
NO_ASSESSMENT = ""


def award_year(year: int) -> int:
    """The award year of the evaluation of ``year`` ("KLA 2025" for 2024)."""
    return year + 1


@dataclass(frozen=True)
class Cell:
    """One stage of one assessment: its status, and its total and category once completed."""

    stage: str
    status: str  # an AssessmentStage.Status value; NO_ASSESSMENT without an assessment
    total: Decimal | None = None
    category: str = ""

    @property
    def completed(self) -> bool:
        return self.status == Status.COMPLETED

    @property
    def effective_status(self) -> str:
        return self.status or Status.NOT_STARTED

    @property
    def heading(self) -> str:
        return str(stages.HEADINGS[Stage(self.stage)])

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def word(self) -> str:
        """What a page shows in place of a total the stage does not have yet."""
        if self.status == NO_ASSESSMENT:
            return str(NOT_ASSESSED) if self.stage == Stage.EM else ""
        if self.stage == Stage.EM and self.status == Status.IN_PROGRESS:
            return str(NOT_SUBMITTED)
        return str(STATUS_WORDS[Status(self.status)])

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category else ""


@dataclass
class Standing:
    """An assessment's stages (every stage of ``stages.ORDER``), and its round's official
    result where the ministry published one."""

    year: int
    cells: dict[str, Cell]
    official: "OfficialResult | Award | None" = None
    assessment: Assessment | None = None

    @cached_property
    def latest(self) -> Cell | None:
        """The most advanced completed stage with points of its own (the rankings sort
        514 of these: worked out once)."""
        for stage in reversed(stages.SCORED):
            if self.cells[stage].completed:
                return self.cells[stage]
        return None

    @property
    def current(self) -> Cell | None:
        """The first stage neither completed nor skipped (None once the award is given)."""
        for stage in stages.ORDER:
            if self.cells[stage].status not in (Status.COMPLETED, Status.SKIPPED):
                return self.cells[stage]
        return None

    @property
    def total(self) -> Decimal | None:
        """What the district is ranked by; None until a stage is completed."""
        latest = self.latest
        return latest.total if latest else None

    @property
    def award_category(self) -> str:
        award = self.cells[Stage.AWARD]
        if award.completed:
            return award.category
        return self.official.category if self.official else ""

    @property
    def category(self) -> str:
        """The award where given, else the latest completed stage's category."""
        latest = self.latest
        return self.award_category or (latest.category if latest else "")

    @cached_property
    def award_cell(self) -> Cell:
        """The award column: the award stage, or this round's official result (a round
        held before the app: its assessment, if any, never reached the award stage)."""
        award = self.cells[Stage.AWARD]
        if award.completed or self.official is None or not self.official.category:
            return award
        return Cell(Stage.AWARD, Status.COMPLETED, self.official.score, self.official.category)

    def shown(self, stage_list=SHOWN) -> list[Cell]:
        return [self.award_cell if s == Stage.AWARD else self.cells[s] for s in stage_list]

    @property
    def submitted(self) -> bool:
        return self.cells[Stage.EM].completed

    @property
    def verified(self) -> bool:
        return self.cells[Stage.VA].completed

    @property
    def visited(self) -> bool:
        return self.cells[Stage.VL].completed

    def status_of(self, stage: str) -> str:
        if stage == Stage.AWARD:
            return self.award_cell.effective_status
        return self.cells[stage].effective_status


# Shared by every district without an assessment (the cells are frozen).
_NO_CELLS = {s: Cell(s, NO_ASSESSMENT) for s in stages.ORDER}
# A stage not completed has no figures: one (frozen) Cell per stage and status serves every
# assessment (the national page builds 3,084 cells).
_WAITING = {(st, status): Cell(st, status) for st in stages.ORDER for status in Status.values}


@dataclass(frozen=True)
class Award:
    """An official result as the round figure rows keep it (``RoundFigures.official``):
    what the rankings show of an ``OfficialResult``."""

    year: int
    category: str
    score: Decimal | None

    @classmethod
    def kept(cls, row: list | None) -> "Award | None":
        if row is None:
            return None
        year, category, score = row
        return cls(year, category, None if score is None else Decimal(score))


def kept(year: int, cells: dict[str, list], official: Award | None) -> Standing:
    """A standing from its round figure row (``RoundFigures.cells``)."""
    built = {}
    for stage in stages.ORDER:
        status, total, category = cells[stage]
        built[stage] = (
            Cell(stage, status, None if total is None else Decimal(total), category)
            if status == Status.COMPLETED
            else _WAITING[stage, status]
        )
    return Standing(year=year, cells=built, official=official)


def empty(year: int, official: OfficialResult | None = None) -> Standing:
    """A district with no assessment of the year (perhaps an official result of its round)."""
    return Standing(year=year, cells=_NO_CELLS, official=official)


def words() -> dict[tuple[str, str], str]:
    """``{(stage, status): word}`` in the active language, for pages listing hundreds of
    cells (one translation each instead of one per cell)."""
    statuses = [NO_ASSESSMENT, *Status.values]
    return {(s, status): Cell(s, status).word for s in stages.ORDER for status in statuses}


def standings(
    assessments: Iterable[Assessment],
    officials: dict[tuple[str, int], OfficialResult] | None = None,
) -> dict[int, Standing]:
    """``{assessment id: Standing}`` in one query, whatever the number of assessments:
    every stage's status, and the completed stages' totals.

    ``officials``: ``{(district code, award year): result}`` already loaded, if any."""
    # A queryset's stage rows come through a subquery: a list of 514 ids costs more to
    # pass (each a parameter Django prepares) than the query takes to run.
    ids = assessments.values("pk") if isinstance(assessments, QuerySet) else None
    assessments = list(assessments)
    officials = officials or {}
    rows: dict[int, dict[str, tuple]] = defaultdict(dict)
    stage_rows = AssessmentStage.objects.filter(
        assessment__in=[a.pk for a in assessments] if ids is None else ids
    )
    for pk, stage, status, total, category in stage_rows.values_list(
        "assessment_id", "stage", "status", "total", "category"
    ).order_by():
        rows[pk][stage] = (status, total, category)
    result = {}
    for assessment in assessments:
        own = rows[assessment.pk]
        cells = {}
        for stage in stages.ORDER:
            # A missing row is what ``stages.stage_rows`` would make: EM running, the rest
            # not started.
            default = Status.IN_PROGRESS if stage == Stage.EM else Status.NOT_STARTED
            status, total, category = own.get(stage, (default, None, ""))
            if status == Status.COMPLETED:
                cells[stage] = Cell(stage, status, total, category)
            else:
                cells[stage] = _WAITING[stage, status]
        result[assessment.pk] = Standing(
            year=assessment.year,
            cells=cells,
            official=officials.get((assessment.district_id, award_year(assessment.year))),
            assessment=assessment,
        )
    return result


def standing_of(assessment: Assessment | None, year: int, official=None) -> Standing:
    """One assessment's standing (two queries); ``empty`` without one."""
    if assessment is None:
        return empty(year, official)
    key = (assessment.district_id, award_year(assessment.year))
    return standings([assessment], {key: official} if official else None)[assessment.pk]


@dataclass
class ProvinceSummary:
    """How far a province's districts have come in the round."""

    code: str
    name: str
    districts: int = 0
    submitted: int = 0
    verified: int = 0
    visited: int = 0
    categories: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Category.values, 0))

    def add(self, standing: Standing) -> None:
        self.districts += 1
        self.submitted += standing.submitted
        self.verified += standing.verified
        self.visited += standing.visited
        if standing.category:
            self.categories[standing.category] += 1

    @property
    def category_counts(self) -> list[int]:
        return [self.categories[value] for value in Category.values]


def by_province(rows: Iterable[tuple[District, Standing]]) -> list[ProvinceSummary]:
    """``rows``: (district, standing) pairs; one summary per province, by code."""
    summaries: dict[str, ProvinceSummary] = {}
    for district, standing in rows:
        province = district.province
        summary = summaries.get(province.code)
        if summary is None:
            summary = summaries[province.code] = ProvinceSummary(province.code, province.name)
        summary.add(standing)
    return [summaries[code] for code in sorted(summaries)]


def total_of(summaries: list[ProvinceSummary]) -> ProvinceSummary:
    """The provinces' summaries added up (the national line)."""
    total = ProvinceSummary("", "")
    for summary in summaries:
        total.districts += summary.districts
        total.submitted += summary.submitted
        total.verified += summary.verified
        total.visited += summary.visited
        for value, n in summary.categories.items():
            total.categories[value] += n
    return total


def matches(standing: Standing, stage: str, status: str) -> bool:
    """The national filter: the stage (any, when blank) at the status (any, when blank)."""
    if not stage:
        return True
    return not status or standing.status_of(stage) == status


STAGE_FILTERS = [(s, stages.HEADINGS[Stage(s)]) for s in stages.ORDER]
STATUS_FILTERS = list(Status.choices)


def clean_filter(stage: str, status: str) -> tuple[str, str]:
    """The stage and status asked for, or blanks for values the app does not know."""
    stage = stage if stage in stages.ORDER else ""
    status = status if stage and status in Status.values else ""
    return stage, status


def award_labels(years: Iterable[int]) -> dict[int, str]:
    """Each round's award ("KLA 2025") as an evaluator set it, else the usual one: one query."""
    years = list(years)
    if not years:
        return {}
    named = dict(EvaluationYear.objects.filter(year__in=years).values_list("year", "award_label"))
    return {y: named.get(y) or stages.default_calendar(y)["award_label"] for y in years}
