"""Two Balangan admins open the edit form of an RTL or of one of its items and both save:
the second save is refused with what changed, and the first change is still there."""

import pytest
from django.urls import reverse

from kla_portal.models import Role
from tests.concurrent_edits import assert_refused, desks, open_form
from tests.conftest import make_user
from trainings.plans.models import ActionItem, ActionPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_admins(balangan, balangan_admin):
    colleague = make_user("balangan.sekretariat", Role.DISTRICT_ADMIN, district=balangan)
    return desks(balangan_admin, colleague)


def test_the_second_save_of_a_plan_is_refused_and_the_first_kept(two_admins, plan):
    first, second = two_admins
    url = reverse("plans:plan_edit", args=[plan.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, mine | {"title": "RTL SD Negeri 1 2026"}).status_code == 302
    posted = theirs | {"title": "RTL sekolah ramah anak"}
    response = second.post(url, posted)

    assert_refused(
        ActionPlan,
        response,
        posted,
        ("title", "RTL SD Negeri 1 2026", "RTL sekolah ramah anak"),
    )
    plan.refresh_from_db()
    assert plan.title == "RTL SD Negeri 1 2026"


def test_the_second_save_of_an_item_is_refused_and_the_first_kept(two_admins, item):
    first, second = two_admins
    url = reverse("plans:item_edit", args=[item.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, mine | {"target_group": "Guru SD"}).status_code == 302
    posted = theirs | {"venue": "Aula SDN 1 Paringin"}
    response = second.post(url, posted)

    assert_refused(
        ActionItem,
        response,
        posted,
        ("target_group", "Guru SD", item.target_group or "—"),
        ("venue", "—", "Aula SDN 1 Paringin"),
    )
    item.refresh_from_db()
    assert (item.target_group, item.venue) == ("Guru SD", "")
