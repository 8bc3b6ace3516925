"""The assessment workflow and its permission rules (indicators/workflow.py)."""

import pytest
from django.core.exceptions import ValidationError

from indicators import workflow
from indicators.derived import Suggestion
from indicators.models import Assessment, ItemAssessment, ItemStatus
from kla_portal.history import history_of
from kla_portal.models import Membership, Role
from tests.conftest import make_user

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
Status = Assessment.Status


def item(assessment, code):
    number, order = code.split(".")
    return ItemAssessment.objects.select_related("assessment__district", "item__indicator").get(
        assessment=assessment, item__indicator__number=number, item__order=order
    )


def submitted(start, district, admin):
    assessment = start(district, 2025, admin)
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name="Sekda Balangan")
    workflow.submit_assessment(assessment=assessment, user=admin)
    return assessment


def test_starting_creates_one_row_per_butir_under_the_framework_of_the_year(
    start, framework, balangan, balangan_admin
):
    assessment = start(balangan, 2025, balangan_admin)

    assert assessment.framework == framework
    assert assessment.status == Status.DRAFT
    assert assessment.items.count() == 97
    assert history_of(assessment)[0].who == balangan_admin.username


def test_it_refuses_a_year_without_a_framework_and_a_second_assessment(
    start, framework, balangan, balangan_admin
):
    with pytest.raises(ValidationError) as error:
        start(balangan, 2015, balangan_admin)
    assert error.value.messages == [workflow.NO_FRAMEWORK % {"year": 2015}]

    start(balangan, 2025, balangan_admin)
    with pytest.raises(ValidationError) as error:
        start(balangan, 2025, balangan_admin)
    assert error.value.messages == [workflow.ALREADY_EXISTS % {"year": 2025}]


def test_only_the_district_admin_fills_a_draft(
    start, balangan, balangan_admin, balangan_member, hst_admin, kalsel_coordinator, evaluator
):
    assessment = start(balangan, 2025, balangan_admin)

    assert workflow.can_fill(balangan_admin, assessment)
    for user in (balangan_member, hst_admin, kalsel_coordinator, evaluator):
        assert not workflow.can_fill(user, assessment), user
        assert not workflow.can_fill_item(user, item(assessment, "2.1")), user


def test_the_province_coordinator_verifies_only_in_their_province(
    start, balangan, balikpapan, balangan_admin, kalsel_coordinator, evaluator, balangan_member
):
    own = submitted(start, balangan, balangan_admin)
    foreign_admin = make_user("bpp", Role.DISTRICT_ADMIN, district=balikpapan)
    foreign = submitted(start, balikpapan, foreign_admin)

    assert workflow.can_verify(kalsel_coordinator, own)
    assert not workflow.can_verify(kalsel_coordinator, foreign)
    assert workflow.can_verify(evaluator, own) and workflow.can_verify(evaluator, foreign)
    assert not workflow.can_verify(balangan_admin, own)
    assert not workflow.can_verify(balangan_member, own)


def test_a_verifier_cannot_verify_a_draft(start, balangan, balangan_admin, kalsel_coordinator):
    assessment = start(balangan, 2025, balangan_admin)

    assert not workflow.can_verify(kalsel_coordinator, assessment)
    with pytest.raises(ValidationError) as error:
        workflow.verify_item(
            item=item(assessment, "2.1"), user=kalsel_coordinator, status=MET, comment=""
        )
    assert error.value.messages == [workflow.NOT_VERIFIABLE]


def test_the_chain_runs_from_draft_to_locked_with_who_did_what(
    start, balangan, balangan_admin, kalsel_coordinator
):
    assessment = start(balangan, 2025, balangan_admin)
    workflow.fill_item(
        item=item(assessment, "2.1"), user=balangan_admin, status=MET, notes="SK 188.45/137"
    )
    workflow.review_assessment(assessment=assessment, user=balangan_admin)
    assert not workflow.can_fill(balangan_admin, assessment)

    with pytest.raises(ValidationError) as error:
        workflow.submit_assessment(assessment=assessment, user=balangan_admin)
    assert error.value.messages == [workflow.SIGN_OFF_REQUIRED]
    with pytest.raises(ValidationError) as error:
        workflow.sign_off(assessment=assessment, user=balangan_admin, chair_name="  ")
    assert error.value.messages == [workflow.CHAIR_REQUIRED]

    workflow.sign_off(assessment=assessment, user=balangan_admin, chair_name="H. Rachmadi")
    workflow.submit_assessment(assessment=assessment, user=balangan_admin)
    verified = workflow.verify_item(
        item=item(assessment, "2.1"),
        user=kalsel_coordinator,
        status=PARTLY,
        comment="SK belum memuat klaster V",
    )
    workflow.finish_verification(assessment=assessment, user=kalsel_coordinator)
    workflow.lock_assessment(assessment=assessment, user=kalsel_coordinator)

    assessment.refresh_from_db()
    assert assessment.status == Status.LOCKED
    assert assessment.signed_off_by == "H. Rachmadi"
    assert assessment.verified_by == kalsel_coordinator
    assert verified.verified_status == PARTLY
    entries = history_of(item(assessment, "2.1"))
    assert [e.who for e in entries[:2]] == [kalsel_coordinator.username, balangan_admin.username]
    assert any(c.new == "Sebagian" for c in entries[0].changes)


def test_a_returned_item_alone_becomes_editable_and_blocks_finishing(
    start, balangan, balangan_admin, kalsel_coordinator
):
    assessment = submitted(start, balangan, balangan_admin)
    returned = workflow.return_item(
        item=item(assessment, "6.1"), user=kalsel_coordinator, comment="Unggah SK Forum Anak"
    )

    assert workflow.can_fill_item(balangan_admin, item(assessment, "6.1"))
    assert not workflow.can_fill_item(balangan_admin, item(assessment, "6.2"))
    with pytest.raises(ValidationError) as error:
        workflow.finish_verification(assessment=assessment, user=kalsel_coordinator)
    assert error.value.messages == [workflow.ITEMS_STILL_RETURNED % {"n": 1}]

    workflow.fill_item(item=item(assessment, "6.1"), user=balangan_admin, status=MET, notes="")
    workflow.verify_item(
        item=item(assessment, "6.1"), user=kalsel_coordinator, status=MET, comment="Sesuai"
    )
    workflow.finish_verification(assessment=assessment, user=kalsel_coordinator)
    assert returned.verifier_comment == "Unggah SK Forum Anak"
    assert not item(assessment, "6.1").is_returned


def test_returning_the_whole_assessment_sends_it_back_to_draft_for_a_new_sign_off(
    start, balangan, balangan_admin, kalsel_coordinator
):
    assessment = submitted(start, balangan, balangan_admin)
    with pytest.raises(ValidationError) as error:
        workflow.return_assessment(assessment=assessment, user=kalsel_coordinator, comment="")
    assert error.value.messages == [workflow.COMMENT_REQUIRED]

    workflow.return_assessment(
        assessment=assessment, user=kalsel_coordinator, comment="Bukti klaster III kurang"
    )

    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT
    assert assessment.signed_off_by == ""
    assert assessment.return_comment == "Bukti klaster III kurang"
    assert workflow.can_fill(balangan_admin, assessment)


def test_reopening_one_item_of_a_locked_assessment_leaves_the_rest_locked(
    start, balangan, balangan_admin, kalsel_coordinator
):
    assessment = submitted(start, balangan, balangan_admin)
    workflow.finish_verification(assessment=assessment, user=kalsel_coordinator)
    workflow.lock_assessment(assessment=assessment, user=kalsel_coordinator)

    workflow.reopen_item(
        item=item(assessment, "12.1"), user=kalsel_coordinator, comment="Data SSGI 2024 terbit"
    )

    assessment.refresh_from_db()
    assert assessment.status == Status.LOCKED
    assert workflow.can_fill_item(balangan_admin, item(assessment, "12.1"))
    assert not workflow.can_fill_item(balangan_admin, item(assessment, "12.2"))
    assert workflow.can_verify_item(kalsel_coordinator, item(assessment, "12.1"))
    assert not workflow.can_verify_item(kalsel_coordinator, item(assessment, "12.2"))
    with pytest.raises(ValidationError):
        workflow.fill_item(item=item(assessment, "12.2"), user=balangan_admin, status=MET, notes="")

    workflow.fill_item(item=item(assessment, "12.1"), user=balangan_admin, status=MET, notes="")
    workflow.verify_item(
        item=item(assessment, "12.1"), user=kalsel_coordinator, status=MET, comment=""
    )
    assert not item(assessment, "12.1").is_reopened


SUGGESTION = Suggestion("task_force_decree", MET, "SK 188.45/137 berlaku.", "/kabupaten/63.11/")


def test_accepting_a_suggestion_records_what_was_suggested(start, balangan, balangan_admin):
    assessment = start(balangan, 2025, balangan_admin)

    accepted = workflow.accept_suggestion(
        item=item(assessment, "2.1"), user=balangan_admin, suggestion=SUGGESTION
    )

    assert accepted.self_status == MET
    assert accepted.suggestion_accepted
    assert accepted.suggestion_text == "SK 188.45/137 berlaku."


def test_overriding_a_suggestion_needs_a_reason(start, balangan, balangan_admin):
    assessment = start(balangan, 2025, balangan_admin)
    with pytest.raises(ValidationError) as error:
        workflow.override_suggestion(
            item=item(assessment, "2.1"),
            user=balangan_admin,
            suggestion=SUGGESTION,
            status=PARTLY,
            reason=" ",
        )
    assert error.value.messages == [workflow.REASON_REQUIRED]

    overridden = workflow.override_suggestion(
        item=item(assessment, "2.1"),
        user=balangan_admin,
        suggestion=SUGGESTION,
        status=PARTLY,
        reason="SK lama; revisi sedang ditandatangani",
    )
    assert overridden.self_status == PARTLY
    assert overridden.suggested_status == MET
    assert not overridden.suggestion_accepted


def test_a_coordinator_of_two_provinces_verifies_both(start, balangan, balikpapan, kalsel):
    coordinator = make_user("koordinator", Role.PROVINCE_COORDINATOR, province=kalsel)
    Membership.objects.create(
        user=coordinator, role=Role.PROVINCE_COORDINATOR, province=balikpapan.province
    )
    admin = make_user("bpp", Role.DISTRICT_ADMIN, district=balikpapan)

    assert workflow.can_verify(coordinator, submitted(start, balikpapan, admin))
