"""The indicator rows of the authorization matrix (tests/test_authorization_matrix.py).

To wire them in, the matrix module adds ``INDICATORS_MATRIX`` to ``MATRIX`` and
``tests/authorization_world.py`` calls ``add_indicators(world)``.
"""

from django.core.files.base import ContentFile

from indicators.models import Assessment, ChecklistItem, Framework, ItemAssessment, ItemEvidence
from tests.authorization_rules import Entry

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def add_indicators(world):
    """A draft assessment with one butir and its evidence; a submitted one for verifiers."""
    framework = Framework.objects.get(code="perpres-25-2021")
    first = ChecklistItem.objects.filter(indicator__framework=framework).order_by("pk").first()
    world.assessment = Assessment.objects.create(
        district=world.district, year=2025, framework=framework
    )
    world.item_assessment = ItemAssessment.objects.create(assessment=world.assessment, item=first)
    world.item_evidence = ItemEvidence.objects.create(
        item_assessment=world.item_assessment,
        file=ContentFile(PNG, name="bukti.png"),
        original_name="bukti.png",
    )
    world.submitted = Assessment.objects.create(
        district=world.district,
        year=2024,
        framework=framework,
        status=Assessment.Status.SUBMITTED,
        signed_off_by="Sekda",
    )
    world.submitted_item = ItemAssessment.objects.create(assessment=world.submitted, item=first)
    return world


_POST_DONE = {("own", "admin"): 302, ("own", "superuser"): 302, ("foreign", "superuser"): 302}
# The VA is the province's: its coordinator in their province (and superusers); evaluators,
# who act at the later stages, and district roles may not.
_VERIFY = {
    ("own", "evaluator"): 403,
    ("foreign", "evaluator"): 403,
    ("own", "admin"): 403,
    ("own", "member"): 403,
}
_VERIFY_POST = {
    ("own", "evaluator"): 403,
    ("own", "coordinator"): 302,
    ("own", "admin"): 403,
    ("own", "member"): 403,
    ("own", "superuser"): 302,
    ("foreign", "evaluator"): 403,
    ("foreign", "superuser"): 302,
}


def _district_post(args, data=None):
    return Entry("manage", args=args, method="post", data=data or {}, overrides=_POST_DONE)


def _verifier_post(args, data=None):
    return Entry("read", args=args, method="post", data=data or {}, overrides=_VERIFY_POST)


INDICATORS_MATRIX = {
    "indicators:national": Entry("account"),
    # The open data: published categories only (tests/indicators/test_open_data.py).
    "indicators:open_data": Entry("public"),
    "indicators:open_data_csv": Entry("public"),
    "indicators:open_data_json": Entry("public"),
    "indicators:method": Entry("account"),
    "indicators:province": Entry(
        "read",
        args=lambda w: [w.district.province_id],
        overrides={("own", "other_admin"): 200},  # HST is in the same province as Balangan
    ),
    "indicators:district": Entry("read", args=lambda w: [w.district.code]),
    "indicators:assessment": Entry("read", args=lambda w: [w.assessment.pk]),
    "indicators:verify": Entry("read", args=lambda w: [w.submitted.pk], overrides=_VERIFY),
    "indicators:completeness": Entry("read", args=lambda w: [w.assessment.pk]),
    "indicators:completeness_xlsx": Entry("read", args=lambda w: [w.assessment.pk]),
    "indicators:assessment_summary_pdf": Entry("read", args=lambda w: [w.assessment.pk]),
    "indicators:item": Entry("read", args=lambda w: [w.item_assessment.pk]),
    "indicators:evidence": Entry("read", args=lambda w: [w.item_evidence.pk]),
    "indicators:assessment_start": _district_post(lambda w: [w.district.code], {"year": 2030}),
    "indicators:assessment_review": _district_post(lambda w: [w.assessment.pk]),
    "indicators:assessment_redraft": _district_post(lambda w: [w.assessment.pk]),
    "indicators:assessment_sign_off": _district_post(
        lambda w: [w.assessment.pk], {"chair_name": "Sekda"}
    ),
    "indicators:assessment_submit": _district_post(lambda w: [w.assessment.pk]),
    "indicators:item_fill": _district_post(
        lambda w: [w.item_assessment.pk], {"self_status": "met"}
    ),
    "indicators:item_suggestion": _district_post(
        lambda w: [w.item_assessment.pk], {"action": "accept"}
    ),
    "indicators:item_evidence_add": _district_post(lambda w: [w.item_assessment.pk]),
    "indicators:item_verify": _verifier_post(
        lambda w: [w.submitted_item.pk], {"verified_status": "met"}
    ),
    "indicators:item_return": _verifier_post(lambda w: [w.submitted_item.pk], {"comment": "x"}),
    "indicators:item_reopen": _verifier_post(lambda w: [w.submitted_item.pk], {"comment": "x"}),
    "indicators:assessment_return": _verifier_post(lambda w: [w.submitted.pk], {"comment": "x"}),
    "indicators:assessment_finish": _verifier_post(lambda w: [w.submitted.pk]),
    "indicators:assessment_lock": _verifier_post(lambda w: [w.submitted.pk]),
}
