"""The agencies' part of an assessment, without HTTP (indicators/agency_answers.py): routing
the questions to the district's agencies, an agency's answer from draft to accepted or
returned, its files, and who may do each step.

One world for the module (an assessment of Balangan on the 2024 instrument, routed to four
agencies): each test runs in a savepoint and re-reads what it changes.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators import agency_answers, workflow
from indicators.models import (
    AgencyAnswer,
    Assessment,
    AssessmentFigures,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
    QuestionRoute,
)
from kla_portal.history import history_of
from kla_portal.models import District, Membership, Role
from stakeholders.models import Agency
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
Status = AgencyAnswer.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSV = b"kecamatan;lahir;akta\nParingin;120;118\n"


def agency(district, short_name, covers, **extra):
    return Agency.objects.create(
        district=district, short_name=short_name, name=f"Dinas {short_name}", covers=covers, **extra
    )


def operator(username, agency_obj):
    user = make_user(username)
    Membership.objects.create(
        user=user, role=Role.AGENCY_OPERATOR, district=agency_obj.district, agency=agency_obj
    )
    return user


@pytest.fixture(scope="module")
def world(module_db):
    with module_db():
        balangan = District.objects.get(code="63.11")
        hst = District.objects.get(code="63.07")
        agencies = {
            name: agency(balangan, name, [name])
            for name in ("DPPPA", "Disdukcapil", "Dinkes", "Bappeda")
        }
        agency(balangan, "Kominfo", ["Kominfo"], is_active=False)
        hst_capil = agency(hst, "Disdukcapil", ["Disdukcapil"])
        admin = make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
        assessment = workflow.start_assessment(district=balangan, year=2026, user=admin)
        return SimpleNamespace(
            balangan=balangan,
            agencies=agencies,
            hst_capil=hst_capil,
            assessment_pk=assessment.pk,
            admin=admin,
            member=make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan),
            hst_admin=make_user("hst", Role.DISTRICT_ADMIN, district=hst),
            capil=operator("capil.balangan", agencies["Disdukcapil"]),
            dinkes=operator("dinkes.balangan", agencies["Dinkes"]),
            hst_operator=operator("capil.hst", hst_capil),
        )


def question(world, code) -> ItemAssessment:
    """A question of the world's assessment as stored now ("4.1", "21A.4b")."""
    indicator, number = code.split(".")
    return ItemAssessment.objects.select_related(
        "assessment__district", "item__indicator", "updated_by"
    ).get(assessment_id=world.assessment_pk, item__indicator__code=indicator, item__code=number)


def routes(world, code) -> list[tuple[str, bool]]:
    return [
        (r.agency.short_name, r.is_lead)
        for r in QuestionRoute.objects.filter(item=question(world, code)).select_related("agency")
    ]


def capil(world):
    return world.agencies["Disdukcapil"]


def answered(world, code="4.1", *, submit=False, **values):
    """Disdukcapil's answer to a question, saved by its operator (and sent)."""
    values = {"answer": ItemStatus.THREE_QUARTERS} | values
    answer = agency_answers.save_agency_answer(
        item=question(world, code), agency=capil(world), user=world.capil, **values
    )
    if submit:
        answer = agency_answers.submit_agency_answer(answer=answer, user=world.capil)
    return answer


def stored(answer) -> AgencyAnswer:
    return AgencyAnswer.objects.select_related(
        "agency", "item__assessment__district", "item__item__indicator"
    ).get(pk=answer.pk)


def set_status(world, status):
    Assessment.objects.filter(pk=world.assessment_pk).update(status=status)


# ---------------------------------------------------------------------------
# Routes


def test_starting_an_assessment_routes_each_question_to_the_agencies_the_instrument_names(world):
    assert routes(world, "4.1") == [("Disdukcapil", True)]
    # The first name the district has an agency for leads; the others contribute.
    assert routes(world, "4.5") == [("Disdukcapil", True), ("DPPPA", False)]
    assert routes(world, "1.3e") == [("Bappeda", True), ("Disdukcapil", False)]
    assert routes(world, "1.2a") == [("Disdukcapil", True)]  # no JDIH or Bagian Hukum here
    assert routes(world, "17.1") == [("Dinkes", True)]


def test_an_inactive_agency_or_a_name_nobody_covers_gets_no_route(world):
    assert routes(world, "3.1b") == [("DPPPA", True), ("Disdukcapil", False)]  # Kominfo inactive
    assert routes(world, "5.1") == []  # Disdik: the district has no such agency yet


def test_routing_again_makes_nothing_new(world):
    before = QuestionRoute.objects.filter(item__assessment_id=world.assessment_pk).count()

    made = agency_answers.route_assessment(
        assessment=Assessment.objects.get(pk=world.assessment_pk), user=world.admin
    )

    assert made == 0
    assert QuestionRoute.objects.filter(item__assessment_id=world.assessment_pk).count() == before


def test_routing_again_adds_a_new_agency_and_keeps_the_districts_reassignments(world):
    agency_answers.set_routes(
        item=question(world, "4.1"),
        user=world.admin,
        agencies=[world.agencies["Dinkes"]],
        lead=world.agencies["Dinkes"],
    )
    Agency.objects.filter(short_name="Kominfo").update(is_active=True)

    made = agency_answers.route_assessment(
        assessment=Assessment.objects.get(pk=world.assessment_pk), user=world.admin
    )

    assert made == 23  # Kominfo's questions
    assert routes(world, "4.1") == [("Dinkes", True)]  # Disdukcapil was taken off: not back
    assert routes(world, "3.1b") == [("DPPPA", True), ("Disdukcapil", False), ("Kominfo", False)]


def test_an_assessment_started_before_the_district_had_agencies_is_routed_later(world):
    hst = District.objects.get(code="63.07")
    assessment = workflow.start_assessment(district=hst, year=2026, user=world.hst_admin)
    assert assessment.items.filter(routes__isnull=False).count() == 22  # HST's Disdukcapil only

    agency(hst, "Dinkes", ["Dinkes"])
    made = agency_answers.route_assessment(assessment=assessment, user=world.hst_admin)

    assert made == 94


def test_the_district_reassigns_a_question_and_changes_its_lead(world):
    item = question(world, "4.5")
    dinkes, dpppa = world.agencies["Dinkes"], world.agencies["DPPPA"]

    agency_answers.set_routes(item=item, user=world.admin, agencies=[dinkes, dpppa], lead=dpppa)

    assert routes(world, "4.5") == [("DPPPA", True), ("Dinkes", False)]
    removed = QuestionRoute.history.filter(item_id=item.pk, history_type="-").get()
    assert removed.agency_id == capil(world).pk and removed.history_user == world.admin


def test_a_question_taken_from_every_agency_is_the_dinas_own(world):
    agency_answers.set_routes(item=question(world, "4.1"), user=world.admin, agencies=[], lead=None)

    assert routes(world, "4.1") == []


def test_routes_need_a_lead_among_the_districts_active_agencies(world):
    item = question(world, "4.1")
    dinkes = world.agencies["Dinkes"]

    with pytest.raises(ValidationError) as error:
        agency_answers.set_routes(item=item, user=world.admin, agencies=[dinkes], lead=None)
    assert error.value.messages == [agency_answers.LEAD_REQUIRED]
    with pytest.raises(ValidationError) as error:
        agency_answers.set_routes(
            item=item, user=world.admin, agencies=[world.hst_capil], lead=world.hst_capil
        )
    assert error.value.messages == [
        agency_answers.OTHER_DISTRICT_AGENCY % {"agency": "Disdukcapil"}
    ]
    assert routes(world, "4.1") == [("Disdukcapil", True)]


@pytest.mark.parametrize("who", ["capil", "member", "hst_admin"])
def test_only_the_dinas_pppa_reassigns_a_question(world, who):
    dinkes = world.agencies["Dinkes"]

    with pytest.raises(PermissionDenied):
        agency_answers.set_routes(
            item=question(world, "4.1"), user=getattr(world, who), agencies=[dinkes], lead=dinkes
        )


def test_merging_two_agencies_moves_the_routes_and_answers(world):
    from stakeholders.agencies import merge_agencies

    answer = answered(world, "1.3e", answer=ItemStatus.MET)
    bappeda = world.agencies["Bappeda"]

    merge_agencies(keep=bappeda, merge=capil(world), user=world.admin)

    assert routes(world, "1.3e") == [("Bappeda", True)]  # Bappeda led; the twin route goes
    assert routes(world, "4.1") == [("Bappeda", True)]
    assert stored(answer).agency == bappeda


# ---------------------------------------------------------------------------
# The agency's answer


def test_the_operator_saves_a_draft_with_figures_as_people_type_them(world):
    answer = answered(world, figure_previous="88,4", figure_current="91", notes=" Data SIAK \r\n")

    answer = stored(answer)
    assert answer.status == Status.DRAFT
    assert (answer.answer, answer.figure_previous, answer.figure_current) == (
        ItemStatus.THREE_QUARTERS,
        Decimal("88.40"),
        Decimal("91.00"),
    )
    assert answer.notes == "Data SIAK"
    assert history_of(answer)[0].who == "capil.balangan"
    assert question(world, "4.1").self_status == ""  # not the district's answer yet


def test_figures_the_question_does_not_ask_for_are_dropped(world):
    answer = answered(world, "4.6", figure_current=Decimal("12"))

    assert stored(answer).figure_current is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"answer": "bogus"}, workflow.ROW_BAD_STATUS % {"code": "4.1", "value": "bogus"}),
        (
            {"figure_current": "-1"},
            workflow.ROW_NEGATIVE % {"code": "4.1", "field": "persentase 2026"},
        ),
        (
            {"figure_previous": "120"},
            workflow.ROW_OVER_100 % {"code": "4.1", "field": "persentase 2025"},
        ),
        (
            {"figure_current": "banyak"},
            workflow.ROW_NOT_A_NUMBER
            % {"code": "4.1", "field": "persentase 2026", "value": "banyak"},
        ),
    ],
)
def test_an_answer_is_checked_as_the_assessment_form_checks_it(world, values, message):
    with pytest.raises(ValidationError) as error:
        answered(world, **values)

    assert error.value.messages == [message]
    assert not AgencyAnswer.objects.exists()


def test_a_count_must_be_whole_and_may_be_typed_with_thousands_dots(world):
    item, dinkes = question(world, "12.4"), world.agencies["Dinkes"]

    with pytest.raises(ValidationError) as error:
        agency_answers.save_agency_answer(
            item=item, agency=dinkes, user=world.dinkes, answer="", figure_current="12,5"
        )
    assert error.value.messages == [
        workflow.ROW_NOT_WHOLE % {"code": "12.4", "field": "jumlah 2026"}
    ]
    answer = agency_answers.save_agency_answer(
        item=item, agency=dinkes, user=world.dinkes, answer="", figure_current="1.250"
    )
    assert stored(answer).figure_current == Decimal("1250.00")


def test_an_operator_answers_only_its_agencys_routed_questions(world):
    with pytest.raises(PermissionDenied) as error:
        agency_answers.save_agency_answer(
            item=question(world, "17.1"), agency=capil(world), user=world.capil, answer="met"
        )
    assert str(error.value) == agency_answers.NOT_ROUTED % {"code": "17.1", "agency": "Disdukcapil"}
    with pytest.raises(PermissionDenied) as error:
        agency_answers.save_agency_answer(
            item=question(world, "17.1"),
            agency=world.agencies["Dinkes"],
            user=world.capil,
            answer="met",
        )
    assert str(error.value) == agency_answers.NOT_YOUR_AGENCY % {"agency": "Dinkes"}


@pytest.mark.parametrize("who", ["member", "hst_admin", "hst_operator", "dinkes"])
def test_nobody_else_writes_the_agencys_answer(world, who):
    with pytest.raises(PermissionDenied):
        agency_answers.save_agency_answer(
            item=question(world, "4.1"), agency=capil(world), user=getattr(world, who), answer="met"
        )


def test_the_dinas_pppa_may_enter_an_answer_on_the_agencys_behalf(world):
    answer = agency_answers.save_agency_answer(
        item=question(world, "4.1"), agency=capil(world), user=world.admin, answer="met"
    )

    assert stored(answer).answer == "met"


def test_sending_records_who_and_when_and_stops_further_changes(world):
    answer = answered(world, submit=True)

    answer = stored(answer)
    assert answer.status == Status.SUBMITTED
    assert answer.submitted_by == world.capil and answer.submitted_at is not None
    with pytest.raises(ValidationError) as error:
        answered(world, answer=ItemStatus.MET)
    assert error.value.messages == [agency_answers.ALREADY_SENT]
    with pytest.raises(ValidationError):
        agency_answers.submit_agency_answer(answer=answer, user=world.capil)


def test_an_empty_answer_is_not_sent(world):
    answer = answered(world, answer="")

    with pytest.raises(ValidationError) as error:
        agency_answers.submit_agency_answer(answer=answer, user=world.capil)

    assert error.value.messages == [agency_answers.NOTHING_TO_SEND]
    assert stored(answer).status == Status.DRAFT


def test_figures_alone_may_be_sent(world):
    answer = answered(world, answer="", figure_current="91", submit=True)

    assert stored(answer).status == Status.SUBMITTED


def test_accepting_makes_the_agencys_answer_the_districts_and_rescores(world):
    answer = answered(world, figure_previous="88,4", figure_current="91", notes="SIAK", submit=True)
    before = AssessmentFigures.objects.get(assessment_id=world.assessment_pk).total

    agency_answers.accept_agency_answer(answer=stored(answer), user=world.admin)

    row = question(world, "4.1")
    assert (row.self_status, row.figure_previous, row.figure_current, row.notes) == (
        ItemStatus.THREE_QUARTERS,
        Decimal("88.40"),
        Decimal("91.00"),
        "SIAK",
    )
    assert row.updated_by == world.admin
    assert history_of(row)[0].who == "balangan"
    after = AssessmentFigures.objects.get(assessment_id=world.assessment_pk).total
    assert after == before + Decimal("0.75")  # 4.1 is worth 1 point; 3/4 of it
    answer = stored(answer)
    assert (answer.status, answer.decided_by) == (Status.ACCEPTED, world.admin)
    with pytest.raises(ValidationError) as error:
        answered(world)
    assert error.value.messages == [agency_answers.ALREADY_ACCEPTED]


def test_what_the_agency_left_blank_keeps_the_districts_value(world):
    workflow.fill_items(
        assessment=Assessment.objects.get(pk=world.assessment_pk),
        user=world.admin,
        changes=[workflow.ItemChange(pk=question(world, "4.1").pk, status="met", notes="Dinas")],
    )
    answer = answered(world, answer="", figure_current="91", submit=True)

    agency_answers.accept_agency_answer(answer=stored(answer), user=world.admin)

    row = question(world, "4.1")
    assert (row.self_status, row.figure_current, row.notes) == ("met", Decimal("91.00"), "Dinas")


def test_returning_needs_a_note_and_the_operator_fixes_and_resends(world):
    answer = answered(world, submit=True)
    with pytest.raises(ValidationError) as error:
        agency_answers.return_agency_answer(answer=stored(answer), user=world.admin, note="  ")
    assert error.value.messages == [agency_answers.NOTE_REQUIRED]

    agency_answers.return_agency_answer(
        answer=stored(answer), user=world.admin, note="Lampirkan data SIAK 2025"
    )
    returned = stored(answer)
    assert (returned.status, returned.return_note, returned.decided_by) == (
        Status.RETURNED,
        "Lampirkan data SIAK 2025",
        world.admin,
    )
    fixed = answered(world, answer=ItemStatus.MET)
    assert stored(fixed).status == Status.RETURNED  # still returned, note kept, until resent
    agency_answers.submit_agency_answer(answer=fixed, user=world.capil)
    agency_answers.accept_agency_answer(answer=stored(answer), user=world.admin)

    assert question(world, "4.1").self_status == ItemStatus.MET
    steps = [entry.changes for entry in history_of(stored(answer))]
    statuses = [
        change.new for changes in reversed(steps) for change in changes if change.field == "status"
    ]
    assert statuses == [
        "Dikirim ke Dinas PPPA",
        "Dikembalikan",
        "Dikirim ke Dinas PPPA",
        "Diterima",
    ]


def test_only_a_sent_answer_is_accepted_or_returned(world):
    answer = answered(world)

    with pytest.raises(ValidationError) as error:
        agency_answers.accept_agency_answer(answer=stored(answer), user=world.admin)
    assert error.value.messages == [agency_answers.NOT_SUBMITTED]
    with pytest.raises(ValidationError):
        agency_answers.return_agency_answer(answer=stored(answer), user=world.admin, note="x")


@pytest.mark.parametrize("who", ["capil", "member", "hst_admin"])
def test_only_the_dinas_pppa_accepts_or_returns(world, who):
    answer = answered(world, submit=True)
    user = getattr(world, who)

    with pytest.raises(PermissionDenied):
        agency_answers.accept_agency_answer(answer=stored(answer), user=user)
    with pytest.raises(PermissionDenied):
        agency_answers.return_agency_answer(answer=stored(answer), user=user, note="x")
    assert stored(answer).status == Status.SUBMITTED


def test_a_reviewed_assessment_takes_answers_but_accepts_them_only_back_in_draft(world):
    answer = answered(world)
    set_status(world, Assessment.Status.REVIEWED)
    agency_answers.submit_agency_answer(answer=stored(answer), user=world.capil)

    with pytest.raises(ValidationError) as error:
        agency_answers.accept_agency_answer(answer=stored(answer), user=world.admin)

    assert error.value.messages == [agency_answers.ACCEPT_NEEDS_DRAFT]
    assert question(world, "4.1").self_status == ""


def test_nothing_moves_once_the_assessment_went_to_the_province(world):
    answer = answered(world, submit=True)
    set_status(world, Assessment.Status.SUBMITTED)

    item = question(world, "4.1")
    steps = [
        lambda: answered(world, "4.2"),
        lambda: agency_answers.accept_agency_answer(answer=stored(answer), user=world.admin),
        lambda: agency_answers.return_agency_answer(
            answer=stored(answer), user=world.admin, note="x"
        ),
        lambda: agency_answers.set_routes(item=item, user=world.admin, agencies=[], lead=None),
    ]
    for step in steps:
        with pytest.raises(ValidationError) as error:
            step()
        assert error.value.messages == [agency_answers.NOT_OPEN]


# ---------------------------------------------------------------------------
# The agency's files


def test_the_operator_attaches_a_data_matrix_and_documents_and_removes_its_own(world):
    answer = answered(world)

    matrix = agency_answers.add_agency_evidence(
        answer=answer,
        user=world.capil,
        file=SimpleUploadedFile("matriks.csv", CSV),
        is_data_matrix=True,
    )
    agency_answers.add_agency_evidence(
        answer=answer,
        user=world.capil,
        file=SimpleUploadedFile("sk.pdf", PDF),
        is_data_matrix=False,
    )

    files = ItemEvidence.objects.filter(item_assessment=question(world, "4.1"))
    assert [(e.original_name, e.agency_id, e.is_data_matrix) for e in files] == [
        ("matriks.csv", capil(world).pk, True),
        ("sk.pdf", capil(world).pk, False),
    ]
    agency_answers.remove_agency_evidence(evidence=matrix, user=world.capil)
    assert list(files.values_list("original_name", flat=True)) == ["sk.pdf"]
    assert ItemEvidence.history.filter(history_type="-").get().history_user == world.capil


def test_files_stay_as_sent(world):
    answer = answered(world)
    evidence = agency_answers.add_agency_evidence(
        answer=answer,
        user=world.capil,
        file=SimpleUploadedFile("sk.pdf", PDF),
        is_data_matrix=False,
    )
    agency_answers.submit_agency_answer(answer=answer, user=world.capil)

    with pytest.raises(ValidationError):
        agency_answers.add_agency_evidence(
            answer=stored(answer),
            user=world.capil,
            file=SimpleUploadedFile("b.pdf", PDF),
            is_data_matrix=False,
        )
    with pytest.raises(ValidationError):
        agency_answers.remove_agency_evidence(evidence=evidence, user=world.capil)


def test_an_operator_removes_no_file_of_another_agency_or_of_the_dinas(world):
    item = question(world, "17.1")
    theirs = ItemEvidence.objects.create(
        item_assessment=item, agency=world.agencies["Dinkes"], original_name="a.pdf", file="a.pdf"
    )
    dinas = ItemEvidence.objects.create(item_assessment=item, original_name="b.pdf", file="b.pdf")

    with pytest.raises(PermissionDenied):
        agency_answers.remove_agency_evidence(evidence=theirs, user=world.capil)
    with pytest.raises(PermissionDenied):
        agency_answers.remove_agency_evidence(evidence=dinas, user=world.capil)
    assert ItemEvidence.objects.filter(item_assessment=item).count() == 2
