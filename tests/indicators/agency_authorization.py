"""The agency-answer rows of the authorization matrix (tests/test_authorization_matrix.py).

``build_world`` calls ``add_agency_answers`` after ``add_indicators``; the matrix adds
``AGENCY_ANSWERS_MATRIX`` to ``MATRIX`` and runs ``OTHER_AGENCY`` as its own cases: an
agency operator gets 403 on another agency's question, page and file of its district.
"""

from django.core.files.base import ContentFile

from indicators.models import (
    AgencyAnswer,
    ChecklistItem,
    ItemAssessment,
    ItemEvidence,
    QuestionRoute,
)
from stakeholders.models import Agency
from tests.authorization_rules import Entry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _agency(world, short_name):
    # Balangan's Disdukcapil is the agency operator's, made with the cast.
    return Agency.objects.get_or_create(
        district=world.district,
        short_name=short_name,
        defaults={"name": f"Dinas {short_name}", "covers": [short_name]},
    )[0]


def add_agency_answers(world):
    """Disdukcapil's questions of the draft assessment: one answered and sent (for the Dinas
    PPPA to accept or return), one not yet answered with a file of the agency's; and a
    question of Dinkes, with its answer and file, that the Disdukcapil operator may not touch."""
    world.agency = _agency(world, "Disdukcapil")
    world.other_agency = _agency(world, "Dinkes")
    items = list(
        ChecklistItem.objects.filter(indicator__framework=world.assessment.framework)
        .exclude(pk=world.item_assessment.item_id)
        .order_by("pk")[:2]
    )
    world.agency_item = ItemAssessment.objects.create(assessment=world.assessment, item=items[0])
    world.other_agency_item = ItemAssessment.objects.create(
        assessment=world.assessment, item=items[1]
    )
    QuestionRoute.objects.bulk_create(
        [
            QuestionRoute(item=world.item_assessment, agency=world.agency, is_lead=True),
            QuestionRoute(item=world.agency_item, agency=world.agency, is_lead=True),
            QuestionRoute(item=world.other_agency_item, agency=world.other_agency, is_lead=True),
        ]
    )
    world.agency_answer = AgencyAnswer.objects.create(
        item=world.item_assessment,
        agency=world.agency,
        status=AgencyAnswer.Status.SUBMITTED,
        answer="met",
    )
    world.agency_evidence = _file(world.agency_item, world.agency)
    world.other_agency_answer = AgencyAnswer.objects.create(
        item=world.other_agency_item, agency=world.other_agency, answer="met"
    )
    world.other_agency_evidence = _file(world.other_agency_item, world.other_agency)
    return world


def _file(item, agency):
    return ItemEvidence.objects.create(
        item_assessment=item,
        agency=agency,
        is_data_matrix=True,
        file=ContentFile(PDF, name="matriks.pdf"),
        original_name="matriks.pdf",
    )


_POST_DONE = {("own", "admin"): 302, ("own", "superuser"): 302, ("foreign", "superuser"): 302}
_SAVE = {"answer": "met", "action": "save"}


def _dinas_post(args, data=None):
    return Entry("manage", args=args, method="post", data=data or {}, overrides=_POST_DONE)


AGENCY_ANSWERS_MATRIX = {
    # The operator's pages: read like the district's other pages.
    "indicators:agency_home": Entry("read", args=lambda w: [w.agency.pk]),
    "indicators:agency_questions": Entry("read", args=lambda w: [w.assessment.pk, w.agency.pk]),
    "indicators:agency_answer": Entry("read", args=lambda w: [w.agency_item.pk, w.agency.pk]),
    # The agency's writes: its operator, the Dinas PPPA on its behalf.
    "indicators:agency_answer_save": Entry(
        "agency_write", args=lambda w: [w.agency_item.pk, w.agency.pk], method="post", data=_SAVE
    ),
    "indicators:agency_evidence_remove": Entry(
        "agency_write", args=lambda w: [w.agency_evidence.pk], method="post"
    ),
    # The Dinas PPPA's: accept, return, route.
    "indicators:agency_answer_accept": _dinas_post(lambda w: [w.agency_answer.pk]),
    "indicators:agency_answer_return": _dinas_post(lambda w: [w.agency_answer.pk], {"note": "x"}),
    "indicators:assessment_route": _dinas_post(lambda w: [w.assessment.pk]),
    "indicators:item_routes": Entry("manage", args=lambda w: [w.agency_item.pk]),
}

# Another agency's part of the agency operator's own district: (URL name, args, method).
OTHER_AGENCY = {
    "its home": ("indicators:agency_home", lambda w: [w.other_agency.pk], "get"),
    "its questions": (
        "indicators:agency_questions",
        lambda w: [w.assessment.pk, w.other_agency.pk],
        "get",
    ),
    "its answer": (
        "indicators:agency_answer",
        lambda w: [w.other_agency_item.pk, w.other_agency.pk],
        "get",
    ),
    "saving its answer": (
        "indicators:agency_answer_save",
        lambda w: [w.other_agency_item.pk, w.other_agency.pk],
        "post",
    ),
    "answering its question as one's own agency": (
        "indicators:agency_answer_save",
        lambda w: [w.other_agency_item.pk, w.agency.pk],
        "post",
    ),
    "removing its file": (
        "indicators:agency_evidence_remove",
        lambda w: [w.other_agency_evidence.pk],
        "post",
    ),
}
