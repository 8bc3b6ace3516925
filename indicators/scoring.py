"""The KLA readiness score: points per item, indicator, cluster and total (0-1000).

Pure arithmetic on plain values: no HTTP, and no database access inside the
formula (``score_assessment`` loads its rows first, in a fixed number of queries,
then calls ``score``).

The formula
-----------

1. Each checklist item (butir) earns a share::

       met ("terpenuhi") = 1,  partly met ("sebagian") = 0.5,  not met or blank = 0

2. An indicator earns its maximum times the weighted share of its items::

       indicator points = max_points x sum(weight_i x share_i) / sum(weight_i)

   rounded to 2 decimals (half up). The sums run over all the indicator's items
   in the framework, so an item nobody filled counts as not met. An item's own
   points, ``max_points x weight_i / sum(weight) x share_i``, are shown for
   explanation (rounded separately, they may differ from the indicator's figure
   by a cent).

3. A cluster's points are the sum of its indicators' (rounded) points; the
   total is the sum over all indicators, 0-1000 when the maxima sum to 1000
   (Kelembagaan 3 x 50, clusters I-IV 40 each, cluster V 4 x 42.5). Summing
   the rounded indicator figures makes every page add up to the cent.

4. The category follows the total (Permen PPPA 12/2022)::

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
   takes each item's verified status, and the district's own status where the
   verifier left it blank (a verifier who does not overrule an item accepts it).

The gap to the next category (``gap_to_next_category``) is the smallest set of
unmet or partly met items whose completion lifts the total into the next band:
completing an item gains ``max_points x weight / sum(weight) x (1 - share)``, so
taking the largest gains first reaches the threshold with the fewest items.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from indicators.models import Category, ItemStatus
from kla_portal.models import Cluster

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a dev dependency: for the type checker only

CENT = Decimal("0.01")
SHARES = {
    ItemStatus.MET: Decimal(1),
    ItemStatus.PARTLY: Decimal("0.5"),
    ItemStatus.NOT_MET: Decimal(0),
    "": Decimal(0),
}
# (the top of the band, inclusive; category), lowest first. Above the last: KLA.
BANDS = (
    (Decimal("499.99"), Category.NONE),
    (Decimal(600), Category.PRATAMA),
    (Decimal(700), Category.MADYA),
    (Decimal(800), Category.NINDYA),
    (Decimal(900), Category.UTAMA),
)
# The lowest total (to the cent) of each category. Typed by str because callers pass a card's
# category as a str; a Category member is a str and finds the same entry.
THRESHOLDS: dict[str, Decimal] = {
    Category.NONE: Decimal(0),
    Category.PRATAMA: Decimal(500),
    Category.MADYA: Decimal("600.01"),
    Category.NINDYA: Decimal("700.01"),
    Category.UTAMA: Decimal("800.01"),
    Category.KLA: Decimal("900.01"),
}
ORDER: list[str] = list(THRESHOLDS)  # lowest category first


@dataclass(frozen=True)
class ItemScore:
    item_id: int
    order: int
    text: str
    weight: Decimal
    status: str
    points: Decimal


@dataclass(frozen=True)
class IndicatorScore:
    indicator_id: int
    number: int
    cluster: str
    name: str
    max_points: Decimal
    points: Decimal
    items: tuple[ItemScore, ...]

    @property
    def share(self) -> Decimal:
        """Points over the maximum, 0-1 (how far the indicator is met)."""
        return self.points / self.max_points if self.max_points else Decimal(0)

    @property
    def percent(self) -> int:
        return int((self.share * 100).to_integral_value(ROUND_HALF_UP))


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
    status: str
    gain: Decimal


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


def verified_status(self_status: str, verified: str) -> str:
    """The status the verified score counts: the verifier's, else the district's own."""
    return verified or self_status or ""


def indicator_points(max_points, weighted_share, weight_total) -> Decimal:
    """``max_points x weighted_share / weight_total``, to the cent (0 without weights)."""
    if not weight_total:
        return Decimal("0.00")
    return cents(Decimal(max_points) * Decimal(weighted_share) / Decimal(weight_total))


def category_for(points) -> str:
    """The category (a ``Category`` value) of a total; see the bands above."""
    total = cents(points)
    for top, category in BANDS:
        if total <= top:
            return category
    return Category.KLA


def next_category(category: str) -> str | None:
    index = ORDER.index(category)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


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
        for value, label in Cluster.choices
        if value in points
    )


def score(indicators, statuses: Mapping[int, str]) -> ScoreCard:
    """The score card of these indicators (each with its ``items`` prefetched).

    ``statuses`` maps a checklist item's id to an ``ItemStatus`` value or "";
    items missing from it count as not met.
    """
    scored = []
    for indicator in sorted(indicators, key=lambda i: i.number):
        items = sorted(indicator.items.all(), key=lambda i: i.order)
        weight_total = sum((Decimal(i.weight) for i in items), Decimal(0))
        max_points = Decimal(indicator.max_points)
        item_scores = []
        weighted = Decimal(0)
        for item in items:
            status = statuses.get(item.pk, "") or ""
            weighted += Decimal(item.weight) * share(status)
            item_scores.append(
                ItemScore(
                    item_id=item.pk,
                    order=item.order,
                    text=item.text,
                    weight=Decimal(item.weight),
                    status=status,
                    points=indicator_points(
                        max_points, Decimal(item.weight) * share(status), weight_total
                    ),
                )
            )
        scored.append(
            IndicatorScore(
                indicator_id=indicator.pk,
                number=indicator.number,
                cluster=indicator.cluster,
                name=indicator.name,
                max_points=max_points,
                points=indicator_points(max_points, weighted, weight_total),
                items=tuple(item_scores),
            )
        )
    total = sum((i.points for i in scored), Decimal("0.00"))
    return ScoreCard(
        total=total,
        category=category_for(total),
        clusters=cluster_scores(scored),
        indicators=tuple(scored),
    )


def framework_indicators(framework_id):
    """The framework's indicators with their items: two queries."""
    from indicators.models import Indicator

    return list(Indicator.objects.filter(framework_id=framework_id).prefetch_related("items"))


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


def _gain(indicator: IndicatorScore, item: ItemScore, weight_total: Decimal) -> Decimal:
    return indicator.max_points * item.weight * (1 - share(item.status)) / weight_total


def _completed(card: ScoreCard, chosen: set[int]) -> Decimal:
    """The total if the chosen items were met (with the formula's own rounding)."""
    total = Decimal(0)
    for indicator in card.indicators:
        weight_total = sum((i.weight for i in indicator.items), Decimal(0))
        weighted = sum(
            (
                i.weight * (Decimal(1) if i.item_id in chosen else share(i.status))
                for i in indicator.items
            ),
            Decimal(0),
        )
        total += indicator_points(indicator.max_points, weighted, weight_total)
    return total


def gap_to_next_category(card: ScoreCard) -> GapPlan:
    """The fewest unmet or partly met items that lift the total into the next band.

    Steps come largest gain first; ties go to the lower indicator and item number.
    """
    target = next_category(card.category)
    if target is None:
        return GapPlan(card.total, card.category, None, None, (), True)
    target_points = THRESHOLDS[target]
    candidates = []
    for indicator in card.indicators:
        weight_total = sum((i.weight for i in indicator.items), Decimal(0))
        for item in indicator.items:
            if item.status == ItemStatus.MET or not weight_total:
                continue
            gain = _gain(indicator, item, weight_total)
            candidates.append((indicator, item, gain))
    candidates.sort(key=lambda c: (-c[2], c[0].number, c[1].order))
    chosen: list[GapStep] = []
    ids: set[int] = set()
    running = card.total
    for indicator, item, gain in candidates:
        if running >= target_points:
            break
        ids.add(item.item_id)
        chosen.append(
            GapStep(
                item_id=item.item_id,
                indicator_id=indicator.indicator_id,
                indicator_number=indicator.number,
                order=item.order,
                text=item.text,
                status=item.status,
                gain=cents(gain),
            )
        )
        # Recount with the formula's rounding rather than adding rounded gains.
        running = _completed(card, ids)
    return GapPlan(
        total=card.total,
        category=card.category,
        target=target,
        target_points=target_points,
        steps=tuple(chosen),
        reachable=running >= target_points,
    )
