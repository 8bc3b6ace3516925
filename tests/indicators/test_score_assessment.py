"""Scoring a stored assessment: the score card and the figures row the dashboards read agree.

On the earlier draft framework (2023 and before: weighted butir) and on the 2024 instrument.
"""

from decimal import Decimal

from indicators.models import AssessmentFigures, Category, ItemStatus
from indicators.scoring import score_assessment
from tests.indicators.filling import fill

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET


def test_it_scores_an_assessment_from_its_items(start, balangan, balangan_admin):
    assessment = start(balangan, 2023, balangan_admin)
    # Indicator 2 (max 50, weights 2, 1, 1, 1, 1.5, 1 = 7.5): 2 + 1 + 0.5 x 1 = 3.5 -> 23.33
    # Indicator 11 (max 40, weights 2, 1, 1 = 4): all met -> 40
    fill(
        assessment,
        {
            "2.1": MET,
            "2.2": MET,
            "2.4": PARTLY,
            "2.5": NOT_MET,
            **dict.fromkeys(["11.1", "11.2", "11.3"], MET),
        },
    )

    card = score_assessment(assessment)

    points = {i.number: i.points for i in card.indicators}
    assert points[2] == Decimal("23.33")
    assert points[11] == Decimal("40.00")
    assert card.total == Decimal("63.33")
    assert card.category == Category.NONE


def test_the_verified_score_takes_the_verifiers_status_where_there_is_one(
    start, balangan, balangan_admin
):
    assessment = start(balangan, 2023, balangan_admin)
    fill(
        assessment,
        dict.fromkeys(["11.1", "11.2", "11.3"], MET),
        verified={"11.1": NOT_MET},  # 40 x (1 + 1) / 4 = 20
    )

    assert score_assessment(assessment).total == Decimal("40.00")
    assert score_assessment(assessment, verified=True).total == Decimal("20.00")


def test_it_loads_an_assessment_in_three_queries(
    start, balangan, balangan_admin, django_assert_num_queries
):
    assessment = start(balangan, 2023, balangan_admin)

    with django_assert_num_queries(3):
        score_assessment(assessment)


def test_the_figures_row_gives_the_score_cards_totals(
    start, balangan, hst, balangan_admin, hst_admin
):
    one = fill(
        start(balangan, 2023, balangan_admin),
        {"1.1": MET, "1.2": PARTLY, "2.4": PARTLY, "19.1": MET, "24.2": PARTLY},
        verified={"1.1": PARTLY, "5.1": MET},
    )
    two = fill(start(hst, 2025, hst_admin), {"3.1a": PARTLY, "13.3": MET, "21A.4b": NOT_MET})

    rows = AssessmentFigures.objects.in_bulk()

    for assessment in (one, two):
        assert rows[assessment.pk].total == score_assessment(assessment).total
    assert rows[one.pk].verified == score_assessment(one, verified=True).total
    assert rows[two.pk].verified is None  # nobody has verified anything yet


def test_a_2024_assessment_with_every_question_met_scores_1000(start, balangan, balangan_admin):
    assessment = start(balangan, 2025, balangan_admin)
    assert assessment.framework.code == "kla-2024"
    fill(
        assessment,
        {ia.item.full_code: MET for ia in assessment.items.select_related("item__indicator")},
    )

    card = score_assessment(assessment)

    assert card.total == Decimal("1000.00")
    assert card.category == Category.KLA
    assert AssessmentFigures.objects.get(assessment=assessment).total == Decimal("1000.00")


def test_a_2024_assessment_scores_quarter_steps_and_caps_indicator_19(
    start, balangan, balangan_admin
):
    assessment = start(balangan, 2025, balangan_admin)
    nineteen = [
        ia.item.full_code
        for ia in assessment.items.filter(item__indicator__code="19").select_related(
            "item__indicator"
        )
    ]
    # Every question of 19 met would be 54 points; the indicator is worth 51.
    # 1.2a (1 point) at 3/4 = 0.75; 21A.4a (6 points) at 1/4 = 1.50.
    fill(
        assessment,
        {
            **dict.fromkeys(nineteen, MET),
            "1.2a": ItemStatus.THREE_QUARTERS,
            "21A.4a": ItemStatus.QUARTER,
        },
    )

    card = score_assessment(assessment)

    points = {i.code: i.points for i in card.indicators}
    assert points["19"] == Decimal("51.00")
    assert points["1"] == Decimal("0.75")
    assert points["21A"] == Decimal("1.50")
    assert card.total == Decimal("53.25")
