"""What the national, province and district dashboards show, in a fixed number of queries.

Totals for many assessments come from one aggregate query over the item rows,
grouped by assessment and indicator (the weighted sums of met and partly met
items), plus one query for the indicators' maxima and weight totals; the
arithmetic is ``scoring.indicator_points``, the same as the score card's, so a
district's total is the same number on every page. A single assessment's full
score card (items, clusters, gap) is built by ``scoring.score``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from indicators import scoring
from indicators.models import (
    Assessment,
    Category,
    Indicator,
    ItemAssessment,
    ItemStatus,
    OfficialResult,
)
from kla_portal.models import District, Province

WEAKEST = 5
MET, PARTLY = ItemStatus.MET, ItemStatus.PARTLY
_VERIFIED_MET = Q(verified_status=MET) | Q(verified_status="", self_status=MET)
_VERIFIED_PARTLY = Q(verified_status=PARTLY) | Q(verified_status="", self_status=PARTLY)


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


def assessment_totals(assessments) -> dict[int, Totals]:
    """``{assessment id: Totals}`` for a queryset of assessments, in two queries."""
    maxima = {
        row["pk"]: row
        for row in Indicator.objects.filter(
            framework__in=assessments.order_by().values("framework")
        )
        .annotate(weight_total=Sum("items__weight"))
        .values("pk", "max_points", "weight_total")
    }
    rows = (
        ItemAssessment.objects.filter(assessment__in=assessments.order_by().values("pk"))
        .values("assessment_id", "item__indicator_id")
        .annotate(
            own_met=Sum("item__weight", filter=Q(self_status=MET)),
            own_partly=Sum("item__weight", filter=Q(self_status=PARTLY)),
            ver_met=Sum("item__weight", filter=_VERIFIED_MET),
            ver_partly=Sum("item__weight", filter=_VERIFIED_PARTLY),
            checked=Count("pk", filter=~Q(verified_status="")),
        )
        .order_by()
    )
    own = defaultdict(Decimal)
    verified = defaultdict(Decimal)
    checked = defaultdict(int)
    for row in rows:
        indicator = maxima.get(row["item__indicator_id"])
        if indicator is None:
            continue
        aid = row["assessment_id"]
        half = Decimal("0.5")
        own[aid] += scoring.indicator_points(
            indicator["max_points"],
            (row["own_met"] or 0) + (row["own_partly"] or 0) * half,
            indicator["weight_total"],
        )
        verified[aid] += scoring.indicator_points(
            indicator["max_points"],
            (row["ver_met"] or 0) + (row["ver_partly"] or 0) * half,
            indicator["weight_total"],
        )
        checked[aid] += row["checked"]
    return {
        aid: Totals(
            total=scoring.cents(own.get(aid, 0)),
            verified=scoring.cents(verified[aid]) if checked.get(aid) else None,
        )
        for aid in list(own)
    }


def latest_results(results) -> dict[str, OfficialResult]:
    """The most recent official result of each district, from one query."""
    latest = {}
    for result in results.order_by("district_id", "-year"):
        latest.setdefault(result.district_id, result)
    return latest


def year_choices(assessments) -> list[int]:
    return sorted(set(assessments.values_list("year", flat=True)), reverse=True)


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
    assessments = visible.filter(district__in=codes, year=year)
    by_district = {a.district_id: a for a in assessments.select_related("framework")}
    totals = assessment_totals(assessments) if by_district else {}
    awards = latest_results(
        OfficialResult.objects.visible_to(user).filter(district__in=codes, year__lte=year)
    )
    rows = []
    for district in districts:
        assessment = by_district.get(district.code)
        rows.append(
            DistrictRow(
                district=district,
                assessment=assessment,
                totals=totals.get(assessment.pk) if assessment else None,
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


def provinces_for(user):
    return Province.objects.filter(districts__in=District.objects.visible_to(user)).distinct()


# ---------------------------------------------------------------------------
# District


@dataclass
class GapRow:
    step: scoring.GapStep
    indicator_name: str
    actions: list


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
    from trainings.completion import completion_rates
    from trainings.coverage import coverage_for
    from trainings.models import ActionItem

    assessments = Assessment.objects.visible_to(user).filter(district=district)
    all_assessments = list(assessments.select_related("framework").order_by("year"))
    years = sorted((a.year for a in all_assessments), reverse=True)
    year = year or default_year(years)
    totals = assessment_totals(assessments) if all_assessments else {}
    trend = [(a.year, totals[a.pk], a) for a in all_assessments if a.pk in totals]
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
        names = {i.pk: i.name for i in indicators}
        actions = defaultdict(list)
        if gap.steps:
            for action in (
                ActionItem.objects.visible_to(user)
                .filter(
                    plan__district=district,
                    plan__is_active=True,
                    indicator__in={s.indicator_id for s in gap.steps},
                )
                .exclude(status=ActionItem.Status.CANCELLED)
                .select_related("plan")
                .order_by("due_date", "pk")
            ):
                actions[action.indicator_id].append(action)
        gap_rows = [
            GapRow(step=s, indicator_name=names[s.indicator_id], actions=actions[s.indicator_id])
            for s in gap.steps
        ]

    coverage = coverage_for(District.objects.filter(code=district.code))[district.code]
    rates = completion_rates(
        ActionItem.objects.visible_to(user).filter(plan__district=district), by="indicator"
    )
    if not indicators:
        framework = all_assessments[-1].framework_id if all_assessments else None
        indicators = list(Indicator.objects.filter(framework_id=framework)) if framework else []
    completion = [(i, rates[str(i.number)]) for i in indicators if str(i.number) in rates]
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


@dataclass
class Summary:
    assessment: Assessment | None
    totals: Totals | None
    award: OfficialResult | None


def district_summary(district) -> Summary:
    """The hub card: the latest assessment's totals and the last award."""
    assessments = Assessment.objects.filter(district=district)
    latest = assessments.order_by("-year").first()
    totals = assessment_totals(assessments.filter(pk=latest.pk)) if latest else {}
    award = OfficialResult.objects.filter(district=district).order_by("-year").first()
    return Summary(assessment=latest, totals=totals.get(latest.pk) if latest else None, award=award)
