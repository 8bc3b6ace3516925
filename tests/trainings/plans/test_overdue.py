from datetime import date

import pytest

from trainings.plans.models import ActionItem, ActionPlan

pytestmark = pytest.mark.django_db

TODAY = date(2025, 10, 15)


@pytest.fixture
def items(balangan):
    plan = ActionPlan.objects.create(district=balangan, title="RTL")
    specs = {
        "late_planned": ("planned", date(2025, 10, 14)),
        "late_in_progress": ("in_progress", date(2025, 9, 1)),
        "late_but_done": ("done", date(2025, 9, 1)),
        "late_but_cancelled": ("cancelled", date(2025, 9, 1)),
        "due_today": ("planned", TODAY),
        "due_later": ("in_progress", date(2025, 11, 1)),
    }
    return {
        name: ActionItem.objects.create(
            plan=plan,
            activity=name,
            status=status,
            due_date=due,
            cancel_reason="alasan" if status == "cancelled" else "",
        )
        for name, (status, due) in specs.items()
    }


def test_an_item_is_overdue_when_its_due_date_passed_and_it_is_not_done_or_cancelled(items):
    overdue = set(ActionItem.objects.overdue(TODAY).values_list("activity", flat=True))

    assert overdue == {"late_planned", "late_in_progress"}


def test_the_property_follows_the_same_rule_as_the_queryset(items):
    for name, item in items.items():
        assert item.is_overdue_on(TODAY) == (name in {"late_planned", "late_in_progress"}), name


def test_an_item_due_today_is_not_yet_overdue_but_is_tomorrow(items):
    assert not items["due_today"].is_overdue_on(TODAY)
    assert items["due_today"].is_overdue_on(date(2025, 10, 16))
