"""The 2024 instrument's formula (indicators/scoring.py) on the shipped instrument itself,
against totals computed by hand: question points in steps, indicators capped at their maximum.
"""

from decimal import Decimal

from indicators.models import Category, ItemStatus
from indicators.scoring import category_for, gap_to_next_category, score
from tests.indicators.frameworks import shipped_instrument

MET, Q3, HALF, Q1, NOT_MET = (
    ItemStatus.MET,
    ItemStatus.THREE_QUARTERS,
    ItemStatus.PARTLY,
    ItemStatus.QUARTER,
    ItemStatus.NOT_MET,
)
INDICATORS, CODES = shipped_instrument()


def answers(by_code):
    return {CODES[code]: status for code, status in by_code.items()}


def every(status):
    return dict.fromkeys(CODES.values(), status)


def test_every_question_met_is_1000_and_nothing_is_0():
    assert score(INDICATORS, every(MET)).total == Decimal("1000.00")
    assert score(INDICATORS, {}).total == Decimal("0.00")
    assert score(INDICATORS, every(NOT_MET)).category == Category.NONE


def test_groups_add_up_to_the_instruments_group_maxima():
    card = score(INDICATORS, every(MET))

    assert {c.cluster: c.points for c in card.clusters} == {
        "K": Decimal(164),
        "I": Decimal(115),
        "II": Decimal(156),
        "III": Decimal(150),
        "IV": Decimal(110),
        "V": Decimal(205),
        "KD": Decimal(100),
    }


def test_indicator_19_is_capped_at_51_and_21b_at_17():
    card = score(INDICATORS, every(MET))
    by_code = {i.code: i for i in card.indicators}

    # 4 + 5 x 3.2 + 2 + 6 + 5 + 6 + 5 + 5 + 5 = 54 on the questions; the indicator gives 51.
    assert by_code["19"].questions_points == Decimal("54.00")
    assert by_code["19"].points == Decimal("51.00")
    assert by_code["21B"].questions_points == Decimal("18.00")
    assert by_code["21B"].points == Decimal("17.00")


def test_a_mix_of_partial_steps_as_computed_by_hand():
    card = score(
        INDICATORS,
        answers(
            {
                "1.1": HALF,  # 12 x 1/2 = 6.00
                "1.2a": Q3,  # 1 x 3/4 = 0.75
                "19.2a": Q3,  # 3.2 x 3/4 = 2.40
                "25.2": Q1,  # 1.25 x 1/4 = 0.3125 -> 0.31
                "3.1a": Q1,  # 4.5 x 1/4 = 1.125 -> 1.13 (half up)
                "26.17": MET,  # a screening question: 0 points
                "22B.2": MET,  # yes/no, 0.5
            }
        ),
    )
    by_code = {i.code: i.points for i in card.indicators}

    assert by_code["1"] == Decimal("6.75")
    assert by_code["19"] == Decimal("2.40")
    assert by_code["25"] == Decimal("0.31")
    assert by_code["3"] == Decimal("1.13")
    assert by_code["26"] == Decimal("0.00")
    assert by_code["22B"] == Decimal("0.50")
    assert card.total == Decimal("11.09")


def test_the_bands_on_the_real_instrument():
    # Everything met but indicators 1 (96), 5 (45), 6 (55), 7 (36) and 26 (79):
    # 1000 - 311 = 689, Madya.
    blank = {c for c in CODES if c.split(".")[0] in {"1", "5", "6", "7", "26"}}
    state = {CODES[c]: MET for c in CODES if c not in blank}
    assert score(INDICATORS, state).total == Decimal("689.00")
    assert score(INDICATORS, state).category == Category.MADYA

    # 1.1 (12) fully: 701.00, Nindya; 1.1 at 3/4 (9): 698.00, still Madya.
    assert score(INDICATORS, state | answers({"1.1": MET})).category == Category.NINDYA
    assert score(INDICATORS, state | answers({"1.1": Q3})).total == Decimal("698.00")
    # 600.00 is Pratama, a quarter point more is Madya (bands of Permen PPPA 12/2022).
    assert category_for(Decimal("600.00")) == Category.PRATAMA
    assert category_for(Decimal("600.25")) == Category.MADYA


def test_the_gap_takes_the_fewest_questions_and_asks_only_for_the_step_that_is_enough():
    blank = {c for c in CODES if c.startswith("1.")} | {"6.3", "7.2", "21A.2", "19.3"}
    state = {CODES[c]: MET for c in CODES if c not in blank}
    card = score(INDICATORS, state)
    # 1000 - 96 (indicator 1) - 21 - 22 - 15 = 846; 19.3 (2 points) costs nothing:
    # indicator 19's other questions still add up to 52, above its cap of 51.
    assert card.total == Decimal("846.00")
    assert card.category == Category.UTAMA

    gap = gap_to_next_category(card)

    # KLA from 900.01: 54.01 more. The largest gains first: 7.2 (22) to 868, 6.3 (21) to
    # 889, then 21A.2 (15), of which 3/4 (11.25) is enough: 900.25.
    assert [(s.code, s.to_status, s.gain) for s in gap.steps] == [
        ("7.2", MET, Decimal("22.00")),
        ("6.3", MET, Decimal("21.00")),
        ("21A.2", Q3, Decimal("11.25")),
    ]
    assert gap.reachable
    assert "19.3" not in [s.code for s in gap.steps]
    done = state | answers({"7.2": MET, "6.3": MET, "21A.2": Q3})
    assert score(INDICATORS, done).total == Decimal("900.25")
    assert score(INDICATORS, done).category == Category.KLA


def test_there_is_no_gap_at_the_top_category():
    card = score(INDICATORS, every(MET))

    gap = gap_to_next_category(card)

    assert gap.target is None and gap.steps == ()
