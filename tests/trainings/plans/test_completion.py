from datetime import date

import pytest

from stakeholders.models import Institution
from tests.trainings.plans.conftest import make_task_force
from trainings.plans.completion import Completion, completion_rates
from trainings.plans.models import ActionItem, ActionPlan

pytestmark = pytest.mark.django_db

TODAY = date(2025, 10, 15)
PAST = date(2025, 9, 1)
FUTURE = date(2025, 12, 1)


def add(plan, status, due=FUTURE, indicator=None):
    return ActionItem.objects.create(
        plan=plan,
        activity=f"{status} {due}",
        status=status,
        due_date=due,
        indicator=indicator,
        cancel_reason="alasan" if status == "cancelled" else "",
    )


@pytest.fixture
def world(balangan, hst, sectors, indicators):
    school = Institution.objects.create(district=balangan, sector=sectors["sekolah"], name="SD")
    clinic = Institution.objects.create(district=hst, sector=sectors["puskesmas"], name="PKM")
    _tf, groups = make_task_force(balangan)
    school_plan = ActionPlan.objects.create(district=balangan, owner_institution=school, title="A")
    group_plan = ActionPlan.objects.create(
        district=balangan, owner_working_group=groups["IV"], title="B"
    )
    orphan_plan = ActionPlan.objects.create(district=balangan, title="C")
    clinic_plan = ActionPlan.objects.create(district=hst, owner_institution=clinic, title="D")
    inactive = ActionPlan.objects.create(
        district=balangan, owner_institution=school, title="E", is_active=False
    )
    i19, i12 = indicators[19], indicators[12]
    # Balangan school plan: 2 done, 1 in progress (overdue), 1 planned, 1 cancelled (overdue date)
    add(school_plan, "done", PAST, i19)
    add(school_plan, "done", FUTURE, i19)
    add(school_plan, "in_progress", PAST, i19)
    add(school_plan, "planned", FUTURE)
    add(school_plan, "cancelled", PAST, i19)
    # Balangan working group plan: 1 planned overdue, 1 done
    add(group_plan, "planned", PAST, i12)
    add(group_plan, "done", FUTURE, i12)
    # Balangan plan without owner: 1 in progress
    add(orphan_plan, "in_progress", FUTURE)
    # HST: 1 done, 2 cancelled
    add(clinic_plan, "done", PAST, i12)
    add(clinic_plan, "cancelled", FUTURE)
    add(clinic_plan, "cancelled", FUTURE)
    # Inactive plan: never counted
    add(inactive, "planned", PAST, i19)


def test_rates_per_district_match_the_hand_count(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        rates = completion_rates(ActionItem.objects.all(), by="district", today=TODAY)

    assert rates == {
        "63.11": Completion(total=8, planned=2, in_progress=2, done=3, cancelled=1, overdue=2),
        "63.07": Completion(total=3, planned=0, in_progress=0, done=1, cancelled=2, overdue=0),
    }
    assert rates["63.11"].rate == 3 / 7
    assert rates["63.07"].rate == 1.0


def test_rates_per_sector_key_working_groups_and_ownerless_plans(world):
    rates = completion_rates(ActionItem.objects.all(), by="sector", today=TODAY)

    assert rates == {
        "sekolah": Completion(total=5, planned=1, in_progress=1, done=2, cancelled=1, overdue=1),
        "gugus_tugas": Completion(
            total=2, planned=1, in_progress=0, done=1, cancelled=0, overdue=1
        ),
        "": Completion(total=1, planned=0, in_progress=1, done=0, cancelled=0, overdue=0),
        "puskesmas": Completion(total=3, planned=0, in_progress=0, done=1, cancelled=2, overdue=0),
    }
    assert rates["sekolah"].rate == 0.5


def test_rates_per_indicator_key_by_code(world):
    rates = completion_rates(
        ActionItem.objects.filter(plan__district_id="63.11"), by="indicator", today=TODAY
    )

    assert rates == {
        "19": Completion(total=4, planned=0, in_progress=1, done=2, cancelled=1, overdue=1),
        "12": Completion(total=2, planned=1, in_progress=0, done=1, cancelled=0, overdue=1),
        "": Completion(total=2, planned=1, in_progress=1, done=0, cancelled=0, overdue=0),
    }
    assert rates["19"].rate == 2 / 3


def test_rates_per_indicator_key_by_the_code_officials_write(
    balangan, instrument, framework, django_assert_num_queries
):
    plan = ActionPlan.objects.create(district=balangan, title="RTL")
    add(plan, "done", indicator=instrument.indicators.get(code="21A"))
    add(plan, "planned", indicator=instrument.indicators.get(code="21A"))
    # Indicator 14 of the draft framework and of the 2024 instrument: one code, one key.
    add(plan, "done", indicator=instrument.indicators.get(code="14"))
    add(plan, "planned", indicator=framework.indicators.get(number=14))

    with django_assert_num_queries(1):
        rates = completion_rates(ActionItem.objects.all(), by="indicator", today=TODAY)

    assert set(rates) == {"21A", "14"}
    assert (rates["21A"].total, rates["21A"].done) == (2, 1)
    assert (rates["14"].total, rates["14"].done) == (2, 1)


def test_the_rate_is_none_when_nothing_is_countable():
    assert Completion(total=2, cancelled=2).rate is None
    assert Completion().rate is None


def test_an_unknown_grouping_is_an_error():
    with pytest.raises(ValueError):
        completion_rates(ActionItem.objects.none(), by="kecamatan")


def test_the_query_count_does_not_grow_with_the_items(balangan, django_assert_num_queries):
    plan = ActionPlan.objects.create(district=balangan, title="Banyak")
    for _ in range(30):
        add(plan, "planned")
    with django_assert_num_queries(1):
        rates = completion_rates(ActionItem.objects.all(), by="sector", today=TODAY)
    assert rates[""].total == 30
