"""``manage.py seed_demo``: logins that work, printed for the newcomer, rounds dated so that
the demo works on the day it is seeded, and a second run that changes nothing. The demo is
seeded once for this module and the other modules on it (``demo_world``); each test's writes
are rolled back."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils import timezone

from indicators import workflow
from indicators.models import Assessment, AssessmentStage, EvaluationYear, StageAnswer
from kla_portal.demo import DEMO_PASSWORD, DEMO_USERS
from kla_portal.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def first_run(demo_world) -> str:
    """What the first run printed (tests/conftest.py's demo_world)."""
    return demo_world.output


def test_every_demo_login_works_and_seeding_twice_changes_nothing(first_run, rf):
    def counts():
        return (
            Membership.objects.count(),
            EvaluationYear.history.count(),
            AssessmentStage.history.count(),
            StageAnswer.objects.count(),
        )

    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before
    for username, *_ in DEMO_USERS:
        request = rf.post("/akun/masuk/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_it_prints_the_demo_logins(first_run):
    for username, *_ in DEMO_USERS:
        assert username in first_run
    assert DEMO_PASSWORD in first_run


def test_it_prints_the_operator_logins_with_the_others(first_run):
    logins = first_run.split("Login demo")[1]
    for username in ("disdukcapil.balangan", "dinkes.balangan", "kemenag.balangan"):
        assert username in logins
    assert "kec.paringin.balangan" in logins


def test_it_prints_every_stage_s_total_of_the_evaluations_it_seeded(first_run):
    balangan = next(line for line in first_run.splitlines() if "penilaian Balangan 2024" in line)
    for heading in ("EM ", "VA ", "Telaah ", "VL ", "Akhir ", "Penghargaan Nindya (KLA 2025)"):
        assert heading in balangan, heading
    hst = next(
        line for line in first_run.splitlines() if "penilaian Hulu Sungai Tengah 2025" in line
    )
    assert "VA dikembalikan" in hst


def test_the_2024_round_is_the_real_one_all_in_the_past(first_run):
    round_ = EvaluationYear.objects.get(year=2024)

    assert (round_.award_label, round_.data_years) == ("KLA 2025", "2023-2024")
    assert (round_.em_deadline, round_.va_deadline) == (date(2024, 5, 31), date(2024, 10, 31))
    assert (round_.vl_start, round_.vl_end) == (date(2025, 1, 1), date(2025, 5, 31))
    assert round_.award_date == date(2025, 8, 8)


def test_the_running_rounds_are_dated_from_the_day_of_seeding(first_run):
    today = timezone.localdate()
    running, next_one = EvaluationYear.objects.get(year=2025), EvaluationYear.objects.get(year=2026)

    # 2025: uploads closed, the province's VA due in a few weeks.
    assert running.em_deadline < today
    assert 14 <= (running.va_deadline - today).days <= 28
    # 2026: uploads open for two months.
    assert 50 <= (next_one.em_deadline - today).days <= 70
    for round_ in (running, next_one):
        dates = [round_.em_deadline, round_.va_deadline, round_.review_deadline, round_.vl_start]
        dates += [round_.vl_end, round_.final_deadline, round_.award_date]
        assert dates == sorted(dates), round_.year
    assert (running.award_label, next_one.award_label) == ("KLA 2026", "KLA 2027")


def test_the_dates_leave_hst_its_returned_questions_and_balangan_its_2026_draft(first_run):
    users = get_user_model().objects
    hst = Assessment.objects.get(district="63.07", year=2025)
    draft = Assessment.objects.get(district="63.11", year=2026)
    returned = hst.items.filter(is_returned=True).first()
    other = hst.items.filter(is_returned=False).first()

    assert workflow.deadline_refusal(returned) is None
    assert workflow.can_fill_item(users.get(username="hst"), returned)
    assert "sudah lewat" in workflow.deadline_refusal(other)
    item = draft.items.first()
    assert workflow.deadline_refusal(item) is None
    assert workflow.can_fill_item(users.get(username="balangan"), item)
