"""What the national, province and district dashboards show, in a fixed number of queries.

A stage's total is shown, ranked and exported only once the stage is completed:
the figures come from ``indicators.standings`` (the totals frozen at completion),
never from the running totals of the figure rows, so one verified question does
not put a "verified" score on a submitted assessment. A single assessment's
points per question, indicator and group at each completed stage are its score
cards (``scoring.score`` on ``stages.statuses_at``); the district page reads their
groups, weakest indicators and gap as its round figure row keeps them
(``indicators/district_board.py``)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from indicators import district_board, scoring, stages, standings
from indicators.models import (
    Assessment,
    Category,
    Indicator,
    OfficialResult,
    RoundFigures,
    Stage,
)
from indicators.standings import Standing, award_year
from kla_portal.access import can_edit_district
from kla_portal.models import District, Province

_KEY = 987654321  # stands for a record's key while a link pattern is made
RUNNING = _("Mandiri (belum diajukan)")


def latest_results(results, year: int) -> dict[str, OfficialResult]:
    """Each district's most recent official result up to award year ``year``, from one query.

    Only the latest row of each district is loaded: the one with no later result
    up to ``year`` (visibility goes by district, so the check needs no user).
    """
    later = OfficialResult.objects.filter(
        district=OuterRef("district"), year__gt=OuterRef("year"), year__lte=year
    )
    return {r.district_id: r for r in results.filter(year__lte=year).exclude(Exists(later))}


def default_year(years: list[int]) -> int:
    return years[0] if years else timezone.localdate().year


def submitted_by_year(kept) -> dict[int, int]:
    """Each round with an assessment, newest first, with how many of them have their EM
    submitted: one query over these round figure rows."""
    rows = (
        kept.order_by()
        .values("year")
        .annotate(submitted=Count("pk", filter=Q(submitted=True)))
        .order_by("-year")
    )
    return {row["year"]: row["submitted"] for row in rows}


def opening_year(rounds: dict[int, int]) -> int:
    """The round a ranking opens on: the latest in which a district has submitted, so
    there is something to rank; not a new round that holds only a few drafts (512
    districts "belum menilai"). Without any submission, the latest round."""
    submitted = [year for year, count in rounds.items() if count]
    return submitted[0] if submitted else default_year(list(rounds))


# ---------------------------------------------------------------------------
# National and province


@dataclass(frozen=True, slots=True)
class Place:
    """A district as a ranking lists it, read as values: 514 model instances and their
    provinces took longer than the rest of the national ranking."""

    code: str
    name: str
    province: Province

    @property
    def short_name(self) -> str:
        return District.short_name.fget(self)


def places(districts) -> list[Place]:
    """These districts by code, each with its province: two queries."""
    provinces = {p.code: p for p in Province.objects.filter(districts__in=districts).distinct()}
    return [
        Place(code, name, provinces[province])
        for code, name, province in districts.order_by("code").values_list(
            "code", "name", "province_id"
        )
    ]


@dataclass
class DistrictRow:
    district: Place
    standing: Standing
    # The latest official result up to the round's award year: this round's award, or
    # the one before it.
    last_award: OfficialResult | standings.Award | None = None
    rank: int | None = None
    # The status of the district's assessment of the round (Assessment.Status); blank
    # without one.
    assessment_status: str = ""

    @property
    def assessed(self) -> bool:
        return bool(self.assessment_status)

    @property
    def readiness(self) -> Decimal | None:
        """The figure districts are ranked by: the latest completed stage's total."""
        return self.standing.total

    @property
    def previous_award(self) -> OfficialResult | standings.Award | None:
        award = self.last_award
        return award if award and award.year < award_year(self.standing.year) else None


@dataclass
class Ranking:
    year: int
    years: list[int]
    rows: list[DistrictRow]
    categories: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count
    provinces: list[standings.ProvinceSummary] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        """Districts with a completed stage (their EM submitted): the ranked ones."""
        return sum(1 for r in self.rows if r.readiness is not None)


def ranking(districts, user, year: int | None) -> Ranking:
    """Districts ranked by their latest completed stage's total for the year; those with
    none follow (an assessment under way first), by code.

    One round figure row per assessed district (``RoundFigures``, kept on write) holds
    its stages and awards; the official results are read only for the districts with no
    assessment of the round."""
    # A subquery, not the list of 514 codes: each code of a list is a parameter Django
    # prepares in Python, three times over.
    codes = districts.order_by().values("code")
    districts = places(districts)
    kept = RoundFigures.objects.visible_to(user).filter(district__in=codes)
    rounds = submitted_by_year(kept)
    years = list(rounds)
    year = year or opening_year(rounds)
    kept = kept.filter(year=year)
    assessed = {
        code: (status, standings.kept(year, cells, standings.Award.kept(official)), last)
        for code, status, cells, official, last in kept.values_list(
            "district_id", "status", "cells", "official", "last_award"
        ).order_by()
    }
    results = (
        latest_results(
            OfficialResult.objects.visible_to(user)
            .filter(district__in=codes)
            .exclude(district__in=kept.values("district")),
            award_year(year),
        )
        if len(assessed) < len(districts)
        else {}
    )
    rows = []
    for district in districts:
        if district.code in assessed:
            status, standing, last = assessed[district.code]
            row = DistrictRow(district, standing, standings.Award.kept(last), None, status)
        else:
            last = results.get(district.code)
            official = last if last and last.year == award_year(year) else None
            row = DistrictRow(district, standings.empty(year, official), last)
        rows.append(row)
    rows.sort(
        key=lambda r: (
            r.readiness is None,
            -(r.readiness or 0),
            not r.assessed,
            r.district.code,
        )
    )
    counts: dict[str, int] = defaultdict(int)
    for position, row in enumerate(rows, start=1):
        if row.readiness is not None:
            row.rank = position
        if row.standing.category:
            counts[row.standing.category] += 1
    categories = [(value, str(label), counts[value]) for value, label in Category.choices]
    provinces = standings.by_province((r.district, r.standing) for r in rows)
    return Ranking(year=year, years=years, rows=rows, categories=categories, provinces=provinces)


class _Cells:
    """The ranking's stage cells as values and as HTML, made once per kind.

    514 rows of four stage cells each, with a total, a category and a status word, cost
    more through the template language than the page's queries (about 0.1 s): the cells
    are written here from escaped pieces (every text is ours, translated once), and the
    template prints them as they are.
    """

    def __init__(self):
        from indicators.templatetags.indicators_tags import CATEGORY_CSS

        self.labels = {value: str(label) for value, label in Category.choices}
        self.escaped = {value: escape(label) for value, label in self.labels.items()}
        self.css = {value: CATEGORY_CSS.get(value, "secondary") for value in Category.values}
        self.order = {value: str(n) for n, value in enumerate(Category.values)}
        self.words = standings.words()
        self.before = escape(_("sebelumnya"))
        self.waiting = {
            key: format_html(
                '<td class="text-end text-nowrap" data-value="">'
                '<span class="small text-muted">{}</span></td>',
                word or "—",
            )
            for key, word in self.words.items()
        }

    def value(self, cell: standings.Cell) -> dict:
        if cell.completed:
            total = "" if cell.total is None else f"{cell.total:.2f}"
            return {
                "done": True,
                "text": total,
                "value": total,
                "label": self.labels.get(cell.category, ""),
                "css": self.css.get(cell.category, "secondary"),
            }
        return {"done": False, "text": self.words[cell.stage, cell.status], "value": ""}

    def stage_html(self, cell: standings.Cell) -> str:
        if not cell.completed:
            return self.waiting[cell.stage, cell.status]
        total = "" if cell.total is None else f"{cell.total:.2f}"
        return (
            f'<td class="text-end text-nowrap" data-value="{total}">{total}'
            f'<div class="small text-muted">{self.escaped.get(cell.category, "")}</div></td>'
        )

    def award_html(self, cell: standings.Cell, previous: str) -> str:
        earlier = f"{self.before}: {escape(previous)}" if previous else ""
        if cell.completed:
            value = self.order.get(cell.category, "")
            badge = (
                f'<span class="badge text-bg-{self.css.get(cell.category, "secondary")}">'
                f"{self.escaped.get(cell.category, '')}</span>"
            )
            note = f'<div class="small text-muted text-nowrap">{earlier}</div>' if earlier else ""
            return f'<td data-value="{value}">{badge}{note}</td>'
        word = escape(self.words[cell.stage, cell.status])
        text = " · ".join(t for t in (word, earlier) if t) or "—"
        return f'<td data-value=""><span class="small text-muted text-nowrap">{text}</span></td>'


def ranking_table(rows: list[DistrictRow], year: int) -> list[dict]:
    """The ranking table's cells, formatted here once so the template only prints them.

    The national table has 514 rows: attribute lookups, filters and a ``{% url %}``
    per row in the template cost more than the page's queries, so the link comes
    from one ``reverse`` with a placeholder, the labels from one lookup each and the
    stage cells as HTML (``_Cells``).
    """
    cells = _Cells()
    link = reverse("indicators:district", args=["__code__"])
    query = f"?year={year}"
    table = []
    for row in rows:
        district, standing = row.district, row.standing
        *stage_cells, award = standing.shown()
        previous = row.previous_award
        previous_text = (
            f"{cells.labels.get(previous.category, previous.category)} ({previous.year})"
            if previous and previous.category
            else ""
        )
        table.append(
            {
                "code": district.code,
                "rank": "" if row.rank is None else row.rank,
                "url": link.replace("__code__", district.code) + query,
                "name": district.name,
                "province": district.province.name,
                "cells": [cells.value(c) for c in stage_cells],
                "award": cells.value(award) | {"value": cells.order.get(award.category, "")}
                if award.completed
                else cells.value(award),
                "previous": previous_text,
                # Escaped piece by piece (_Cells): nothing here is typed by a user.
                "html": mark_safe(
                    "".join(cells.stage_html(c) for c in stage_cells)
                    + cells.award_html(award, previous_text)
                ),
            }
        )
    return table


def ranking_chart(rows: list[DistrictRow]) -> dict:
    """The province chart: each district's completed EM, VA and VL totals."""
    shown = [Stage.EM, Stage.VA, Stage.VL]
    ranked = [r for r in rows if r.readiness is not None]
    return {
        "labels": [r.district.short_name for r in ranked],
        "datasets": [
            {
                "label": str(stages.HEADINGS[stage]),
                "data": [
                    None if (t := r.standing.cells[stage].total) is None else float(t)
                    for r in ranked
                ],
            }
            for stage in shown
        ],
        "bands": [500, 600, 700, 800, 900],
    }


def category_chart(rank: Ranking) -> dict:
    return {
        "labels": [label for _value, label, _n in rank.categories],
        "counts": [n for _value, _label, n in rank.categories],
    }


PAGE_SIZE = 50  # districts per page: the national table is 514 rows

# Which districts the table lists, by whether they have an assessment in the round.
COVERAGE = {
    "menilai": (_("Sudah menilai"), lambda row: row.assessed),
    "belum": (_("Belum menilai"), lambda row: not row.assessed),
}


def _total_of(stage):
    def key(row: DistrictRow):
        total = row.standing.cells[stage].total  # None until the stage is completed
        return (total is None, -(total or 0))

    return key


# The table's orders (?urut=), done here since the table comes a page at a time: the
# rank (the rows as ``ranking`` sorts them), the name, the province, a stage's total
# (highest first, the stages not completed last) and the award (highest first).
SORTS = {
    "nama": lambda row: row.district.name,
    "provinsi": lambda row: row.district.province.name,
    "em": _total_of(Stage.EM),
    "va": _total_of(Stage.VA),
    "vl": _total_of(Stage.VL),
    "penghargaan": lambda row: (
        not row.standing.award_cell.completed,
        -Category.values.index(row.standing.award_cell.category or Category.NONE),
    ),
}


def _count_cells(summary: standings.ProvinceSummary) -> str:
    counts = [summary.districts, summary.submitted, summary.verified, summary.visited]
    # Whole numbers of at most a few hundred: nothing to escape or to localise.
    return mark_safe(
        "".join(f'<td class="text-end">{n}</td>' for n in [*counts, *summary.category_counts])
    )


@dataclass
class RankingPage:
    """A ranking as the national and province pages show it: one page of the table,
    formatted; the counts, the charts and the province summary over every district."""

    year: int
    years: list[int]
    categories: list[tuple[str, str, int]]
    assessed: int
    total: int  # the districts ranked (the page's whole scope)
    page: Page  # the listed districts' page shown, of DistrictRow
    table: list[dict]
    listed: list[DistrictRow]  # every district the filters let through, in the table's order
    category_chart: dict
    provinces: list[standings.ProvinceSummary]
    stage: str = ""
    status: str = ""
    coverage: str = ""
    sort: str = ""

    @property
    def totals(self) -> standings.ProvinceSummary:
        return standings.total_of(self.provinces)

    @property
    def province_rows(self) -> list[dict]:
        """The province summary's rows, formatted here: 38 rows of nine counts through the
        template language (a lookup and a localisation each) took longer than the ranking."""
        link = reverse("indicators:province", args=["__code__"]) + f"?year={self.year}"
        return [
            {
                "code": p.code,
                "name": p.name,
                "url": link.replace("__code__", p.code),
                "counts": _count_cells(p),
            }
            for p in self.provinces
        ]

    @property
    def totals_cells(self) -> str:
        return _count_cells(self.totals)

    @property
    def ranking_chart(self) -> dict:
        """The province page's chart (the national page draws the categories only)."""
        return ranking_chart(self.listed)

    @property
    def columns(self) -> list[dict]:
        """The table's headings, each a link to its order (``SORTS``), the current one
        marked with its direction for screen readers (``aria-sort``)."""
        headings = [
            (None, "#", "", "ascending"),
            ("nama", _("Kabupaten/kota"), "", "ascending"),
            ("provinsi", _("Provinsi"), "", "ascending"),
            ("em", "EM", _("Evaluasi Mandiri"), "descending"),
            ("va", "VA", _("Verifikasi Administrasi"), "descending"),
            ("vl", "VL", _("Verifikasi Lapangan"), "descending"),
            ("penghargaan", _("Penghargaan"), "", "descending"),
        ]
        return [
            {
                "key": key,
                "label": label,
                "title": title,
                "sorted": direction if (key or "") == self.sort else "",
            }
            for key, label, title, direction in headings
        ]


def ranking_page(
    districts, user, year: int | None, *, stage="", status="", coverage="", sort="", page=None
) -> RankingPage:
    """The ranking of these districts, a page (``page``, 1 when missing or wrong) at a
    time. With ``stage`` (and ``status``) only the districts whose stage is at that status
    are listed, with ``coverage`` only those that have (or have not) an assessment; each
    keeps its rank. ``sort`` orders the listed rows (``SORTS``; the rank by default). The
    categories and the province summary count every district."""
    rank = ranking(districts, user, year)
    stage, status = standings.clean_filter(stage, status)
    coverage = coverage if coverage in COVERAGE else ""
    sort = sort if sort in SORTS else ""
    listed = [r for r in rank.rows if standings.matches(r.standing, stage, status)]
    if coverage:
        listed = [r for r in listed if COVERAGE[coverage][1](r)]
    if sort:
        listed.sort(key=SORTS[sort])  # stable: the rank breaks ties
    shown = Paginator(listed, PAGE_SIZE).get_page(page)
    return RankingPage(
        year=rank.year,
        years=rank.years,
        categories=rank.categories,
        assessed=rank.assessed,
        total=len(rank.rows),
        page=shown,
        table=ranking_table(list(shown), rank.year),
        listed=listed,
        category_chart=category_chart(rank),
        provinces=rank.provinces,
        stage=stage,
        status=status,
        coverage=coverage,
        sort=sort,
    )


def provinces_for(user):
    return Province.objects.filter(districts__in=District.objects.visible_to(user)).distinct()


# ---------------------------------------------------------------------------
# District


@dataclass
class GapAction:
    """An action-plan item that works on a gap question, as the district page lists it."""

    url: str
    activity: str
    status_label: str
    due_date: date | None

    @cached_property
    def line(self) -> str:
        """The item's line in the list, made once: an indicator's items are listed under
        each of its gap questions, 75 lines on a long gap where the template took 2 ms."""
        due = f" · {self.due_date:%d/%m/%Y}" if self.due_date else ""
        return format_html(
            '<a href="{}">{}</a> · {}{}', self.url, self.activity, self.status_label, due
        )


@dataclass
class GapRow:
    step: scoring.GapStep
    indicator_name: str
    # The items linked to the step's question.
    actions: list[GapAction]
    # The items linked to the question's indicator but to no question (made before items
    # pointed at questions, or meant for the whole indicator).
    indicator_actions: list[GapAction] = field(default_factory=list)
    # "Buat kegiatan RTL": the plans' item creation for this question; "" for a user
    # who may not change the district's plans.
    new_action_url: str = ""


@dataclass
class RoundRow:
    """One round of the district's evaluation on its page: the assessment, if the app
    has one, and the award of the round (the official result of a round before the app)."""

    year: int
    award_label: str
    standing: Standing

    @property
    def assessment(self) -> Assessment | None:
        return self.standing.assessment

    @property
    def cells(self) -> list[standings.Cell]:
        """EM, VA, VL, final verification and the award."""
        return self.standing.shown((*standings.EXPORTED, Stage.AWARD))


@dataclass
class DistrictDashboard:
    district: District
    year: int
    years: list[int]
    assessment: Assessment | None
    standing: Standing
    # The district's answers as they are now: its work in progress until submitted.
    card: scoring.ScoreCard | None
    # The points per question at each completed stage (EM, VA, VL, final verification).
    stage_cards: dict[str, scoring.ScoreCard]
    trend: list[RoundRow]
    weakest: list[scoring.IndicatorScore]
    gap: scoring.GapPlan | None
    gap_rows: list[GapRow]
    coverage: object
    completion: list[tuple[Indicator, object]]
    awards: list[OfficialResult]
    award_label: str = ""

    @property
    def cells(self) -> list[standings.Cell]:
        return self.standing.shown()

    @property
    def last_award(self) -> OfficialResult | None:
        return self.awards[0] if self.awards else None

    @property
    def basis(self) -> tuple[str, scoring.ScoreCard | None]:
        """The card the groups, the weakest indicators and the gap are read from: the
        latest completed stage's, else the district's answers so far."""
        for stage in reversed(standings.EXPORTED):
            if stage in self.stage_cards:
                return str(stages.HEADINGS[stage]), self.stage_cards[stage]
        return str(RUNNING), self.card

    @property
    def cluster_columns(self) -> list[tuple[str, scoring.ScoreCard, Decimal | None]]:
        """(heading, card, total) of each completed stage, its total the one frozen when it
        was completed; or the district's answers so far, without a total (not submitted)."""
        if self.stage_cards:
            return [
                (str(stages.HEADINGS[s]), card, self.standing.cells[s].total)
                for s, card in self.stage_cards.items()
            ]
        return [(str(RUNNING), self.card, None)] if self.card else []

    @property
    def cluster_rows(self) -> list[tuple[scoring.ClusterScore, list[scoring.ClusterScore]]]:
        """Each group with its points in every column of ``cluster_columns``."""
        columns = self.cluster_columns
        if not columns:
            return []
        by_column = [{c.cluster: c for c in card.clusters} for _label, card, _t in columns]
        first = columns[0][1]
        return [(c, [points[c.cluster] for points in by_column]) for c in first.clusters]

    def charts(self) -> dict:
        columns = self.cluster_columns
        first = columns[0][1].clusters if columns else ()
        return {
            "clusters": {
                "labels": [c.cluster if c.cluster != "K" else "Kelembagaan" for c in first],
                "datasets": [
                    {"label": f"{label} (%)", "data": [c.percent for c in card.clusters]}
                    for label, card, _total in columns
                ],
            },
            "trend": {
                "labels": [str(r.year) for r in self.trend],
                "datasets": [
                    {
                        "label": str(stages.HEADINGS[stage]),
                        "data": [
                            None if (t := r.standing.cells[stage].total) is None else float(t)
                            for r in self.trend
                        ],
                    }
                    for stage in standings.EXPORTED
                ],
                "awards": [
                    None
                    if r.standing.official is None or r.standing.official.score is None
                    else float(r.standing.official.score)
                    for r in self.trend
                ],
            },
        }


def _board(assessment, user, standing: Standing, *, per_question: bool):
    """The assessment's board and its framework's indicators: read from its round figure
    row, or scored afresh when each question's points are wanted (the workbooks) or the
    row has none (an assessment made outside the write functions, or figure rows not yet
    rebuilt after an upgrade: ``manage.py refresh_figures``)."""
    kept = None
    if not per_question:
        kept = (
            RoundFigures.objects.visible_to(user)
            .filter(assessment=assessment)
            .values_list("board", flat=True)
            .first()
        )
    if kept is not None:
        indicators = list(Indicator.objects.filter(framework_id=assessment.framework_id))
        return district_board.read(kept, indicators), indicators
    indicators = scoring.framework_indicators(assessment.framework_id)
    own = scoring.score(indicators, stages.statuses_at(assessment, Stage.EM))
    stage_cards = {
        stage: scoring.score(indicators, stages.statuses_at(assessment, stage))
        for stage in district_board.completed_stages(standing)
    }
    return district_board.scored(own, stage_cards), indicators


def district_dashboard(
    district, user, year: int | None, *, per_question: bool = False
) -> DistrictDashboard:
    """Everything on the district page, in a fixed number of queries; with
    ``per_question``, its cards with each question's points (for the workbooks)."""
    from indicators.figures import coverage_of
    from trainings.plans.completion import completion_rates
    from trainings.plans.models import ActionItem

    assessments = Assessment.objects.visible_to(user).filter(district=district)
    all_assessments = list(assessments.select_related("framework").order_by("year"))
    years = sorted((a.year for a in all_assessments), reverse=True)
    year = year or default_year(years)
    awards = list(OfficialResult.objects.visible_to(user).filter(district=district))
    officials = {(r.district_id, r.year): r for r in awards}
    by_pk = standings.standings(all_assessments, officials)
    assessment = next((a for a in all_assessments if a.year == year), None)
    standing = (
        by_pk[assessment.pk]
        if assessment
        else standings.empty(year, officials.get((district.code, award_year(year))))
    )
    trend = _rounds(all_assessments, by_pk, awards)

    scores, indicators = None, []
    if assessment is not None:
        scores, indicators = _board(assessment, user, standing, per_question=per_question)
    board = DistrictDashboard(
        district=district,
        year=year,
        years=years,
        assessment=assessment,
        standing=standing,
        card=scores.card if scores else None,
        stage_cards=scores.stage_cards if scores else {},
        trend=trend,
        weakest=scores.weakest if scores else [],
        gap=scores.gap if scores else None,
        gap_rows=_gap_rows(scores.gap, indicators, district, user) if scores else [],
        coverage=None,
        completion=[],
        awards=awards,
        award_label=next(
            (r.award_label for r in trend if r.year == year),
            stages.default_calendar(year)["award_label"],
        ),
    )

    visible = District.objects.visible_to(user).filter(code=district.code)
    board.coverage = coverage_of(visible)[district.code]
    rates = completion_rates(
        ActionItem.objects.visible_to(user).filter(plan__district=district), by="indicator"
    )
    if not indicators:
        framework = all_assessments[-1].framework_id if all_assessments else None
        indicators = list(Indicator.objects.filter(framework_id=framework)) if framework else []
    board.completion = [(i, rates[i.code]) for i in indicators if i.code in rates]
    return board


def _rounds(assessments, by_pk: dict[int, Standing], awards) -> list[RoundRow]:
    """The rounds of the district, oldest first: each assessment's, and each official
    result's round (its award year - 1) that has no assessment in the app."""
    rounds = {a.year: by_pk[a.pk] for a in assessments}
    for result in awards:
        evaluated = result.year - 1
        if evaluated not in rounds:
            rounds[evaluated] = standings.empty(evaluated, result)
    labels = standings.award_labels(rounds)
    return [RoundRow(year, labels[year], rounds[year]) for year in sorted(rounds)]


def _gap_rows(gap: scoring.GapPlan, indicators, district, user) -> list[GapRow]:
    """The gap's steps with the RTL items working on each question, in one query.

    An item counts for a step when it is linked to the step's question, or to the
    question's indicator without a question. Plain values and one link pattern: a gap
    indicator can have dozens of items.
    """
    from trainings.plans.models import ActionItem

    if not gap.steps:
        return []
    names = {i.pk: i.name for i in indicators}
    by_question, by_indicator = defaultdict(list), defaultdict(list)
    status_labels = {value: str(label) for value, label in ActionItem.Status.choices}
    link = reverse("plans:item", args=[_KEY]).replace(str(_KEY), "{}")
    rows = (
        ActionItem.objects.visible_to(user)
        .filter(plan__district=district, plan__is_active=True)
        .filter(
            Q(question__in={s.item_id for s in gap.steps})
            | Q(question__isnull=True, indicator__in={s.indicator_id for s in gap.steps})
        )
        .exclude(status=ActionItem.Status.CANCELLED)
        .order_by("due_date", "pk")
        .values_list("pk", "indicator_id", "question_id", "activity", "status", "due_date")
    )
    for pk, indicator_id, question_id, activity, status, due_date in rows:
        action = GapAction(
            url=link.format(pk),
            activity=activity,
            status_label=status_labels.get(status, status),
            due_date=due_date,
        )
        if question_id is None:
            by_indicator[indicator_id].append(action)
        else:
            by_question[question_id].append(action)
    new_action = ""
    if can_edit_district(user, district):
        new_action = reverse("plans:item_for_question", args=[district.code]) + "?question={}"
    return [
        GapRow(
            step=s,
            indicator_name=names[s.indicator_id],
            actions=by_question[s.item_id],
            indicator_actions=by_indicator[s.indicator_id],
            new_action_url=new_action.format(s.item_id) if new_action else "",
        )
        for s in gap.steps
    ]


@dataclass
class Summary:
    assessment: Assessment | None
    standing: Standing | None
    award: OfficialResult | None

    @property
    def latest(self) -> standings.Cell | None:
        return self.standing.latest if self.standing else None


def district_summary(district, user) -> Summary:
    """The hub card: where the latest assessment stands, its latest completed stage's
    total, and the last award."""
    assessments = Assessment.objects.visible_to(user).filter(district=district)
    latest = assessments.order_by("-year").first()
    awards = OfficialResult.objects.visible_to(user).filter(district=district)
    award = awards.order_by("-year").first()
    standing = None
    if latest is not None:
        this_round = award if award and award.year == award_year(latest.year) else None
        standing = standings.standing_of(latest, latest.year, this_round)
    return Summary(assessment=latest, standing=standing, award=award)
