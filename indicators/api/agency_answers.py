"""An agency's answer to a question routed to it, saved (and sent) as its page does.

``indicators.agency_answers`` decides who may answer (the agency's operator, or the
Dinas PPPA on its behalf), for a question routed to the agency, while the
assessment is open; its refusals come back as 403 (who) or 400 (when).
"""

from decimal import Decimal

from django.db import transaction
from ninja import Field, Router, Schema

from indicators import agency_answers
from indicators.models import AgencyAnswer, ItemAssessment
from kla_portal.access import get_visible_or_404
from stakeholders.models import Agency

router = Router(tags=["perangkat daerah"])


class AnswerIn(Schema):
    answer: str = Field("", description="Jawaban yang dibolehkan pertanyaan: met, partly, ...")
    figure_previous: str | None = Field(None, description="Angka tahun lalu, bila ditanyakan.")
    figure_current: str | None = Field(None, description="Angka tahun ini, bila ditanyakan.")
    notes: str = ""
    submit: bool = Field(False, description="Kirim ke Dinas PPPA setelah disimpan.")


class AnswerOut(Schema):
    id: int
    question_id: int
    agency_id: int
    status: str
    answer: str
    figure_previous: Decimal | None
    figure_current: Decimal | None
    notes: str


@router.post("/questions/{question_id}/agencies/{agency_id}/answer/", response=AnswerOut)
def save_answer(request, question_id: int, agency_id: int, payload: AnswerIn):
    item = get_visible_or_404(
        ItemAssessment.objects.select_related("assessment__district", "item"),
        request.user,
        pk=question_id,
    )
    agency = get_visible_or_404(Agency.objects, request.user, pk=agency_id)
    values = {
        "item": item,
        "agency": agency,
        "answer": payload.answer,
        "figure_previous": payload.figure_previous,
        "figure_current": payload.figure_current,
        "notes": payload.notes,
    }
    with transaction.atomic():
        # Sent twice (a retry after a lost response): the second finds it sent, and is the first.
        if payload.submit and agency_answers.is_sent_already(**values, files=[]):
            answer = AgencyAnswer.objects.get(item=item, agency=agency)
        else:
            answer = agency_answers.save_agency_answer(**values, user=request.user)
            if payload.submit:
                agency_answers.submit_agency_answer(answer=answer, user=request.user)
    return {
        "id": answer.pk,
        "question_id": item.pk,
        "agency_id": agency.pk,
        "status": answer.status,
        "answer": answer.answer,
        "figure_previous": answer.figure_previous,
        "figure_current": answer.figure_current,
        "notes": answer.notes,
    }
