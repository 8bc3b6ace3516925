"""Must show 2: every plan, item and evidence URL is a 404 for another district's users
and the login page for anonymous users; read-only roles get 403 on every write."""

from datetime import timedelta

import pytest
from django.urls import reverse

from trainings.models import ActionItem

pytestmark = pytest.mark.django_db

# (url name, which object's pk or district code, method)
OBJECT_URLS = [
    ("trainings:plan", "plan", "get"),
    ("trainings:plan_edit", "plan", "get"),
    ("trainings:plan_edit", "plan", "post"),
    ("trainings:plan_deactivate", "plan", "post"),
    ("trainings:plan_restore", "plan", "post"),
    ("trainings:item_create", "plan", "get"),
    ("trainings:item_create", "plan", "post"),
    ("trainings:item", "item", "get"),
    ("trainings:item_edit", "item", "get"),
    ("trainings:item_edit", "item", "post"),
    ("trainings:item_update", "item", "get"),
    ("trainings:item_update", "item", "post"),
    ("trainings:evidence", "evidence", "get"),
    ("trainings:plan_board", "district", "get"),
    ("trainings:plan_create", "district", "get"),
    ("trainings:plan_create", "district", "post"),
    ("trainings:import_items", "district", "get"),
    ("trainings:import_items", "district", "post"),
    ("trainings:import_items_template", "district", "get"),
]
READS = {"trainings:plan", "trainings:item", "trainings:evidence", "trainings:plan_board"}


@pytest.fixture
def objects(plan, item, evidence, balangan):
    return {"plan": plan.pk, "item": item.pk, "evidence": evidence.pk, "district": balangan.code}


def url_of(objects, name, target):
    return reverse(name, args=[objects[target]])


@pytest.mark.parametrize(("name", "target", "method"), OBJECT_URLS)
def test_anonymous_users_get_the_login_page(client, objects, name, target, method):
    url = url_of(objects, name, target)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "target", "method"), OBJECT_URLS)
def test_another_districts_admin_gets_404(client_for, hst_admin, objects, name, target, method):
    response = getattr(client_for(hst_admin), method)(url_of(objects, name, target))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "target", "method"), OBJECT_URLS)
def test_a_balikpapan_coordinator_gets_404(client_for, balikpapan, objects, name, target, method):
    from kla_portal.models import Role
    from tests.conftest import make_user

    outsider = make_user("kaltim", Role.PROVINCE_COORDINATOR, province=balikpapan.province)
    response = getattr(client_for(outsider), method)(url_of(objects, name, target))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "target", "method"), OBJECT_URLS)
def test_read_only_roles_read_but_cannot_write(
    client_for, kalsel_coordinator, evaluator, objects, name, target, method
):
    for user in (kalsel_coordinator, evaluator):
        response = getattr(client_for(user), method)(url_of(objects, name, target))
        expected = 200 if name in READS else 403
        assert response.status_code == expected, (user, name, method)


def test_the_member_may_update_only_the_items_assigned_to_them(
    client_for, balangan_member, item, plan, other_member, today
):
    not_theirs = ActionItem.objects.create(
        plan=plan,
        activity="Bukan miliknya",
        due_date=today + timedelta(days=3),
        responsible_member=other_member,
    )
    client = client_for(balangan_member)

    assert client.get(reverse("trainings:item_update", args=[item.pk])).status_code == 200
    assert client.get(reverse("trainings:item_update", args=[not_theirs.pk])).status_code == 403
    assert client.get(reverse("trainings:item", args=[not_theirs.pk])).status_code == 200
    assert client.get(reverse("trainings:item_edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("trainings:plan_deactivate", args=[plan.pk])).status_code == 403


def test_another_districts_items_are_404_for_the_balangan_member(
    client_for, balangan_member, hst_world
):
    hst_plan, hst_item, hst_evidence = hst_world
    client = client_for(balangan_member)
    for url in (
        reverse("trainings:plan", args=[hst_plan.pk]),
        reverse("trainings:item", args=[hst_item.pk]),
        reverse("trainings:item_update", args=[hst_item.pk]),
        reverse("trainings:evidence", args=[hst_evidence.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_evidence_is_streamed_to_users_who_may_see_the_plan(
    client_for, kalsel_coordinator, evidence
):
    response = client_for(kalsel_coordinator).get(reverse("trainings:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_evidence_has_no_public_url(evidence, settings):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(evidence.file.url)
