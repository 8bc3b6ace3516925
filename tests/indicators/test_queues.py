"""What waits for each role's action (indicators/queues.py), the queue page and the navbar.

One world, built once for the module, its records made directly in the states the
workflow leaves them in (the workflow's own tests cover how they get there; one
test here walks it): Balangan's 2023 evaluation has its VA returned with two
questions, its 2022 draft has agency answers sent, returned and not yet given;
Hulu Sungai Tengah has the same on a smaller scale, Balikpapan (another province)
its VA running, and five other districts of Kalimantan Selatan and one of
Kalimantan Timur stand at the ministry's stages.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from indicators import queues, stages, workflow
from indicators.context_processors import waiting
from indicators.models import (
    AgencyAnswer,
    Assessment,
    AssessmentStage,
    ChecklistItem,
    EvaluationYear,
    Framework,
    ItemAssessment,
    QuestionRoute,
    Stage,
)
from kla_portal.models import District, Membership, Notice, Province, Role, memberships_of
from stakeholders.models import Agency, Institution, Member, Sector, TaskForce
from tests.conftest import make_user
from trainings.plans.models import ActionItem, ActionPlan

StageStatus = AssessmentStage.Status
TODAY = timezone.localdate()


@pytest.fixture
def media_root(module_media_root):
    return module_media_root


def _assessment(code, year, *, status=Assessment.Status.SUBMITTED, **stage_statuses):
    """An assessment of the draft framework with its stage rows in these statuses."""
    assessment = Assessment.objects.create(
        district_id=code,
        year=year,
        framework=Framework.objects.get(code="perpres-25-2021"),
        status=status,
        submitted_at=timezone.now() if status != Assessment.Status.DRAFT else None,
    )
    rows = stages.stage_rows(assessment)
    for stage, stage_status in stage_statuses.items():
        row = rows[stage]
        row.status = stage_status
        row.started_at = timezone.now() if stage_status != StageStatus.NOT_STARTED else None
        row.save()
    return assessment


def _questions(assessment, count, **fields):
    items = ChecklistItem.objects.filter(indicator__framework=assessment.framework).order_by("pk")
    used = assessment.items.count()
    return [
        ItemAssessment.objects.create(assessment=assessment, item=item, **fields)
        for item in items[used : used + count]
    ]


def _returned_va(code, year, returned):
    done = {Stage.EM: StageStatus.COMPLETED, Stage.VA: StageStatus.RETURNED}
    assessment = _assessment(code, year, **done)
    _questions(assessment, returned, is_returned=True, verifier_comment="Lampirkan SK.")
    _questions(assessment, 1)
    return assessment


def _agency(code, short_name):
    return Agency.objects.create(
        district_id=code, short_name=short_name, name=f"Dinas {short_name}", covers=[short_name]
    )


def _routed(question, agency, status=None):
    QuestionRoute.objects.create(item=question, agency=agency, is_lead=True)
    if status:
        AgencyAnswer.objects.create(item=question, agency=agency, status=status, answer="met")


def _after_va(code, stage, stage_status):
    """An assessment verified by its province and now at one of the ministry's stages."""
    statuses = {Stage.EM: StageStatus.COMPLETED, Stage.VA: StageStatus.COMPLETED}
    for earlier in stages.ORDER[2 : stages.ORDER.index(stage)]:
        statuses[earlier] = StageStatus.COMPLETED
    statuses[stage] = stage_status
    return _assessment(code, 2023, status=Assessment.Status.VERIFIED, **statuses)


def _member_items(district, user, other_user):
    task_force = TaskForce.objects.create(
        district=district,
        decree_number="188.45/1/2024",
        decree_date=TODAY - timedelta(days=300),
        valid_from=TODAY - timedelta(days=300),
    )
    own = Member.objects.create(task_force=task_force, name="Rahmat Hidayat", user=user)
    other = Member.objects.create(task_force=task_force, name="Siti Aminah", user=other_user)
    school = Institution.objects.create(
        district=district, sector=Sector.objects.get(code="sekolah"), name="SD Negeri 1 Paringin"
    )
    plan = ActionPlan.objects.create(district=district, owner_institution=school, title="RTL SD")

    def item(activity, due, member=own, status=ActionItem.Status.IN_PROGRESS):
        return ActionItem.objects.create(
            plan=plan, activity=activity, due_date=due, responsible_member=member, status=status
        )

    return {
        "late": item("Sosialisasi KHA", TODAY - timedelta(days=3)),
        "soon": item("Rapat tim SRA", TODAY + timedelta(days=2)),
        "done": item("Penilaian mandiri", TODAY - timedelta(days=9), status="done"),
        "others": item("Ruang laktasi", TODAY - timedelta(days=5), member=other),
    }


@pytest.fixture(scope="module")
def world(module_db):
    with module_db():
        balangan = District.objects.get(code="63.11")
        hst = District.objects.get(code="63.07")
        w = SimpleNamespace(
            admin=make_user("balangan", Role.DISTRICT_ADMIN, district=balangan),
            hst_admin=make_user("hst", Role.DISTRICT_ADMIN, district=hst),
            coordinator=make_user(
                "kalsel", Role.PROVINCE_COORDINATOR, province=Province.objects.get(code="63")
            ),
            evaluator=make_user("evaluator", Role.EVALUATOR),
            superuser=make_user("root", is_superuser=True, is_staff=True),
            member=make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan),
            other_member=make_user("gugus2.balangan", Role.TASK_FORCE_MEMBER, district=balangan),
            nobody=make_user("tamu"),
        )
        EvaluationYear.objects.create(
            year=2023,
            award_label="KLA 2024",
            data_years="2022-2023",
            em_deadline=TODAY - timedelta(days=200),
            va_deadline=TODAY + timedelta(days=3),
            review_deadline=TODAY + timedelta(days=10),
            final_deadline=TODAY - timedelta(days=1),
        )
        # Balangan: the VA returned two questions of 2023; the 2022 draft's agency answers.
        w.balangan_2023 = _returned_va("63.11", 2023, 2)
        w.balangan_2022 = _assessment("63.11", 2022, status=Assessment.Status.DRAFT)
        capil, dinkes = _agency("63.11", "Disdukcapil"), _agency("63.11", "Dinkes")
        w.operator = make_user("capil.balangan")
        Membership.objects.create(
            user=w.operator, role=Role.AGENCY_OPERATOR, district=balangan, agency=capil
        )
        w.capil = capil
        sent, returned, drafted, untouched, other = _questions(w.balangan_2022, 5)
        _routed(sent, capil, AgencyAnswer.Status.SUBMITTED)
        _routed(returned, capil, AgencyAnswer.Status.RETURNED)
        _routed(drafted, capil, AgencyAnswer.Status.DRAFT)
        _routed(untouched, capil)
        _routed(other, dinkes, AgencyAnswer.Status.SUBMITTED)
        # Hulu Sungai Tengah: its VA running (2023), one question returned (2021), one
        # agency answer sent (2022).
        w.hst_2023 = _assessment(
            "63.07", 2023, em=StageStatus.COMPLETED, va=StageStatus.IN_PROGRESS
        )
        w.hst_2021 = _returned_va("63.07", 2021, 1)
        hst_2022 = _assessment("63.07", 2022, status=Assessment.Status.DRAFT)
        _routed(_questions(hst_2022, 1)[0], _agency("63.07", "Dinkes"), "submitted")
        # Balikpapan, in another province: its VA running.
        w.balikpapan = _assessment(
            "64.71", 2023, em=StageStatus.COMPLETED, va=StageStatus.IN_PROGRESS
        )
        # The ministry's stages.
        w.central = {
            "review": _after_va("63.09", Stage.REVIEW, StageStatus.IN_PROGRESS),
            "review-kaltim": _after_va("64.72", Stage.REVIEW, StageStatus.IN_PROGRESS),
            "vl": _after_va("63.03", Stage.VL, StageStatus.IN_PROGRESS),
            "final": _after_va("63.05", Stage.FINAL, StageStatus.IN_PROGRESS),
            "award": _after_va("63.01", Stage.AWARD, StageStatus.IN_PROGRESS),
            "returned": _after_va("63.02", Stage.REVIEW, StageStatus.RETURNED),
        }
        w.items = _member_items(balangan, w.member, w.other_member)
        return w


def fresh(user):
    """The user as a request loads it: memberships not yet read."""
    return get_user_model().objects.get(pk=user.pk)


def counts(user):
    return {e.key: e.count for e in queues.nav_counts(fresh(user), TODAY).entries}


def entries(user):
    return {e.key: e for e in queues.waiting_for(fresh(user), TODAY)}


@pytest.mark.django_db
def test_the_district_admin_waits_on_returned_questions_agency_answers_and_a_resubmission(world):
    assert counts(world.admin) == {"returned-questions": 2, "agency-answers": 2, "resubmit": 1}
    found = entries(world.admin)

    (returned,) = found["returned-questions"].rows
    assert (returned.title, returned.year, returned.count) == ("Kabupaten Balangan", 2023, 2)
    assert returned.stage == Stage.VA
    assert returned.url == reverse("indicators:assessment", args=[world.balangan_2023.pk]) + (
        "?tampil=dikembalikan"
    )
    assert (returned.deadline, returned.days_left) == (TODAY + timedelta(days=3), 3)
    (answers,) = found["agency-answers"].rows
    assert (answers.year, answers.count, answers.stage) == (2022, 2, Stage.EM)
    (resubmit,) = found["resubmit"].rows
    assert resubmit.url == world.balangan_2023.get_absolute_url()


@pytest.mark.django_db
def test_a_foreign_districts_items_never_appear(world):
    """Hulu Sungai Tengah's admin has their own of each kind; Balangan's are not theirs."""
    assert counts(world.hst_admin) == {"returned-questions": 1, "agency-answers": 1, "resubmit": 1}
    rows = [row for entry in entries(world.hst_admin).values() for row in entry.rows]
    assert {row.district.code for row in rows} == {"63.07"}
    balangan = [row for entry in entries(world.admin).values() for row in entry.rows]
    assert {row.district.code for row in balangan} == {"63.11"}


@pytest.mark.django_db
def test_the_agency_operator_waits_on_returned_answers_and_questions_not_sent(world):
    assert counts(world.operator) == {"agency-returned": 1, "agency-open": 2}
    found = entries(world.operator)
    (open_row,) = found["agency-open"].rows
    assert open_row.count == 2  # one never answered, one saved as a draft
    assert open_row.url == (
        reverse("indicators:agency_questions", args=[world.balangan_2022.pk, world.capil.pk])
        + "?tampil=belum"
    )
    assert found["agency-returned"].url.endswith("?tampil=dikembalikan")


@pytest.mark.django_db
def test_the_coordinator_waits_on_the_vas_of_their_province_and_lists_the_returned_apart(world):
    assert counts(world.coordinator) == {"va": 1}
    found = entries(world.coordinator)

    (va,) = found["va"].rows
    assert va.url == reverse("indicators:verify", args=[world.hst_2023.pk])
    assert va.since == world.hst_2023.submitted_at
    elsewhere = found["va-returned"]
    assert not elsewhere.counted
    assert {(row.title, row.year) for row in elsewhere.rows} == {
        ("Kabupaten Balangan", 2023),
        ("Kabupaten Hulu Sungai Tengah", 2021),
    }
    assert "Kota Balikpapan" not in {row.title for entry in found.values() for row in entry.rows}


@pytest.mark.django_db
def test_the_evaluator_waits_on_each_of_the_ministrys_stages(world):
    assert counts(world.evaluator) == {
        "stage-review": 2,
        "stage-vl": 1,
        "stage-final": 1,
        "stage-award": 1,
    }
    found = entries(world.evaluator)
    review = {row.title: row for row in found["stage-review"].rows}
    assert set(review) == {"Kabupaten Tabalong", "Kota Samarinda"}
    assert review["Kabupaten Tabalong"].days_left == 10
    (final,) = found["stage-final"].rows
    assert final.is_late and final.days_late == 1
    assert [row.title for row in found["central-returned"].rows] == ["Kabupaten Kotabaru"]
    assert list(found)[-1] == "central-returned"  # what waits for others comes last


@pytest.mark.django_db
def test_a_superuser_reads_the_evaluators_queues_not_every_districts(world):
    assert counts(world.superuser) == counts(world.evaluator)


@pytest.mark.django_db
def test_the_task_force_member_waits_on_their_own_items_past_due(world):
    assert counts(world.member) == {"rtl-overdue": 1}
    (row,) = entries(world.member)["rtl-overdue"].rows
    assert (row.title, row.days_late) == ("Sosialisasi KHA", 3)
    assert row.url == world.items["late"].get_absolute_url()
    assert counts(world.other_member) == {"rtl-overdue": 1}


@pytest.mark.django_db
def test_a_user_without_a_role_has_nothing_waiting(world):
    found = queues.nav_counts(fresh(world.nobody), TODAY)
    assert (found.unread, found.waiting, found.entries) == (0, 0, [])
    assert queues.waiting_for(fresh(world.nobody), TODAY) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "operator", "coordinator", "evaluator", "member"])
def test_the_navbar_counts_cost_one_query_with_the_unread_notices(
    world, role, django_assert_num_queries
):
    user = fresh(getattr(world, role))
    Notice.objects.create(user=user, key="x", text="Baru")
    memberships_of(user)  # read once per request, by the regions context processor

    with django_assert_num_queries(1):
        found = queues.nav_counts(user, TODAY)

    assert found.unread == 1
    assert found.waiting == sum(counts(user).values())


def fresh_with_memberships(user):
    user = fresh(user)
    memberships_of(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "operator", "coordinator", "evaluator", "member"])
def test_the_queue_page_reads_each_role_in_a_few_queries(
    world, role, django_assert_max_num_queries
):
    user = fresh_with_memberships(getattr(world, role))

    # One per queue (the evaluator has five), the assessments with their stages, the rounds.
    with django_assert_max_num_queries(6):
        queues.waiting_for(user, TODAY)


@pytest.mark.django_db
def test_more_rows_take_no_more_queries(world, django_assert_max_num_queries):
    user = fresh_with_memberships(world.evaluator)
    with django_assert_max_num_queries(6) as few:
        queues.waiting_for(user, TODAY)
    for code in ("63.04", "63.06", "63.08", "63.71", "63.72"):
        _after_va(code, Stage.REVIEW, StageStatus.IN_PROGRESS)

    with django_assert_max_num_queries(len(few.captured_queries)):
        found = queues.waiting_for(user, TODAY)

    assert len(found[0].rows) == 7


@pytest.mark.django_db
def test_the_queue_follows_the_workflow_from_return_to_resubmission(world, start):
    """Returned by the province, the questions wait for the district; resubmitted, the
    VA waits for the province again."""
    tanah_bumbu = District.objects.get(code="63.10")
    admin = make_user("tanbu", Role.DISTRICT_ADMIN, district=tanah_bumbu)
    assessment = start(tanah_bumbu, 2021, admin)
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name="Sekda")
    workflow.submit_assessment(assessment=assessment, user=admin)
    assert counts(world.coordinator) == {"va": 2}

    coordinator = fresh_with_memberships(world.coordinator)
    for question in assessment.items.order_by("pk")[:2]:
        workflow.return_item(item=question, user=coordinator, comment="Lengkapi bukti.")
    assert counts(admin) == {"returned-questions": 2, "resubmit": 1}
    assert counts(world.coordinator) == {"va": 1}

    stages.resubmit_returned(assessment=assessment, user=fresh_with_memberships(admin))
    assert counts(admin) == {}
    assert counts(world.coordinator) == {"va": 2}


# ---------------------------------------------------------------------------
# The pages


@pytest.mark.django_db
def test_the_queue_page_lists_the_rows_with_their_deadline(world, client_for):
    response = client_for(world.admin).get(reverse("indicators:queue"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-testid="queue-entry"') == 3
    assert "Pertanyaan yang dikembalikan kepada Anda" in content
    assert f"Batas {(TODAY + timedelta(days=3)):%d/%m/%Y}" in content
    assert "3 hari lagi" in content
    assert "Kabupaten Hulu Sungai Tengah" not in content


@pytest.mark.django_db
def test_the_queue_page_says_when_nothing_waits(world, client_for):
    response = client_for(world.nobody).get(reverse("indicators:queue"))

    assert 'data-testid="queue-empty"' in response.content.decode()


@pytest.mark.django_db
def test_the_navbar_shows_the_counts_and_the_hub_what_waits(world, client_for):
    Notice.objects.create(user=world.admin, key="a", text="Satu")
    Notice.objects.create(user=world.admin, key="b", text="Dua")

    content = client_for(world.admin).get(reverse("district", args=["63.11"])).content.decode()

    assert 'aria-label="2 pemberitahuan belum dibaca"' in content
    assert "data-waiting-sentence>5 menunggu tindakan Anda</span>" in content
    waiting = content[content.index('data-testid="waiting-for-me"') :]
    assert waiting.count('data-testid="waiting-entry"') == 3
    assert reverse("indicators:queue") + "#returned-questions" in waiting


@pytest.mark.django_db
def test_the_agency_and_the_member_see_what_waits_on_their_landing_pages(world, client_for):
    client = client_for(world.operator)
    content = client.get(reverse("indicators:agency_home", args=[world.capil.pk])).content
    assert b'data-key="agency-open"' in content

    client = client_for(world.member)
    content = client.get(reverse("plans:my_items")).content
    assert b'data-key="rtl-overdue"' in content


@pytest.mark.django_db
def test_nothing_is_counted_for_an_anonymous_visitor(world, rf, client, django_assert_num_queries):
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert waiting(request) == {}
    assert b"data-notice-counts" not in client.get(reverse("login")).content
