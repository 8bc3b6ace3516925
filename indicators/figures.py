"""The figure rows of the indicators app: an assessment's totals and stages, a district's key
figures.

``kla_portal.figures.refresh`` calls ``refresh(codes)`` from every write that
changes a district's records, in the write's transaction. It recomputes the rows
of those districts from their records with the same functions the pages used to
call (``scoring.score``, ``coverage_for``, ``completion_rates``), so a page that
reads a row shows what it would have computed. A few set-based queries per call,
whether it is asked for one district or all 514 (``refresh_all``).
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q

from indicators import district_board, scoring, stages, standings
from indicators.models import (
    Assessment,
    AssessmentFigures,
    DistrictFigures,
    ItemAssessment,
    OfficialResult,
    RoundFigures,
    Stage,
    StageAnswer,
)
from kla_portal.models import District
from stakeholders.models import Institution, Sector
from trainings.coverage import DistrictCoverage, SectorCoverage, coverage_for
from trainings.plans.completion import completion_rates
from trainings.plans.models import ActionItem


def refresh(codes: Sequence[str]) -> None:
    """Recompute the figure rows of these districts."""
    assessments = _assessments(Assessment.objects.filter(district__in=codes))
    scoring_data = _Scoring(assessments)
    _refresh_assessments(assessments, scoring_data)
    _refresh_rounds(assessments, scoring_data, OfficialResult.objects.filter(district__in=codes))
    _refresh_districts(District.objects.filter(code__in=codes))


def refresh_all() -> None:
    assessments = _assessments(Assessment.objects.all())
    scoring_data = _Scoring(assessments)
    _refresh_assessments(assessments, scoring_data)
    _refresh_rounds(assessments, scoring_data, OfficialResult.objects.all())
    _refresh_districts(District.objects.all())


def _assessments(queryset) -> list[Assessment]:
    return list(queryset.only("pk", "framework_id", "district_id", "year", "status"))


class _Scoring:
    """What the assessments are scored from, in a query or two each: their item rows, their
    frameworks' indicators with questions and, once a central stage is scored, their
    stage answers."""

    def __init__(self, assessments: list[Assessment]):
        self.rows = defaultdict(list)  # {assessment id: [(row id, question, own, verified)]}
        for assessment_id, *row in (
            ItemAssessment.objects.filter(assessment__in=assessments)
            .values_list("assessment_id", "pk", "item_id", "self_status", "verified_status")
            .order_by()
        ):
            self.rows[assessment_id].append(row)
        self.assessments = assessments
        self._answers: dict[int, list] | None = None  # read when a central stage is scored
        self._indicators: dict[int, list] = {}
        self._cards: dict[tuple[int, str], scoring.ScoreCard] = {}

    def indicators(self, assessment: Assessment) -> list:
        if assessment.framework_id not in self._indicators:
            self._indicators[assessment.framework_id] = scoring.framework_indicators(
                assessment.framework_id
            )
        return self._indicators[assessment.framework_id]

    def card(self, assessment: Assessment, stage: str) -> scoring.ScoreCard:
        """The assessment's score card at the stage, scored once for the totals and the
        district page's board alike."""
        key = (assessment.pk, stage)
        if key not in self._cards:
            answers = self.answers().get(assessment.pk, []) if stage in stages.CENTRAL else []
            statuses = stages.statuses_from(self.rows.get(assessment.pk, []), answers, stage)
            self._cards[key] = scoring.score(self.indicators(assessment), statuses)
        return self._cards[key]

    def answers(self) -> dict[int, list]:
        """``{assessment id: [(row id, stage, answer)]}`` of the central stages."""
        if self._answers is None:
            self._answers = defaultdict(list)
            for assessment_id, *answer in (
                StageAnswer.objects.filter(item__assessment__in=self.assessments)
                .values_list("item__assessment_id", "item_id", "stage", "status")
                .order_by()
            ):
                self._answers[assessment_id].append(answer)
        return self._answers


def cards(
    assessments, scoring_data: _Scoring
) -> dict[int, tuple[scoring.ScoreCard, scoring.ScoreCard | None]]:
    """``{assessment id: (own card, verified card or None)}`` by ``scoring.score``.
    Assessments without item rows are left out, as the dashboards show them as not
    assessed."""
    result = {}
    for assessment in assessments:
        rows = scoring_data.rows.get(assessment.pk)
        if not rows:
            continue
        own = scoring_data.card(assessment, Stage.EM)
        verified = (
            scoring_data.card(assessment, Stage.VA)
            if any(checked for _row, _item, _own, checked in rows)
            else None
        )
        result[assessment.pk] = (own, verified)
    return result


def _clusters(card: scoring.ScoreCard | None) -> dict[str, str] | None:
    if card is None:
        return None
    return {c.cluster: f"{c.points:.2f}" for c in card.clusters}


def _refresh_assessments(assessments: list[Assessment], scoring_data: _Scoring) -> None:
    scored = cards(assessments, scoring_data)
    AssessmentFigures.objects.filter(assessment__in=[a.pk for a in assessments]).exclude(
        assessment__in=list(scored)
    ).delete()
    AssessmentFigures.objects.bulk_create(
        [
            AssessmentFigures(
                assessment_id=pk,
                total=own.total,
                verified=verified.total if verified else None,
                clusters=_clusters(own),
                verified_clusters=_clusters(verified),
            )
            for pk, (own, verified) in scored.items()
        ],
        update_conflicts=True,
        unique_fields=["assessment"],
        update_fields=["total", "verified", "clusters", "verified_clusters"],
    )


def _award(result) -> list | None:
    if result is None:
        return None
    year, category, score = result
    return [year, category, None if score is None else f"{score:.2f}"]


def _refresh_rounds(assessments: list[Assessment], scoring_data: _Scoring, results) -> None:
    """These assessments' stage rows, and the official results of their rounds (from
    ``results``), as ``RoundFigures`` rows. A row goes with its assessment (deleted with
    it); one moved to another district in the admin is rewritten by the refresh of both."""
    by_district = defaultdict(list)  # {code: [(year, category, score)] oldest first}
    for code, *result in results.order_by("year").values_list(
        "district_id", "year", "category", "score"
    ):
        by_district[code].append(tuple(result))
    kept = []
    by_pk = standings.standings(assessments)
    for assessment in assessments:
        standing = by_pk[assessment.pk]
        award_year = standings.award_year(assessment.year)
        earlier = [r for r in by_district[assessment.district_id] if r[0] <= award_year]
        kept.append(
            RoundFigures(
                assessment_id=assessment.pk,
                district_id=assessment.district_id,
                year=assessment.year,
                status=assessment.status,
                submitted=standing.submitted,
                cells={
                    stage: [
                        cell.status,
                        None if cell.total is None else f"{cell.total:.2f}",
                        cell.category,
                    ]
                    for stage, cell in standing.cells.items()
                },
                official=_award(next((r for r in earlier if r[0] == award_year), None)),
                last_award=_award(earlier[-1] if earlier else None),
                board=district_board.kept(
                    district_board.scored(
                        scoring_data.card(assessment, Stage.EM),
                        {
                            stage: scoring_data.card(assessment, stage)
                            for stage in district_board.completed_stages(standing)
                        },
                    )
                ),
            )
        )
    RoundFigures.objects.bulk_create(
        kept,
        update_conflicts=True,
        unique_fields=["assessment"],
        update_fields=[
            "district",
            "year",
            "status",
            "submitted",
            "cells",
            "official",
            "last_award",
            "board",
        ],
    )


def _final_stage() -> Q:
    """Institutions at the last milestone of their sector's path."""
    final = Q(pk__in=[])
    for code, length in Sector.objects.annotate(path_length=Count("milestones")).values_list(
        "code", "path_length"
    ):
        if length:
            final |= Q(sector_id=code, stage__gte=length)
    return final


def _refresh_districts(districts) -> None:
    codes = list(districts.values_list("code", flat=True))
    rows = {code: DistrictFigures(district_id=code) for code in codes}
    for row in (
        Institution.objects.filter(district__in=codes, is_active=True)
        .values("district_id")
        .annotate(total=Count("pk"), final=Count("pk", filter=_final_stage()))
        .order_by()
    ):
        rows[row["district_id"]].institutions = row["total"]
        rows[row["district_id"]].institutions_final = row["final"]
    for code, coverage in coverage_for(District.objects.filter(code__in=codes)).items():
        for sector in coverage.sectors.values():
            rows[code].trained_male += sector.trained_male
            rows[code].trained_female += sector.trained_female
            rows[code].trained += sector.trained_people
        rows[code].coverage = _coverage_row(coverage)
    items = ActionItem.objects.filter(plan__district__in=codes)
    for code, completion in completion_rates(items, by="district").items():
        rows[code].items_done = completion.done
        rows[code].items_countable = completion.total - completion.cancelled
    DistrictFigures.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["district"],
        update_fields=[
            "institutions",
            "institutions_final",
            "trained_male",
            "trained_female",
            "trained",
            "items_done",
            "items_countable",
            "coverage",
        ],
    )


def _coverage_row(coverage: DistrictCoverage) -> dict:
    return {
        "sectors": {
            code: [
                s.institutions,
                s.institutions_with_trained,
                s.trained_people,
                s.trained_female,
                s.trained_male,
            ]
            for code, s in coverage.sectors.items()
        },
        "members": coverage.task_force_members,
        "trained_members": coverage.trained_task_force_members,
    }


def coverage_of(districts) -> dict[str, DistrictCoverage]:
    """``trainings.coverage.coverage_for`` as the figure rows keep it: two queries instead
    of six over the districts' people, attendance and institutions (a district without a
    row has counted nothing yet)."""
    sectors = list(Sector.objects.order_by("order", "code").values_list("code", "name"))
    result = {}
    for code, row in districts.values_list("code", "figures__coverage"):
        row = row or {}
        counts = row.get("sectors", {})
        result[code] = DistrictCoverage(
            district_code=code,
            sectors={
                sector: SectorCoverage(sector, name, *counts.get(sector, ()))
                for sector, name in sectors
            },
            task_force_members=row.get("members", 0),
            trained_task_force_members=row.get("trained_members", 0),
        )
    return result
