"""The readiness score (indicators/scoring.py), checked against totals computed by hand."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import scoring
from indicators.models import Category, ItemStatus
from indicators.scoring import (
    category_for,
    gap_to_next_category,
    indicator_points,
    verified_status,
)
from tests.indicators.frameworks import indicator, item_ids, shipped_framework

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET


def score(indicators, statuses):
    """The earlier draft framework's formula (weighted butir); the 2024 instrument's
    is tested in test_scoring_2024.py."""
    return scoring.score(indicators, statuses, method=scoring.WEIGHTED)


SMALL = [
    # 50 x (2 x 1 + 1 x 0.5 + 1 x 0) / 4 = 31.25
    indicator(1, 1, "K", "50", [(11, "2"), (12, "1"), (13, "1")]),
    # 40 x (1.5 x 1 + 1 x 0 + 1 x 0.5) / 3.5 = 22.857... -> 22.86
    indicator(2, 4, "I", "40", [(21, "1.5"), (22, "1"), (23, "1")]),
    # 42.5 x (1 x 0.5 + 1 x 0.5 + 2 x 1) / 4 = 31.875 -> 31.88 (half up)
    indicator(3, 21, "V", "42.5", [(31, "1"), (32, "1"), (33, "2")]),
]
SMALL_STATUSES = {
    11: MET,
    12: PARTLY,
    13: NOT_MET,
    21: MET,
    22: "",
    23: PARTLY,
    31: PARTLY,
    32: PARTLY,
    33: MET,
}


def test_it_scores_indicators_by_their_weighted_share_as_computed_by_hand():
    card = score(SMALL, SMALL_STATUSES)

    assert [i.points for i in card.indicators] == [
        Decimal("31.25"),
        Decimal("22.86"),
        Decimal("31.88"),
    ]
    assert card.total == Decimal("85.99")
    assert card.category == Category.NONE


def test_it_gives_each_item_its_share_of_the_indicator_maximum():
    card = score(SMALL, SMALL_STATUSES)

    first = card.indicators[0]
    # 50 x 2/4 x 1, 50 x 1/4 x 0.5, 50 x 1/4 x 0
    assert [i.points for i in first.items] == [Decimal("25.00"), Decimal("6.25"), Decimal("0.00")]
    assert [i.status for i in first.items] == [MET, PARTLY, NOT_MET]


def test_it_adds_clusters_up_from_the_rounded_indicator_points():
    card = score(SMALL, SMALL_STATUSES)

    assert [(c.cluster, c.points, c.max_points) for c in card.clusters] == [
        ("K", Decimal("31.25"), Decimal("50")),
        ("I", Decimal("22.86"), Decimal("40")),
        ("V", Decimal("31.88"), Decimal("42.5")),
    ]
    assert sum(c.points for c in card.clusters) == card.total


def test_items_missing_from_the_statuses_count_as_not_met():
    card = score(SMALL, {11: MET})

    # 50 x 2/4 = 25, nothing else
    assert card.total == Decimal("25.00")


def test_the_shipped_framework_is_worth_1000_when_every_item_is_met():
    framework = shipped_framework()
    card = score(framework, dict.fromkeys(item_ids(framework), MET))

    assert card.total == Decimal("1000.00")
    assert card.category == Category.KLA
    assert [(c.cluster, c.points) for c in card.clusters] == [
        ("K", Decimal("150.00")),
        ("I", Decimal("120.00")),
        ("II", Decimal("160.00")),
        ("III", Decimal("240.00")),
        ("IV", Decimal("160.00")),
        ("V", Decimal("170.00")),
    ]


def test_every_item_partly_met_is_exactly_500_and_pratama():
    framework = shipped_framework()
    card = score(framework, dict.fromkeys(item_ids(framework), PARTLY))

    assert card.total == Decimal("500.00")
    assert card.category == Category.PRATAMA


def test_nothing_filled_scores_zero():
    card = score(shipped_framework(), {})

    assert card.total == Decimal("0.00")
    assert card.category == Category.NONE


@pytest.mark.parametrize(
    ("points", "category"),
    [
        ("0", Category.NONE),
        ("499.99", Category.NONE),
        ("500", Category.PRATAMA),
        ("600", Category.PRATAMA),
        ("600.01", Category.MADYA),
        ("600.5", Category.MADYA),
        ("601", Category.MADYA),
        ("700", Category.MADYA),
        ("700.01", Category.NINDYA),
        ("701", Category.NINDYA),
        ("800", Category.NINDYA),
        ("801", Category.UTAMA),
        ("810.89", Category.UTAMA),
        ("900", Category.UTAMA),
        ("900.5", Category.KLA),
        ("901", Category.KLA),
        ("1000", Category.KLA),
    ],
)
def test_category_bands_at_their_boundaries(points, category):
    assert category_for(Decimal(points)) == category


def test_a_total_that_rounds_to_a_band_top_stays_in_that_band():
    # 600.004 is shown as 600.00, so it must not be called Madya.
    assert category_for(Decimal("600.004")) == Category.PRATAMA


def test_an_indicator_without_weights_scores_zero_rather_than_dividing_by_zero():
    assert indicator_points(Decimal(40), Decimal(0), Decimal(0)) == Decimal("0.00")


def test_the_verified_status_falls_back_to_the_districts_own():
    assert verified_status(MET, "") == MET
    assert verified_status(MET, PARTLY) == PARTLY
    assert verified_status("", "") == ""


# The gap to the next category, on a case whose answer is known.
#   A: 420 x 1/1 met                                   = 420
#   B: 100, b1 w3 not met (gain 30), b2 w2 partly (10 now, gain 10), b3 w5 met (50) = 60
#   C: 100, c1 w1 not met (gain 25), c2 w1 met, c3 w2 met                          = 75
#   D: 40, d1 w1 not met (gain 20), d2 w1 not met (gain 20)                        = 0
# Total 555 (Pratama); Madya starts above 600, so 45.01 points are needed. No single
# item gains that much; the two largest gains (b1 30 + c1 25 = 55) do: 610.
GAP_FRAMEWORK = [
    indicator(1, 1, "K", "420", [(101, "1")]),
    indicator(2, 2, "K", "100", [(201, "3"), (202, "2"), (203, "5")]),
    indicator(3, 3, "K", "100", [(301, "1"), (302, "1"), (303, "2")]),
    indicator(4, 4, "I", "40", [(401, "1"), (402, "1")]),
]
GAP_STATUSES = {
    101: MET,
    201: NOT_MET,
    202: PARTLY,
    203: MET,
    301: "",
    302: MET,
    303: MET,
    401: NOT_MET,
    402: NOT_MET,
}


def test_the_gap_is_the_fewest_items_that_reach_the_next_band_largest_gain_first():
    card = score(GAP_FRAMEWORK, GAP_STATUSES)
    assert card.total == Decimal("555.00")
    assert card.category == Category.PRATAMA

    gap = gap_to_next_category(card)

    assert gap.target == Category.MADYA
    assert gap.target_points == Decimal("600.01")
    assert gap.needed == Decimal("45.01")
    assert [(s.item_id, s.gain) for s in gap.steps] == [
        (201, Decimal("30.00")),
        (301, Decimal("25.00")),
    ]
    assert gap.reachable
    completed = score(GAP_FRAMEWORK, GAP_STATUSES | {201: MET, 301: MET})
    assert completed.total == Decimal("610.00")
    assert completed.category == Category.MADYA


def test_a_partly_met_item_gains_only_its_missing_half():
    statuses = GAP_STATUSES | {201: MET, 301: MET, 401: MET}  # 555 + 30 + 25 + 20 = 630
    card = score(GAP_FRAMEWORK, statuses)
    assert card.total == Decimal("630.00")

    gap = gap_to_next_category(card)

    # Nindya starts above 700: the remaining gains are 20 (d2) and 10 (b2, half of 20).
    assert [(s.item_id, s.status, s.gain) for s in gap.steps] == [
        (402, NOT_MET, Decimal("20.00")),
        (202, PARTLY, Decimal("10.00")),
    ]
    assert not gap.reachable


def test_there_is_no_gap_above_the_top_category():
    framework = shipped_framework()
    gap = gap_to_next_category(score(framework, dict.fromkeys(item_ids(framework), MET)))

    assert gap.target is None
    assert gap.steps == ()


def test_the_gap_from_nothing_reaches_pratama_on_the_shipped_framework():
    framework = shipped_framework()
    gap = gap_to_next_category(score(framework, {}))

    completed = score(framework, {s.item_id: MET for s in gap.steps})
    assert completed.total >= Decimal(500)
    # One item fewer (the smallest gain dropped) would not have been enough.
    fewer = score(framework, {s.item_id: MET for s in gap.steps[:-1]})
    assert fewer.total < Decimal(500)
    gains = [s.gain for s in gap.steps]
    assert gains == sorted(gains, reverse=True)


STATUS = st.sampled_from(["", MET, PARTLY, NOT_MET])
FRAMEWORK = shipped_framework()
IDS = item_ids(FRAMEWORK)
RANK = {"": 0, NOT_MET: 0, PARTLY: 1, MET: 2}


@settings(max_examples=60, deadline=None)
@given(st.lists(STATUS, min_size=len(IDS), max_size=len(IDS)))
def test_the_total_stays_between_0_and_1000(statuses):
    card = score(FRAMEWORK, dict(zip(IDS, statuses, strict=True)))

    assert Decimal(0) <= card.total <= Decimal(1000)
    assert card.category == category_for(card.total)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(STATUS, min_size=len(IDS), max_size=len(IDS)),
    st.integers(min_value=0, max_value=len(IDS) - 1),
    STATUS,
)
def test_improving_one_item_never_lowers_the_total(statuses, index, better):
    before = dict(zip(IDS, statuses, strict=True))
    if RANK[better] < RANK[before[IDS[index]]]:
        better = before[IDS[index]]
    after = before | {IDS[index]: better}

    assert score(FRAMEWORK, after).total >= score(FRAMEWORK, before).total


@settings(max_examples=40, deadline=None)
@given(st.lists(STATUS, min_size=len(IDS), max_size=len(IDS)))
def test_completing_the_gap_always_reaches_the_next_category(statuses):
    current = dict(zip(IDS, statuses, strict=True))
    gap = gap_to_next_category(score(FRAMEWORK, current))

    if gap.target is not None and gap.reachable:
        completed = score(FRAMEWORK, current | {s.item_id: MET for s in gap.steps})
        assert completed.total >= gap.target_points
