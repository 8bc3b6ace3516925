"""The KLA readiness score: points per question, indicator, group and total (0-1000).

Pure arithmetic on plain values: no HTTP, and no database access inside the
formula (``score_assessment`` loads its rows first, in a fixed number of queries,
then calls ``score``).

The formula (the 2024 instrument, ``Framework.Scoring.POINTS``)
---------------------------------------------------------------

1. Each question has its own points (0 to 12) and awards a share of them in the
   steps its kind allows::

       graded ("bertingkat")   0, 1/4, 1/2, 3/4 or all of its points
       yes/no                  0 or all
       screening (0 points)    nothing; it only decides whether another applies

   A blank answer earns nothing. A question's points are rounded to the cent
   (half up): 3/4 of 3.2 is 2.40, 1/4 of 1.25 is 0.31.

2. An indicator earns the sum of its questions' points, capped at the
   indicator's maximum: indicator 19 is worth 51 although its questions add up
   to 54, so a district that earns 52.40 on its questions gets 51.

3. A group's points (Kelembagaan, Klaster I-V, Kelana-Dekela) are the sum of its
   indicators'; the total is the sum over all indicators: 1000 when every
   question earns all its points.

The earlier draft framework (``Framework.Scoring.WEIGHTED``) scores its checklist
items as it always did: met = 1, partly met = 0.5, not met = 0, and an
indicator earns ``max_points x sum(weight_i x share_i) / sum(weight_i)``, rounded
to the cent. Assessments made under it keep that score.

4. The category follows the total, in the bands of the framework (``Framework.bands``;
   every framework so far has those of Permen PPPA 12/2022)::

       below 500       no category ("belum berpredikat")
       500 - 600       Pratama
       above 600 - 700 Madya
       above 700 - 800 Nindya
       above 800 - 900 Utama
       above 900       KLA

   The published bands are whole numbers (Madya 601-700 ...); a fractional
   total between two bands belongs to the higher one once it is *above* the
   lower band's top: 600.00 is Pratama, 600.01 and 600.5 are Madya, 900.5 is KLA.

5. Self-assessed and verified scores use the same formula. The verified score
   takes each question's verified answer, and the district's own answer where
   the verifier left it blank (a verifier who does not overrule an answer
   accepts it).

The gap to the next category (``gap_to_next_category``) is the smallest set of
questions whose improvement lifts the total into the next band. It takes, one
at a time, the question that would gain the most if it earned all its points
(what it still has available, after its indicator's cap), so the threshold is
reached with the fewest questions; the last step asks only for the smallest
step that is enough (say from 1/4 to 3/4, not to all of it).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from indicators.models import (
    BANDS_2022,
    STEPS,
    Category,
    ChecklistItem,
    Framework,
    Group,
    ItemStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a dev dependency: for the type checker only

CENT = Decimal("0.01")
POINTS = Framework.Scoring.POINTS
WEIGHTED = Framework.Scoring.WEIGHTED
SHARES = {
    ItemStatus.MET: Decimal(1),
    ItemStatus.THREE_QUARTERS: Decimal("0.75"),
    ItemStatus.PARTLY: Decimal("0.5"),
    ItemStatus.QUARTER: Decimal("0.25"),
    ItemStatus.NOT_MET: Decimal(0),
    "": Decimal(0),
}


def thresholds_of(bands) -> dict[str, Decimal]:
    """``{category: the lowest total (to the cent)}``, lowest first, of a framework's
    ``bands`` ([lowest total, category] pairs). Keyed by str because callers pass a card's
    category as a str; a Category member is a str and finds the same entry."""
    pairs = sorted((Decimal(str(low)), str(category)) for low, category in bands)
    return {category: low for low, category in pairs}


# The bands of Permen PPPA 12/2022, those of a framework that names none.
THRESHOLDS: dict[str, Decimal] = thresholds_of(BANDS_2022)
ORDER: list[str] = list(THRESHOLDS)  # lowest category first


def _top(lowest: Decimal) -> Decimal:
    """The top of the band below ``lowest``: 600 below 600.01, 499.99 below 500."""
    top = lowest - CENT
    return top.quantize(Decimal(1)) if top == top.to_integral_value() else top


# (the top of the band, inclusive; category), lowest first: how the method page shows them.
BANDS = tuple(
    (_top(THRESHOLDS[above]), category) for category, above in zip(ORDER, ORDER[1:], strict=False)
)


@dataclass(frozen=True)
class ItemScore:
    item_id: int
    order: int
    code: str  # within the indicator: "2a" (the order for a draft-framework butir)
    text: str
    kind: str
    weight: Decimal
    # What the question can earn: its own points, or for a draft butir its
    # weighted share of the indicator's maximum.
    max_points: Decimal
    status: str
    points: Decimal

    @property
    def available(self) -> Decimal:
        """Points still to earn on this question (before its indicator's cap)."""
        return self.max_points - self.points


@dataclass(frozen=True)
class IndicatorScore:
    indicator_id: int
    number: int
    code: str
    cluster: str
    name: str
    max_points: Decimal
    points: Decimal
    items: tuple[ItemScore, ...]
    method: str = POINTS

    @property
    def share(self) -> Decimal:
        """Points over the maximum, 0-1 (how far the indicator is met)."""
        return self.points / self.max_points if self.max_points else Decimal(0)

    @property
    def percent(self) -> int:
        return int((self.share * 100).to_integral_value(ROUND_HALF_UP))

    @property
    def questions_points(self) -> Decimal:
        """The questions' points before the cap (equal to ``points`` unless capped)."""
        return sum((i.points for i in self.items), Decimal("0.00"))


@dataclass(frozen=True)
class ClusterScore:
    cluster: str
    label: str
    points: Decimal
    max_points: Decimal

    @property
    def percent(self) -> int:
        if not self.max_points:
            return 0
        return int((self.points * 100 / self.max_points).to_integral_value(ROUND_HALF_UP))


@dataclass(frozen=True)
class ScoreCard:
    total: Decimal
    category: str
    clusters: tuple[ClusterScore, ...]
    indicators: tuple[IndicatorScore, ...]
    # The bands the category was found in: the framework's (``thresholds_of``).
    thresholds: Mapping[str, Decimal] = field(
        default_factory=lambda: THRESHOLDS, compare=False, repr=False
    )

    @property
    def max_points(self) -> Decimal:
        return sum((c.max_points for c in self.clusters), Decimal(0))

    @property
    def category_label(self) -> "StrOrPromise":
        return Category(self.category).label


@dataclass(frozen=True)
class GapStep:
    item_id: int
    indicator_id: int
    indicator_number: int
    order: int
    text: str
    status: str  # the answer today
    gain: Decimal
    code: str = ""  # "21A.4b"
    to_status: str = ItemStatus.MET  # the answer that is enough

    @property
    def to_label(self) -> "StrOrPromise":
        return ItemStatus(self.to_status).label


@dataclass(frozen=True)
class GapPlan:
    total: Decimal
    category: str
    target: str | None  # the next category; None when already at the top
    target_points: Decimal | None
    steps: tuple[GapStep, ...]
    reachable: bool  # False when even completing every item falls short

    @property
    def needed(self) -> Decimal:
        if self.target_points is None:
            return Decimal(0)
        return max(self.target_points - self.total, Decimal(0))

    @property
    def gain(self) -> Decimal:
        return sum((s.gain for s in self.steps), Decimal(0))

    @property
    def target_label(self) -> "StrOrPromise":
        return Category(self.target).label if self.target else ""


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share(status: str) -> Decimal:
    return SHARES.get(status or "", Decimal(0))


def allowed(kind: str) -> list[str]:
    """The answers a kind of question allows, best first."""
    return [value for value, _label in STEPS.get(kind, STEPS[ChecklistItem.Kind.GRADED])]


def verified_status(self_status: str, verified: str) -> str:
    """The status the verified score counts: the verifier's, else the district's own."""
    return verified or self_status or ""


def indicator_points(max_points, weighted_share, weight_total) -> Decimal:
    """``max_points x weighted_share / weight_total``, to the cent (0 without weights)."""
    if not weight_total:
        return Decimal("0.00")
    return cents(Decimal(max_points) * Decimal(weighted_share) / Decimal(weight_total))


def category_for(points, thresholds: Mapping[str, Decimal] | None = None) -> str:
    """The category (a ``Category`` value) of a total, in these bands (``thresholds_of``
    a framework's; those of Permen PPPA 12/2022 by default): see the bands above."""
    total = cents(points)
    found: str = Category.NONE
    for category, lowest in (thresholds or THRESHOLDS).items():
        if total >= lowest:
            found = category
    return found


def framework_thresholds(framework) -> dict[str, Decimal]:
    """The framework's bands as ``thresholds_of`` gives them; the default without any."""
    bands = getattr(framework, "bands", None)
    return thresholds_of(bands) if bands else THRESHOLDS


def next_category(category: str, thresholds: Mapping[str, Decimal] | None = None) -> str | None:
    order = list(thresholds or THRESHOLDS)
    index = order.index(category)
    return order[index + 1] if index + 1 < len(order) else None


def cluster_scores(indicators: Iterable[IndicatorScore]) -> tuple[ClusterScore, ...]:
    points: dict[str, Decimal] = {}
    maxima: dict[str, Decimal] = {}
    for indicator in indicators:
        points[indicator.cluster] = points.get(indicator.cluster, Decimal(0)) + indicator.points
        maxima[indicator.cluster] = maxima.get(indicator.cluster, Decimal(0)) + Decimal(
            indicator.max_points
        )
    return tuple(
        ClusterScore(
            cluster=value,
            label=str(label),
            points=points[value],
            max_points=maxima[value],
        )
        for value, label in Group.choices
        if value in points
    )


def _score_indicator(indicator, statuses: Mapping[int, str], method: str) -> IndicatorScore:
    items = sorted(indicator.items.all(), key=lambda i: i.order)
    max_points = Decimal(indicator.max_points)
    weight_total = sum((Decimal(i.weight) for i in items), Decimal(0))
    scored = []
    for item in items:
        status = statuses.get(item.pk, "") or ""
        if method == WEIGHTED:
            weight = Decimal(item.weight)
            available = indicator_points(max_points, weight, weight_total)
            points = indicator_points(max_points, weight * share(status), weight_total)
        else:
            available = Decimal(item.max_points or 0)
            points = cents(available * share(status))
        scored.append(
            ItemScore(
                item_id=item.pk,
                order=item.order,
                code=item.code or str(item.order),
                text=item.text,
                kind=item.kind,
                weight=Decimal(item.weight),
                max_points=available,
                status=status,
                points=points,
            )
        )
    if method == WEIGHTED:
        weighted = sum((i.weight * share(i.status) for i in scored), Decimal(0))
        points = indicator_points(max_points, weighted, weight_total)
    else:
        points = min(sum((i.points for i in scored), Decimal("0.00")), max_points)
    return IndicatorScore(
        indicator_id=indicator.pk,
        number=indicator.number,
        code=getattr(indicator, "code", "") or str(indicator.number),
        cluster=indicator.cluster,
        name=indicator.name,
        max_points=max_points,
        points=points,
        items=tuple(scored),
        method=method,
    )


def method_of(indicators) -> str:
    """The framework's ``scoring`` of these indicators (``framework_indicators`` loads it)."""
    first = next(iter(indicators), None)
    framework = getattr(first, "framework", None)
    return framework.scoring if framework is not None else POINTS


def score(indicators, statuses: Mapping[int, str], *, method: str | None = None) -> ScoreCard:
    """The score card of these indicators (each with its ``items`` prefetched).

    ``statuses`` maps a question's id to an ``ItemStatus`` value or ""; questions
    missing from it are unanswered and earn nothing. ``method`` is the
    framework's ``scoring``, by default that of the indicators' framework.
    """
    indicators = list(indicators)
    method = method or method_of(indicators)
    scored = [
        _score_indicator(indicator, statuses, method)
        for indicator in sorted(indicators, key=lambda i: i.number)
    ]
    total = sum((i.points for i in scored), Decimal("0.00"))
    first = next(iter(indicators), None)
    thresholds = framework_thresholds(getattr(first, "framework", None))
    return ScoreCard(
        total=total,
        category=category_for(total, thresholds),
        clusters=cluster_scores(scored),
        indicators=tuple(scored),
        thresholds=thresholds,
    )


def framework_indicators(framework_id):
    """The framework's indicators with their framework and items: two queries."""
    from indicators.models import Indicator

    return list(
        Indicator.objects.filter(framework_id=framework_id)
        .select_related("framework")
        .prefetch_related("items")
    )


def statuses_of(rows, *, verified: bool) -> dict[int, str]:
    """``{item_id: status}`` from ``(item_id, self_status, verified_status)`` rows."""
    if verified:
        return {item: verified_status(own, checked) for item, own, checked in rows}
    return {item: own for item, own, _checked in rows}


def score_assessment(assessment, *, verified: bool = False) -> ScoreCard:
    """The assessment's self-assessed (or verified) score card, in three queries."""
    rows = assessment.items.values_list("item_id", "self_status", "verified_status")
    return score(
        framework_indicators(assessment.framework_id), statuses_of(rows, verified=verified)
    )


def _recount(indicator: IndicatorScore, answers: Mapping[int, str]) -> Decimal:
    """The indicator's points with some of its items answered differently."""
    items = indicator.items
    if indicator.method == WEIGHTED:
        weight_total = sum((i.weight for i in items), Decimal(0))
        weighted = sum(
            (i.weight * share(answers.get(i.item_id, i.status)) for i in items), Decimal(0)
        )
        return indicator_points(indicator.max_points, weighted, weight_total)
    earned = sum(
        (
            cents(i.max_points * share(answers.get(i.item_id, i.status)))
            if i.item_id in answers
            else i.points
            for i in items
        ),
        Decimal("0.00"),
    )
    return min(earned, indicator.max_points)


def gap_to_next_category(card: ScoreCard) -> GapPlan:
    """The fewest questions whose improvement lifts the total into the next band.

    Each round takes the question that gains the most by earning all its points
    (after its indicator's cap); ties go to the lower indicator and question. The
    last step is lowered to the smallest answer that still reaches the band.
    """
    target = next_category(card.category, card.thresholds)
    if target is None:
        return GapPlan(card.total, card.category, None, None, (), True)
    target_points = card.thresholds[target]
    current = {i.indicator_id: i.points for i in card.indicators}
    answers: dict[int, dict[int, str]] = {i.indicator_id: {} for i in card.indicators}

    def gains_of(indicator):
        """``[(gain, indicator, item)]`` of the indicator's items not yet chosen."""
        found = []
        for item in indicator.items:
            if item.item_id in answers[indicator.indicator_id] or item.max_points <= 0:
                continue
            if share(item.status) >= 1:
                continue
            chosen = answers[indicator.indicator_id] | {item.item_id: ItemStatus.MET}
            gain = _recount(indicator, chosen) - current[indicator.indicator_id]
            if gain > 0:
                found.append((gain, indicator, item))
        return found

    candidates = {i.indicator_id: gains_of(i) for i in card.indicators}
    steps: list[GapStep] = []
    running = card.total
    while running < target_points:
        pool = [c for found in candidates.values() for c in found]
        if not pool:
            break
        gain, indicator, item = min(pool, key=lambda c: (-c[0], c[1].number, c[2].order))
        to_status: str = ItemStatus.MET
        needed = target_points - running
        if gain > needed:
            # The smallest answer better than today's that is still enough.
            for status in reversed(allowed(item.kind)):
                if share(status) <= share(item.status):
                    continue
                trial = answers[indicator.indicator_id] | {item.item_id: status}
                step_gain = _recount(indicator, trial) - current[indicator.indicator_id]
                if step_gain >= needed:
                    to_status, gain = status, step_gain
                    break
        answers[indicator.indicator_id][item.item_id] = to_status
        current[indicator.indicator_id] += gain
        running += gain
        steps.append(
            GapStep(
                item_id=item.item_id,
                indicator_id=indicator.indicator_id,
                indicator_number=indicator.number,
                order=item.order,
                text=item.text,
                status=item.status,
                gain=cents(gain),
                code=f"{indicator.code}.{item.code}",
                to_status=to_status,
            )
        )
        candidates[indicator.indicator_id] = gains_of(indicator)
    return GapPlan(
        total=card.total,
        category=card.category,
        target=target,
        target_points=target_points,
        steps=tuple(steps),
        reachable=running >= target_points,
    )
