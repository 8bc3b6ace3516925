"""The district page's scores, kept on the assessment's round figure row
(``RoundFigures.board``) by every write that changes them.

The page shows the points per group at each completed stage (or the district's answers
so far, before any), its five weakest indicators and the gap to the next category, both
read from the latest completed stage's card. Scored afresh on every load (274 questions
through ``scoring.score`` up to five times, and a gap search), they took a third of the
page's CPU: 32 ms in-process before, 20 ms since (bench/README.md, "2026-12-06").
``indicators/figures.py`` scores them once per write instead (``scored``, ``kept``) and
the page rebuilds the same dataclasses from the row (``read``), without each question's
points, which only the workbooks print (they score afresh:
``dashboard.district_dashboard(per_question=True)``).
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators import scoring, standings
from indicators.models import Group

WEAKEST = 5
# The column of the district's answers so far (its card before it is submitted).
OWN = "own"


@dataclass(frozen=True)
class Board:
    """The district's answers so far (``card``), each completed stage's card, the weakest
    indicators and the gap to the next category, found on the latest completed stage's
    card (else on the answers so far)."""

    card: scoring.ScoreCard
    stage_cards: dict[str, scoring.ScoreCard]
    weakest: list[scoring.IndicatorScore]
    gap: scoring.GapPlan


def completed_stages(standing: standings.Standing) -> list[str]:
    """The exported stages completed: those with a card (and a column) of their own."""
    return [s for s in standings.EXPORTED if standing.cells[s].completed]


def scored(own: scoring.ScoreCard, stage_cards: dict[str, scoring.ScoreCard]) -> Board:
    """The board of the answers so far and the cards of the ``completed_stages``."""
    basis = next((stage_cards[s] for s in reversed(standings.EXPORTED) if s in stage_cards), own)
    return Board(
        card=own,
        stage_cards=stage_cards,
        weakest=sorted(basis.indicators, key=lambda i: (i.share, i.number))[:WEAKEST],
        gap=scoring.gap_to_next_category(basis),
    )


def kept(board: Board) -> dict:
    """The board as its figure row keeps it (JSON: points as strings with two decimals)."""
    gap = board.gap
    return {
        "cards": {
            column: [f"{card.total:.2f}", card.category, [_cluster(c) for c in card.clusters]]
            for column, card in {OWN: board.card, **board.stage_cards}.items()
        },
        "weakest": [[i.indicator_id, f"{i.points:.2f}"] for i in board.weakest],
        "gap": [
            gap.target,
            None if gap.target_points is None else f"{gap.target_points:.2f}",
            gap.reachable,
            [
                [
                    s.item_id,
                    s.indicator_id,
                    s.indicator_number,
                    s.order,
                    s.code,
                    s.text,
                    s.status,
                    s.to_status,
                    f"{s.gain:.2f}",
                ]
                for s in gap.steps
            ],
        ],
    }


def _cluster(c: scoring.ClusterScore) -> list:
    return [c.cluster, f"{c.points:.2f}", f"{c.max_points:.2f}"]


def read(row: dict, indicators) -> Board:
    """The board of a kept row, ``indicators`` the framework's (for the weakest's names):
    its cards have their totals and groups but no indicators, its weakest indicators no
    questions."""
    labels = dict(Group.choices)
    cards = {
        column: scoring.ScoreCard(
            total=Decimal(total),
            category=category,
            clusters=tuple(
                scoring.ClusterScore(code, str(labels[code]), Decimal(points), Decimal(most))
                for code, points, most in clusters
            ),
            indicators=(),
        )
        for column, (total, category, clusters) in row["cards"].items()
    }
    own = cards.pop(OWN)
    basis = next((cards[s] for s in reversed(standings.EXPORTED) if s in cards), own)
    by_pk = {i.pk: i for i in indicators}
    weakest = [
        scoring.IndicatorScore(
            indicator_id=pk,
            number=by_pk[pk].number,
            code=getattr(by_pk[pk], "code", "") or str(by_pk[pk].number),
            cluster=by_pk[pk].cluster,
            name=by_pk[pk].name,
            max_points=Decimal(by_pk[pk].max_points),
            points=Decimal(points),
            items=(),
        )
        for pk, points in row["weakest"]
    ]
    target, target_points, reachable, steps = row["gap"]
    gap = scoring.GapPlan(
        total=basis.total,
        category=basis.category,
        target=target,
        target_points=None if target_points is None else Decimal(target_points),
        steps=tuple(
            scoring.GapStep(
                item_id=item_id,
                indicator_id=indicator_id,
                indicator_number=number,
                order=order,
                text=text,
                status=status,
                gain=Decimal(gain),
                code=code,
                to_status=to_status,
            )
            for item_id, indicator_id, number, order, code, text, status, to_status, gain in steps
        ),
        reachable=reachable,
    )
    return Board(card=own, stage_cards=cards, weakest=weakest, gap=gap)
