"""The assessment summary on paper: the letter's attachment that goes with the workbook.

Each indicator's points at each completed stage (EM, VA, VL, final verification), its
group's subtotal and the stage's total and category, under the district's letterhead
and over its signatory. The figures are the ones the district page and the workbook
show: a stage's column appears only once that stage is completed
(``standings``: the totals frozen at each stage's completion), its points per
indicator from that stage's score card (``stages.statuses_at``), never a running total.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from indicators import scoring, stages, standings
from indicators.exports import completed_rows, done_by, stage_label
from indicators.models import Assessment
from kla_portal.pdf import render_pdf
from stakeholders.letterheads import issuer_for
from trainings.documents import letter_of

TEMPLATE = "indicators/documents/summary.html"


@dataclass
class StageRow:
    """One stage of the evaluation as the summary lists it."""

    heading: str
    label: str
    word: str
    completed: bool
    total: Decimal | None
    category: str
    completed_at: object
    completed_by: str


@dataclass
class IndicatorRow:
    code: str
    name: str
    max_points: Decimal
    points: list  # one per completed stage, in ``Summary.headings`` order


@dataclass
class GroupRows:
    label: str
    max_points: Decimal
    points: list
    indicators: list[IndicatorRow]


@dataclass
class Summary:
    assessment: Assessment
    stage_label: str
    stages: list[StageRow]
    headings: list[str]  # of the completed stages, the table's points columns
    groups: list[GroupRows]
    max_points: Decimal
    totals: list  # the completed stages' frozen totals
    categories: list[str]


def build_summary(assessment: Assessment) -> Summary:
    """The summary's figures: a few queries, and two more per completed stage."""
    standing = standings.standings([assessment])[assessment.pk]
    cells = standing.shown(standings.EXPORTED)
    completed = [c for c in cells if c.completed]
    done = completed_rows(assessment)
    indicators = scoring.framework_indicators(assessment.framework_id)
    # The framework's shape (groups, indicators, maximum points) without any answer.
    shape = scoring.score(indicators, {})
    cards = [scoring.score(indicators, stages.statuses_at(assessment, c.stage)) for c in completed]
    per_indicator = [{i.indicator_id: i for i in card.indicators} for card in cards]
    per_group = [{g.cluster: g for g in card.clusters} for card in cards]
    groups = []
    for group in shape.clusters:
        rows = [
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                max_points=indicator.max_points,
                points=[found[indicator.indicator_id].points for found in per_indicator],
            )
            for indicator in shape.indicators
            if indicator.cluster == group.cluster
        ]
        groups.append(
            GroupRows(
                label=group.label,
                max_points=group.max_points,
                points=[found[group.cluster].points for found in per_group],
                indicators=rows,
            )
        )
    return Summary(
        assessment=assessment,
        stage_label=stage_label(standing),
        stages=[
            StageRow(
                heading=c.heading,
                label=c.label,
                word=c.word,
                completed=c.completed,
                total=c.total if c.completed else None,
                category=c.category_label if c.completed else "",
                completed_at=done[c.stage].completed_at if c.stage in done else None,
                completed_by=done_by(done.get(c.stage)),
            )
            for c in cells
        ],
        headings=[c.heading for c in completed],
        groups=groups,
        max_points=shape.max_points,
        totals=[c.total for c in completed],
        categories=[c.category_label for c in completed],
    )


def summary_pdf(assessment: Assessment, *, today: date | None = None) -> bytes:
    """A4 portrait: kop surat, the stages, the points per indicator, the signature block."""
    issuer = issuer_for(assessment.district)
    return render_pdf(
        TEMPLATE,
        {
            "summary": build_summary(assessment),
            "assessment": assessment,
            "district": assessment.district,
            "letter": letter_of(issuer) if issuer else None,
            "today": today or timezone.localdate(),
        },
    )
