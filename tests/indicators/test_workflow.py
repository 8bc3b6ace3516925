"""The assessment workflow and its permission rules (indicators/workflow.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q

from indicators import workflow
from indicators.derived import Suggestion
from indicators.models import Assessment, ChecklistItem, ItemAssessment, ItemEvidence, ItemStatus
from kla_portal.history import history_of
from kla_portal.models import Membership, Role
from tests.conftest import make_user

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
Status = Assessment.Status


def item(assessment, code):
    """A question's row by its number as officials write it ("2.1", "21A.4b"; a draft
    framework butir by its order)."""
    indicator, question = code.split(".")
    by_code = Q(item__code=question)
    if question.isdigit():
        by_code |= Q(item__code="", item__order=int(question))
    return ItemAssessment.objects.select_related(
        "assessment__district", "item__indicator", "updated_by"
    ).get(by_code, assessment=assessment, item__indicator__code=indicator)


def submitted(start, district, admin):
    assessment = start(district, 2025, admin)
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name="Sekda Balangan")
    workflow.submit_assessment(assessment=assessment, user=admin)
    return assessment


def test_starting_creates_one_row_per_question_under_the_framework_of_the_year(
    start, framework, balangan, balangan_admin
):
    assessment = start(balangan, 2025, balangan_admin)
    earlier = start(balangan, 2023, balangan_admin)

    assert assessment.framework.code == "kla-2024"
    assert assessment.status == Status.DRAFT
    assert assessment.items.count() == 274
    assert history_of(assessment)[0].who == balangan_admin.username
    assert earlier.framework == framework  # before 2024: the draft framework
    assert earlier.items.count() == 97


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
    # The VA is the province's: evaluators act at the later stages (indicators/stages.py).
    assert not workflow.can_verify(evaluator, own) and not workflow.can_verify(evaluator, foreign)
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


# ---------------------------------------------------------------------------
# Many answers at once (fill_items)

Q3, Q1 = ItemStatus.THREE_QUARTERS, ItemStatus.QUARTER
Change = workflow.ItemChange


def change(assessment, code, **fields):
    return Change(pk=item(assessment, code).pk, **fields)


def test_fill_items_saves_every_row_in_one_go_with_who_did_it(start, balangan, balangan_admin):
    assessment = start(balangan, 2026, balangan_admin)

    result = workflow.fill_items(
        assessment=assessment,
        user=balangan_admin,
        changes=[
            change(assessment, "1.1", status=Q3, notes=" Perda 5/2022 \r\n"),
            change(assessment, "4.1", status=PARTLY, figure_previous="88,4", figure_current="91"),
            change(assessment, "5.3", status=Q1, figure_current="1.250"),
            change(assessment, "17.5", status=NOT_MET),
            change(assessment, "1.2a"),  # nothing changed
        ],
    )

    assert len(result.saved) == 4 and result.unchanged == 1
    one = item(assessment, "1.1")
    assert (one.self_status, one.notes, one.updated_by) == (Q3, "Perda 5/2022", balangan_admin)
    four = item(assessment, "4.1")
    assert (four.figure_previous, four.figure_current) == (Decimal("88.40"), Decimal("91.00"))
    assert item(assessment, "5.3").figure_current == Decimal(1250)
    entries = history_of(one)
    assert entries[0].who == balangan_admin.username
    assert any(c.new == "3/4 terpenuhi" for c in entries[0].changes)
    assert item(assessment, "1.2a").history.count() == 1  # only its creation
    # 12 x 3/4 + 1 x 1/2 + 3 x 1/4 + 0
    assert assessment.figures.total == Decimal("10.25")


def test_fill_items_checks_every_row_and_saves_none_if_one_is_wrong(
    start, balangan, balangan_admin
):
    assessment = start(balangan, 2026, balangan_admin)

    with pytest.raises(workflow.FillRefused) as refused:
        workflow.fill_items(
            assessment=assessment,
            user=balangan_admin,
            changes=[
                change(assessment, "1.1", status=MET),
                change(assessment, "17.5", status=Q3),
                change(assessment, "4.1", figure_previous="-1", figure_current="100,5"),
                change(assessment, "5.3", figure_current="12,5"),
                change(assessment, "12.4", figure_current="dua belas"),
                Change(pk=0, status=MET),
            ],
        )

    assert refused.value.messages == [
        workflow.ROW_BAD_STATUS % {"code": "17.5", "value": Q3},
        workflow.ROW_NEGATIVE % {"code": "4.1", "field": "persentase 2025"},
        workflow.ROW_OVER_100 % {"code": "4.1", "field": "persentase 2026"},
        workflow.ROW_NOT_WHOLE % {"code": "5.3", "field": "jumlah 2026"},
        workflow.ROW_NOT_A_NUMBER % {"code": "12.4", "field": "jumlah 2026", "value": "dua belas"},
        workflow.ROW_UNKNOWN % {"pk": 0},
    ]
    assert set(refused.value.problems) == {
        item(assessment, c).pk for c in ("17.5", "4.1", "5.3", "12.4")
    } | {0}
    assert item(assessment, "1.1").self_status == ""
    assert not ItemAssessment.history.filter(assessment_id=assessment.pk, history_type="~")


def test_fill_items_refuses_a_row_the_user_may_not_fill(
    start, balangan, balangan_admin, balangan_member, hst_admin
):
    assessment = start(balangan, 2026, balangan_admin)

    for user in (balangan_member, hst_admin):
        with pytest.raises(workflow.FillRefused) as refused:
            workflow.fill_items(
                assessment=assessment, user=user, changes=[change(assessment, "1.1", status=MET)]
            )
        assert refused.value.messages == [workflow.ROW_NOT_EDITABLE % {"code": "1.1"}]


def test_fill_items_refuses_a_row_changed_since_the_page_was_loaded(
    start, balangan, balangan_admin
):
    assessment = start(balangan, 2026, balangan_admin)
    loaded, other = item(assessment, "1.1"), item(assessment, "1.2a")
    colleague = make_user("dppa.dua", Role.DISTRICT_ADMIN, district=balangan, last_name="Sari")
    workflow.fill_items(
        assessment=assessment,
        user=colleague,
        changes=[Change(pk=loaded.pk, status=MET, notes="Perda ada")],
    )

    with pytest.raises(workflow.FillRefused) as refused:
        workflow.fill_items(
            assessment=assessment,
            user=balangan_admin,
            changes=[
                Change(pk=loaded.pk, status=Q1, version=workflow.version_of(loaded)),
                Change(pk=other.pk, status=MET, version=workflow.version_of(other)),
            ],
        )

    [message] = refused.value.messages
    assert message.startswith("1.1 sudah diubah Sari pada ")
    assert "Tersimpan: «Penuh», catatan «Perda ada». Isian Anda: «1/4»." in message
    assert list(refused.value.stale) == [loaded.pk]
    assert item(assessment, "1.2a").self_status == ""


def test_a_row_the_user_did_not_touch_is_left_alone_even_if_someone_changed_it(
    start, balangan, balangan_admin
):
    assessment = start(balangan, 2026, balangan_admin)
    loaded = item(assessment, "1.1")
    workflow.fill_items(
        assessment=assessment, user=balangan_admin, changes=[Change(pk=loaded.pk, status=MET)]
    )

    # The page without script posts the row as it showed it: blank.
    result = workflow.fill_items(
        assessment=assessment,
        user=balangan_admin,
        changes=[
            Change(
                pk=loaded.pk,
                version=workflow.version_of(loaded),
                was=workflow.digest_of(loaded),
            )
        ],
    )

    assert (result.saved, result.unchanged) == ([], 1)
    assert item(assessment, "1.1").self_status == MET


def test_a_suggestion_is_accepted_or_overridden_with_a_reason_in_the_same_save(
    start, balangan, balangan_admin
):
    assessment = start(balangan, 2026, balangan_admin)
    decree, forum = item(assessment, "2.1"), item(assessment, "6.1")

    workflow.fill_items(
        assessment=assessment,
        user=balangan_admin,
        changes=[
            Change(pk=decree.pk, accept_suggestion=True),
            Change(pk=forum.pk, status=Q1, reason="SK Forum Anak belum diperbarui"),
        ],
        suggestions={decree.pk: SUGGESTION, forum.pk: SUGGESTION},
    )

    decree, forum = item(assessment, "2.1"), item(assessment, "6.1")
    assert (decree.self_status, decree.suggestion_accepted, decree.suggestion_text) == (
        MET,
        True,
        "SK 188.45/137 berlaku.",
    )
    assert (forum.self_status, forum.suggested_status, forum.override_reason) == (
        Q1,
        MET,
        "SK Forum Anak belum diperbarui",
    )
    with pytest.raises(workflow.FillRefused) as refused:
        workflow.fill_items(
            assessment=assessment,
            user=balangan_admin,
            changes=[change(assessment, "1.1", accept_suggestion=True)],
        )
    assert refused.value.messages == [workflow.ROW_NO_SUGGESTION % {"code": "1.1"}]


def test_figures_are_read_as_officers_type_them():
    count, percent = ChecklistItem.Figures.COUNT, ChecklistItem.Figures.PERCENT
    assert workflow.parse_figure("12,5", percent) == Decimal("12.5")
    assert workflow.parse_figure("12.5", percent) == Decimal("12.5")
    assert workflow.parse_figure(" 45 % ", percent) == Decimal(45)
    assert workflow.parse_figure("1.250", count) == Decimal(1250)
    assert workflow.parse_figure("1.250,5", count) == Decimal("1250.5")
    assert workflow.parse_figure("", count) is None
    for bad in ("dua", "1,2,3", "NaN", "Infinity"):
        with pytest.raises(ValueError):
            workflow.parse_figure(bad, percent)


# ---------------------------------------------------------------------------
# Starting from last year's answers


def answered_2025(start, balangan, balangan_admin):
    earlier = start(balangan, 2025, balangan_admin)
    workflow.fill_items(
        assessment=earlier,
        user=balangan_admin,
        changes=[
            change(earlier, "1.1", status=MET, notes="Perda 5/2022"),
            change(earlier, "4.1", status=Q3, figure_previous="88", figure_current="91,5"),
            change(earlier, "25.2", status=PARTLY, figure_current="40"),
            change(earlier, "1.2a", notes="Draf Perbup di Bagian Hukum"),
        ],
    )
    workflow.add_evidence(
        item=item(earlier, "1.1"),
        user=balangan_admin,
        files=[ContentFile(b"%PDF-1.4 perda", name="perda-5-2022.pdf")],
    )
    return earlier


def test_starting_from_last_year_copies_every_answer_and_marks_it(start, balangan, balangan_admin):
    earlier = answered_2025(start, balangan, balangan_admin)

    assessment = workflow.start_assessment(
        district=balangan, year=2026, user=balangan_admin, carry_from=2025
    )

    one = item(assessment, "1.1")
    assert (one.self_status, one.notes, one.carried_from) == (MET, "Perda 5/2022", 2025)
    # Two years of a percentage move on a year: 2025's figure is now the year before.
    four = item(assessment, "4.1")
    assert (four.self_status, four.figure_previous, four.figure_current) == (
        Q3,
        Decimal("91.50"),
        None,
    )
    assert item(assessment, "25.2").figure_current == Decimal(40)
    assert item(assessment, "1.2a").notes == "Draf Perbup di Bagian Hukum"
    carried = assessment.items.filter(carried_from=2025)
    assert carried.count() == 4
    assert assessment.items.filter(carried_from__isnull=True, self_status="").count() == 270
    [evidence] = ItemEvidence.objects.filter(item_assessment=one)
    [original] = ItemEvidence.objects.filter(item_assessment=item(earlier, "1.1"))
    assert (evidence.file.name, evidence.original_name) == (
        original.file.name,
        original.original_name,
    )
    assert assessment.figures.total == Decimal("13.38")  # 12 + 3/4 x 1 + 1/2 x 1.25


def test_confirming_or_changing_a_carried_answer_clears_its_mark(start, balangan, balangan_admin):
    answered_2025(start, balangan, balangan_admin)
    assessment = workflow.start_assessment(
        district=balangan, year=2026, user=balangan_admin, carry_from=2025
    )
    one, four, note = item(assessment, "1.1"), item(assessment, "4.1"), item(assessment, "1.2a")

    result = workflow.fill_items(
        assessment=assessment,
        user=balangan_admin,
        changes=[
            Change(pk=one.pk, status=MET, notes="Perda 5/2022", confirm=True),
            Change(pk=four.pk, status=MET, figure_previous="91,5", figure_current="93"),
            Change(pk=note.pk, notes="Draf Perbup di Bagian Hukum"),  # untouched
        ],
    )

    assert len(result.saved) == 2
    assert item(assessment, "1.1").carried_from is None
    assert item(assessment, "4.1").carried_from is None
    assert item(assessment, "1.2a").carried_from == 2025
    assert item(assessment, "1.1").self_status == MET


def test_answers_carry_only_from_an_earlier_year_on_the_same_framework(
    start, balangan, balangan_admin
):
    start(balangan, 2023, balangan_admin)  # the draft framework
    answered_2025(start, balangan, balangan_admin)

    with pytest.raises(ValidationError) as error:
        workflow.start_assessment(
            district=balangan, year=2024, user=balangan_admin, carry_from=2023
        )
    assert error.value.messages == [
        workflow.CARRY_OTHER_FRAMEWORK
        % {"source": 2023, "framework": "Indikator KLA menurut Perpres 25/2021", "year": 2024}
    ]
    with pytest.raises(ValidationError) as error:
        workflow.start_assessment(
            district=balangan, year=2024, user=balangan_admin, carry_from=2025
        )
    assert error.value.messages == [workflow.CARRY_NOT_EARLIER % {"year": 2024}]
    with pytest.raises(ValidationError) as error:
        workflow.start_assessment(
            district=balangan, year=2027, user=balangan_admin, carry_from=2026
        )
    assert error.value.messages == [workflow.NO_EARLIER % {"year": 2026}]
    assert not Assessment.objects.filter(district=balangan, year__in=[2024, 2027]).exists()
    assert workflow.carry_source(district=balangan, year=2026).year == 2025
    assert workflow.carry_source(district=balangan, year=2024) is None
