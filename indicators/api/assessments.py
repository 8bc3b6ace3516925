"""A district's assessments, and an assessment's points per indicator and question.

Points are given per completed scored stage only, like the stage totals: what a
stage scored is public once it is done, not while the district or a verifier is
still answering.
"""

from decimal import Decimal

from ninja import Router, Schema

from indicators import stages
from indicators.api.regions import ScoresOut, scores_by_district
from indicators.models import Assessment, AssessmentStage
from kla_portal.access import district_for_reader, get_visible_or_404

router = Router(tags=["penilaian"])


class AssessmentOut(Schema):
    id: int
    district: str
    year: int
    status: str
    framework: str


class QuestionPoints(Schema):
    question_id: int
    code: str
    text: str
    answer: str
    points: Decimal
    max_points: Decimal


class IndicatorPoints(Schema):
    indicator_id: int
    number: int
    code: str
    cluster: str
    name: str
    points: Decimal
    max_points: Decimal
    questions: list[QuestionPoints]


class StagePoints(Schema):
    stage: str
    total: Decimal
    category: str
    indicators: list[IndicatorPoints]


class AssessmentDetail(AssessmentOut):
    scores: ScoresOut
    points: list[StagePoints]


def _assessment_row(assessment: Assessment) -> dict:
    return {
        "id": assessment.pk,
        "district": assessment.district_id,
        "year": assessment.year,
        "status": assessment.status,
        "framework": str(assessment.framework),
    }


def _stage_points(assessment: Assessment, stage: str) -> dict:
    card = stages.score_at(assessment, stage)
    return {
        "stage": stage,
        "total": card.total,
        "category": card.category,
        "indicators": [
            {
                "indicator_id": i.indicator_id,
                "number": i.number,
                "code": i.code,
                "cluster": i.cluster,
                "name": i.name,
                "points": i.points,
                "max_points": i.max_points,
                "questions": [
                    {
                        "question_id": q.item_id,
                        "code": q.code,
                        "text": q.text,
                        "answer": q.status,
                        "points": q.points,
                        "max_points": q.max_points,
                    }
                    for q in i.items
                ],
            }
            for i in card.indicators
        ],
    }


@router.get("/districts/{code}/assessments/", response=list[AssessmentOut])
def district_assessments(request, code: str):
    district = district_for_reader(request.user, code)
    return [
        _assessment_row(a)
        for a in Assessment.objects.filter(district=district).select_related("framework")
    ]


@router.get("/assessments/{assessment_id}/", response=AssessmentDetail)
def assessment(request, assessment_id: int):
    """Points per indicator and question at each completed scored stage."""
    found = get_visible_or_404(
        Assessment.objects.select_related("framework"), request.user, pk=assessment_id
    )
    completed = set(
        AssessmentStage.objects.filter(
            assessment=found, status=AssessmentStage.Status.COMPLETED
        ).values_list("stage", flat=True)
    )
    scores = scores_by_district([found.district_id], found.year)[found.district_id]
    return {
        **_assessment_row(found),
        "scores": scores,
        "points": [_stage_points(found, s) for s in stages.SCORED if s in completed],
    }
