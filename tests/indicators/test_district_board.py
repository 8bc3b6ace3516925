"""The district page reads its score columns, weakest indicators and gap from the kept
round figure row (``indicators/district_board.py``) and shows what scoring the
assessment afresh shows, right after each write."""

import pytest

from indicators import dashboard, workflow
from indicators.models import (
    AssessmentStage,
    ItemAssessment,
    ItemStatus,
    RoundFigures,
    StageAnswer,
)
from kla_portal import figures
from tests.indicators.filling import fill
from tests.indicators.stage_rows import set_stages

pytestmark = pytest.mark.django_db

MET, NOT_MET = ItemStatus.MET, ItemStatus.NOT_MET
COMPLETED = AssessmentStage.Status.COMPLETED
YEAR = 2025


def shown(board: dashboard.DistrictDashboard) -> dict:
    """What the district page prints of the scores."""
    gap = board.gap
    return {
        "basis": board.basis[0],
        "columns": [(label, total) for label, _card, total in board.cluster_columns],
        "groups": [
            (c.label, c.max_points, [(v.points, v.percent) for v in values])
            for c, values in board.cluster_rows
        ],
        "maximum": board.card.max_points,
        "weakest": [(i.code, i.name, i.points, i.max_points, i.percent) for i in board.weakest],
        "gap": (gap.target, gap.target_points, gap.needed, gap.reachable),
        "steps": [
            (s.code, s.text, s.status, s.to_status, s.gain, s.indicator_id) for s in gap.steps
        ],
        "gap_rows": [(r.step.code, r.indicator_name) for r in board.gap_rows],
    }


def pages(district, user) -> tuple[dict, dict]:
    """(the page as read from the kept row, the page scored afresh)."""
    kept = dashboard.district_dashboard(district, user, YEAR)
    fresh = dashboard.district_dashboard(district, user, YEAR, per_question=True)
    assert kept.card.indicators == (), "the page did not read the kept row"
    assert fresh.card.indicators
    return shown(kept), shown(fresh)


@pytest.fixture
def draft(start, balangan, balangan_admin):
    """Balangan's 2025 draft: every question met except indicators 19 and 21A."""
    assessment = start(balangan, YEAR, balangan_admin)
    return fill(
        assessment,
        {
            ia.item.full_code: MET
            for ia in assessment.items.select_related("item__indicator")
            if ia.item.indicator.code not in ("19", "21A")
        },
    )


def test_the_page_before_submission_reads_what_scoring_afresh_gives(
    draft, balangan, balangan_admin
):
    kept, fresh = pages(balangan, balangan_admin)

    assert kept == fresh
    assert kept["columns"] == [("Mandiri (belum diajukan)", None)]
    assert kept["steps"][0][0] == "21A.2"
    assert kept["weakest"][0][0] == "19"  # 0 of 51 points


def test_each_completed_stage_reads_its_own_answers_from_the_row(draft, balangan, balangan_admin):
    """EM and VA from the items, VL from its stage answers: each column differs."""
    fill(draft, {}, verified={"2.1": NOT_MET})
    row = ItemAssessment.objects.get(assessment=draft, item__indicator__code="5", item__order=1)
    StageAnswer.objects.create(item=row, stage="vl", status=NOT_MET)
    set_stages(draft, em=COMPLETED, va=COMPLETED, review=COMPLETED, vl=COMPLETED)

    kept, fresh = pages(balangan, balangan_admin)

    assert kept == fresh
    assert [label for label, _total in kept["columns"]] == ["EM", "VA", "VL"]
    totals = [total for _label, total in kept["columns"]]
    assert totals[0] > totals[1] > totals[2]
    assert kept["basis"] == "VL"


def test_an_answer_saved_shows_on_the_page_at_once(draft, balangan, balangan_admin):
    before, _fresh = pages(balangan, balangan_admin)
    item = ItemAssessment.objects.select_related("assessment__district", "item").get(
        assessment=draft, item__indicator__code="21A", item__order=2
    )

    workflow.fill_item(item=item, user=balangan_admin, status=MET, notes="")

    kept, fresh = pages(balangan, balangan_admin)
    assert kept == fresh
    assert kept != before
    assert "21A.2" not in [code for code, *_rest in kept["steps"]]
    assert kept["groups"] != before["groups"]


def test_a_row_without_a_board_is_scored_afresh_until_the_figures_are_rebuilt(
    draft, balangan, balangan_admin, django_assert_max_num_queries
):
    """As after an upgrade, before ``manage.py refresh_figures``: the page still shows
    the scores, and the rebuild keeps them on the row again."""
    _kept, fresh = pages(balangan, balangan_admin)
    RoundFigures.objects.filter(assessment=draft).update(board=None)

    upgraded = dashboard.district_dashboard(balangan, balangan_admin, YEAR)

    assert shown(upgraded) == fresh
    figures.refresh_all()
    assert RoundFigures.objects.get(assessment=draft).board is not None
    kept, _fresh = pages(balangan, balangan_admin)
    assert kept == fresh
