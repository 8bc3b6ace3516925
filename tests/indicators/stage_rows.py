"""Stage rows written directly, as the stage writes leave them (those are tested through
the workflow in test_stage_totals.py and test_workflow.py): for worlds built around them."""

from decimal import Decimal

from indicators import scoring, stages
from indicators.models import AssessmentStage, Stage
from kla_portal import figures

Status = AssessmentStage.Status


def set_stages(assessment, **statuses: str) -> dict[str, AssessmentStage]:
    """``set_stages(a, em="completed", va="returned")``: every stage of the assessment at
    the status given; of the others, the one after the last completed stage in progress
    (as completing a stage opens the next), the rest not started. A completed stage is
    frozen at its total as scored now. The district's figure rows are refreshed, as the
    stage writes refresh them."""
    done = [s for s in stages.ORDER if statuses.get(s) == Status.COMPLETED]
    following = stages.ORDER.index(done[-1]) + 1 if done else 0
    rows = {}
    for index, stage in enumerate(stages.ORDER):
        default = Status.IN_PROGRESS if index == following else Status.NOT_STARTED
        status = statuses.get(stage, default)
        total, category = None, ""
        if status == Status.COMPLETED:
            total = stages.score_at(assessment, stage).total
            category = scoring.category_for(total)
        rows[stage], _created = AssessmentStage.objects.update_or_create(
            assessment=assessment,
            stage=stage,
            defaults={"status": status, "total": total, "category": category},
        )
    figures.refresh([assessment.district_id])
    return rows


def stage_rows(assessment, totals: dict[str, Decimal], running: str | None = None) -> list:
    """Unsaved rows for ``bulk_create``: the stages of ``totals`` completed at those totals,
    ``running`` in progress, the rest not started (no scoring: for worlds of hundreds)."""
    rows = []
    for stage in stages.ORDER:
        total = totals.get(stage)
        if total is not None:
            status = Status.COMPLETED
        elif stage == running:
            status = Status.IN_PROGRESS
        else:
            status = Status.NOT_STARTED
        rows.append(
            AssessmentStage(
                assessment=assessment,
                stage=stage,
                status=status,
                total=total,
                category=scoring.category_for(total) if total is not None else "",
            )
        )
    return rows


COMPLETED = Status.COMPLETED
EM, VA, VL, FINAL, AWARD = Stage.EM, Stage.VA, Stage.VL, Stage.FINAL, Stage.AWARD
