"""The evaluation stages' rows of the authorization matrix (tests/test_authorization_matrix.py).

``build_world`` calls ``add_stages`` after ``add_indicators``: an assessment whose VA is
completed and whose review runs, with one question, so that an evaluator's POST reaches
its write. The VA stays the province's (``tests/indicators/authorization.py``); the
review, field verification, final verification and award are the evaluators' alone,
read by everyone who reads the district; the rounds' calendar is read by anyone signed
in and set by evaluators.
"""

from django.utils import timezone

from indicators.models import Assessment, AssessmentStage, ItemAssessment, Stage
from tests.authorization_rules import ROLES, Entry

Status = AssessmentStage.Status


def add_stages(world):
    world.reviewing = Assessment.objects.create(
        district=world.district,
        year=2023,
        framework=world.assessment.framework,
        status=Assessment.Status.VERIFIED,
        signed_off_by="Sekda",
    )
    world.reviewing_item = ItemAssessment.objects.create(
        assessment=world.reviewing, item=world.item_assessment.item, self_status="met"
    )
    done = {Stage.EM, Stage.VA}
    AssessmentStage.objects.bulk_create(
        AssessmentStage(
            assessment=world.reviewing,
            stage=stage,
            status=Status.COMPLETED
            if stage in done
            else Status.IN_PROGRESS
            if stage == Stage.REVIEW
            else Status.NOT_STARTED,
            started_at=timezone.now() if stage in done | {Stage.REVIEW} else None,
        )
        for stage in Stage.values
    )
    return world


# The evaluators' POSTs: an evaluator anywhere (and a superuser) acts; the district's
# readers are refused (403), those who do not see the district get a 404.
_EVALUATOR_POST = {
    ("own", "evaluator"): 302,
    ("foreign", "evaluator"): 302,
    ("own", "superuser"): 302,
    ("foreign", "superuser"): 302,
    ("own", "coordinator"): 403,
    ("own", "admin"): 403,
    ("own", "member"): 403,  # and the operators, who get what the member gets
}
# The rounds' form: evaluators and superusers, wherever; everyone else signed in: 403.
_ROUND_FORM = {
    (region, role): 403
    for region in ("own", "foreign")
    for role in ROLES
    if role not in ("anonymous", "evaluator", "superuser")
}


def _stage_post(args, data=None):
    return Entry("read", args=args, method="post", data=data or {}, overrides=_EVALUATOR_POST)


STAGES_MATRIX = {
    # The district sends its fixes of returned questions back: the Dinas PPPA's.
    "indicators:assessment_resubmit": Entry(
        "manage",
        args=lambda w: [w.submitted.pk],
        method="post",
        overrides={
            ("own", "admin"): 302,
            ("own", "superuser"): 302,
            ("foreign", "superuser"): 302,
        },
    ),
    "indicators:stage": Entry("read", args=lambda w: [w.reviewing.pk, "telaah"]),
    "indicators:stage_answer": _stage_post(
        lambda w: [w.reviewing_item.pk, "telaah"], {"status": "met", "note": "sesuai bukti"}
    ),
    "indicators:stage_return": _stage_post(
        lambda w: [w.reviewing_item.pk, "telaah"], {"note": "Lampirkan SK"}
    ),
    "indicators:stage_reopen": _stage_post(
        lambda w: [w.reviewing_item.pk, "telaah"], {"note": "Periksa lagi"}
    ),
    "indicators:stage_complete": _stage_post(lambda w: [w.reviewing.pk, "telaah"]),
    "indicators:stage_visit": _stage_post(
        lambda w: [w.reviewing.pk],
        {"mode": "hybrid", "visit_date": "10/02/2025", "team": "Tim KemenPPPA"},
    ),
    "indicators:stage_visit_place": _stage_post(
        lambda w: [w.reviewing.pk], {"kind": "sra", "place": "SDN 1 Paringin"}
    ),
    "indicators:stage_skip_visit": _stage_post(
        lambda w: [w.reviewing.pk], {"note": "Tidak mungkin naik kategori"}
    ),
    "indicators:stage_award": _stage_post(lambda w: [w.reviewing.pk], {"category": "pratama"}),
    "indicators:rounds": Entry("account"),
    "indicators:round_edit": Entry("account", args=lambda w: [2030], overrides=_ROUND_FORM),
}
