"""What the national, province and district dashboards show, in a fixed number of queries.

Totals for many assessments are read from their ``AssessmentFigures`` rows, which
every write keeps current (``indicators/figures.py``, by ``scoring.score``), so a
district's total is the same number on every page and the national ranking is a
read of one row per district. A single assessment's full score card (items,
clusters, gap) is built by ``scoring.score``."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from indicators import scoring
from indicators.models import (
    Assessment,
    AssessmentFigures,
    Category,
    Indicator,
    OfficialResult,
)
from kla_portal.access import can_edit_district
from kla_portal.models import District, Province

WEAKEST = 5
_KEY = 987654321  # stands for a record's key while a link pattern is made


@dataclass
class Totals:
    total: Decimal
    verified: Decimal | None  # None until a verifier has set at least one item

    @property
    def category(self) -> str:
        return scoring.category_for(self.total)

    @property
    def verified_category(self) -> str | None:
        return None if self.verified is None else scoring.category_for(self.verified)

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def verified_category_label(self) -> str:
        return Category(self.verified_category).label if self.verified_category else ""


def totals_of(assessment: Assessment) -> "Totals | None":
    """The assessment's totals from its figures row (loaded with ``select_related("figures")``);
    None for an assessment without items."""
    try:
        figures = assessment.figures
    except AssessmentFigures.DoesNotExist:
        return None
    return Totals(total=figures.total, verified=figures.verified)


def latest_results(results, year: int) -> dict[str, OfficialResult]:
    """Each district's most recent official result up to ``year``, from one query.

    Only the latest row of each district is loaded: the one with no later result
    up to ``year`` (visibility goes by district, so the check needs no user).
    """
    later = OfficialResult.objects.filter(
        district=OuterRef("district"), year__gt=OuterRef("year"), year__lte=year
    )
    return {r.district_id: r for r in results.filter(year__lte=year).exclude(Exists(later))}


def year_choices(assessments) -> list[int]:
    return list(assessments.order_by("-year").values_list("year", flat=True).distinct())


def default_year(years: list[int]) -> int:
    return years[0] if years else timezone.localdate().year


# ---------------------------------------------------------------------------
# National and province


@dataclass
class DistrictRow:
    district: District
    assessment: Assessment | None = None
    totals: Totals | None = None
    award: OfficialResult | None = None
    rank: int | None = None

    @property
    def readiness(self) -> Decimal | None:
        """The figure districts are ranked by: verified where there is one, else self-assessed."""
        if self.totals is None:
            return None
        return self.totals.verified if self.totals.verified is not None else self.totals.total


@dataclass
class Ranking:
    year: int
    years: list[int]
    rows: list[DistrictRow]
    categories: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count

    @property
    def assessed(self) -> int:
        return sum(1 for r in self.rows if r.totals is not None)


def ranking(districts, user, year: int | None) -> Ranking:
    """Districts ranked by readiness for the year (unassessed ones last, by code)."""
    districts = list(districts.select_related("province").order_by("code"))
    codes = [d.code for d in districts]
    visible = Assessment.objects.visible_to(user)
    years = year_choices(visible.filter(district__in=codes))
    year = year or default_year(years)
    assessments = visible.filter(district__in=codes, year=year).select_related("figures")
    by_district = {a.district_id: a for a in assessments}
    awards = latest_results(
        OfficialResult.objects.visible_to(user).filter(district__in=codes), year
    )
    rows = []
    for district in districts:
        assessment = by_district.get(district.code)
        rows.append(
            DistrictRow(
                district=district,
                assessment=assessment,
                totals=totals_of(assessment) if assessment else None,
                award=awards.get(district.code),
            )
        )
    rows.sort(key=lambda r: (r.readiness is None, -(r.readiness or 0), r.district.code))
    counts = defaultdict(int)
    for position, row in enumerate(rows, start=1):
        if row.readiness is not None:
            row.rank = position
            counts[scoring.category_for(row.readiness)] += 1
    categories = [(value, str(label), counts[value]) for value, label in Category.choices]
    return Ranking(year=year, years=years, rows=rows, categories=categories)


def ranking_table(rank: Ranking) -> list[dict]:
    """The ranking table's cells, formatted here once so the template only prints them.

    The national table has 514 rows: attribute lookups, filters and a ``{% url %}``
    per row in the template cost more than the page's queries, so the link comes
    from one ``reverse`` with a placeholder and the labels from one lookup each.
    """
    from indicators.templatetags.indicators_tags import CATEGORY_CSS

    labels = {value: str(label) for value, label in Category.choices}
    link = reverse("indicators:district", args=["__code__"])
    query = f"?year={rank.year}"
    table = []
    for row in rank.rows:
        district, totals, award = row.district, row.totals, row.award
        cells = {
            "code": district.code,
            "rank": "" if row.rank is None else row.rank,
            "url": link.replace("__code__", district.code) + query,
            "name": district.name,
            "province": district.province.name,
            "award": f"{labels.get(award.category, award.category)} ({award.year})"
            if award
            else "—",
        }
        if totals is not None:
            category = totals.category if totals.verified is None else totals.verified_category
            cells.update(
                total=f"{totals.total:.2f}",
                verified="" if totals.verified is None else f"{totals.verified:.2f}",
                css=CATEGORY_CSS.get(category, "secondary"),
                label=labels[category],
                self_only=totals.verified is None,
            )
        table.append(cells)
    return table


def ranking_chart(rank: Ranking) -> dict:
    assessed = [r for r in rank.rows if r.totals is not None]
    return {
        "labels": [r.district.short_name for r in assessed],
        "self": [float(r.totals.total) for r in assessed],
        "verified": [
            None if r.totals.verified is None else float(r.totals.verified) for r in assessed
        ],
        "bands": [500, 600, 700, 800, 900],
    }


def category_chart(rank: Ranking) -> dict:
    return {
        "labels": [label for _value, label, _n in rank.categories],
        "counts": [n for _value, _label, n in rank.categories],
    }


@dataclass
class RankingPage:
    """A ranking as the national and province pages show it: formatted, small to cache."""

    year: int
    years: list[int]
    categories: list[tuple[str, str, int]]
    assessed: int
    table: list[dict]
    ranking_chart: dict
    category_chart: dict


def ranking_page(districts, user, year: int | None) -> RankingPage:
    """The ranking of these districts, from their figure rows."""
    rank = ranking(districts, user, year)
    return RankingPage(
        year=rank.year,
        years=rank.years,
        categories=rank.categories,
        assessed=rank.assessed,
        table=ranking_table(rank),
        ranking_chart=ranking_chart(rank),
        category_chart=category_chart(rank),
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
class DistrictDashboard:
    district: District
    year: int
    years: list[int]
    assessment: Assessment | None
    card: scoring.ScoreCard | None
    verified_card: scoring.ScoreCard | None
    trend: list[tuple[int, Totals, Assessment]]
    weakest: list[scoring.IndicatorScore]
    gap: scoring.GapPlan | None
    gap_rows: list[GapRow]
    coverage: object
    completion: list[tuple[Indicator, object]]
    awards: list[OfficialResult]

    @property
    def last_award(self) -> OfficialResult | None:
        return self.awards[0] if self.awards else None

    @property
    def cluster_rows(self) -> list[tuple[scoring.ClusterScore, scoring.ClusterScore | None]]:
        """Each self-assessed cluster beside its verified one (None when not verified)."""
        verified = {c.cluster: c for c in self.verified_card.clusters} if self.verified_card else {}
        return [(c, verified.get(c.cluster)) for c in (self.card.clusters if self.card else ())]

    def charts(self) -> dict:
        clusters = self.card.clusters if self.card else ()
        verified = {c.cluster: c for c in self.verified_card.clusters} if self.verified_card else {}
        return {
            "clusters": {
                "labels": [c.cluster if c.cluster != "K" else "Kelembagaan" for c in clusters],
                "self": [c.percent for c in clusters],
                "verified": [
                    verified[c.cluster].percent if c.cluster in verified else None for c in clusters
                ],
            },
            "trend": {
                "labels": [str(year) for year, _t, _a in self.trend],
                "self": [float(t.total) for _y, t, _a in self.trend],
                "verified": [
                    None if t.verified is None else float(t.verified) for _y, t, _a in self.trend
                ],
                "awards": self.award_points(),
            },
        }

    def award_points(self) -> list:
        scores = {r.year: r.score for r in self.awards}
        return [
            None if scores.get(year) is None else float(scores[year]) for year, _t, _a in self.trend
        ]


def district_dashboard(district, user, year: int | None) -> DistrictDashboard:
    """Everything on the district page, in a fixed number of queries."""
    from trainings.coverage import coverage_for
    from trainings.plans.completion import completion_rates
    from trainings.plans.models import ActionItem

    assessments = Assessment.objects.visible_to(user).filter(district=district)
    all_assessments = list(assessments.select_related("framework", "figures").order_by("year"))
    years = sorted((a.year for a in all_assessments), reverse=True)
    year = year or default_year(years)
    trend = [(a.year, t, a) for a in all_assessments if (t := totals_of(a)) is not None]
    assessment = next((a for a in all_assessments if a.year == year), None)

    card = verified_card = gap = None
    weakest, gap_rows = [], []
    indicators = []
    if assessment is not None:
        indicators = scoring.framework_indicators(assessment.framework_id)
        rows = list(assessment.items.values_list("item_id", "self_status", "verified_status"))
        card = scoring.score(indicators, scoring.statuses_of(rows, verified=False))
        if any(checked for _i, _s, checked in rows):
            verified_card = scoring.score(indicators, scoring.statuses_of(rows, verified=True))
        weakest = sorted(card.indicators, key=lambda i: (i.share, i.number))[:WEAKEST]
        gap = scoring.gap_to_next_category(card)
        gap_rows = _gap_rows(gap, indicators, district, user)

    visible = District.objects.visible_to(user).filter(code=district.code)
    coverage = coverage_for(visible)[district.code]
    rates = completion_rates(
        ActionItem.objects.visible_to(user).filter(plan__district=district), by="indicator"
    )
    if not indicators:
        framework = all_assessments[-1].framework_id if all_assessments else None
        indicators = list(Indicator.objects.filter(framework_id=framework)) if framework else []
    completion = [(i, rates[i.code]) for i in indicators if i.code in rates]
    awards = list(OfficialResult.objects.visible_to(user).filter(district=district))
    return DistrictDashboard(
        district=district,
        year=year,
        years=years,
        assessment=assessment,
        card=card,
        verified_card=verified_card,
        trend=trend,
        weakest=weakest,
        gap=gap,
        gap_rows=gap_rows,
        coverage=coverage,
        completion=completion,
        awards=awards,
    )


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
    totals: Totals | None
    award: OfficialResult | None


def district_summary(district, user) -> Summary:
    """The hub card: the latest assessment's totals and the last award."""
    assessments = Assessment.objects.visible_to(user).filter(district=district)
    latest = assessments.select_related("figures").order_by("-year").first()
    awards = OfficialResult.objects.visible_to(user).filter(district=district)
    award = awards.order_by("-year").first()
    return Summary(assessment=latest, totals=totals_of(latest) if latest else None, award=award)
