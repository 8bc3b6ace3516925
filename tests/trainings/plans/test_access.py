"""Must show 2: a form's POST is refused like its page: the login page for anonymous
users, a 404 for another district's users, a 403 for read-only roles. The matrix
(tests/test_authorization_matrix.py) opens these forms with GET, and every other plan,
item and evidence URL with its own method, as every role; here the member may update
only their own items, and evidence is streamed, never public."""

from datetime import timedelta

import pytest
from django.urls import reverse

from trainings.plans.models import ActionItem

pytestmark = pytest.mark.django_db

# (url name, which object's pk or district code): forms the matrix reaches by GET only.
FORM_POSTS = [
    ("plans:plan_edit", "plan"),
    ("plans:item_create", "plan"),
    ("plans:item_edit", "item"),
    ("plans:item_update", "item"),
    ("plans:plan_create", "district"),
    ("plans:import_items", "district"),
]


@pytest.fixture
def objects(plan, item, balangan):
    return {"plan": plan.pk, "item": item.pk, "district": balangan.code}


def url_of(objects, name, target):
    return reverse(name, args=[objects[target]])


@pytest.mark.parametrize(("name", "target"), FORM_POSTS)
def test_anonymous_users_get_the_login_page(client, objects, name, target):
    url = url_of(objects, name, target)
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "target"), FORM_POSTS)
def test_another_districts_admin_gets_404(client_for, hst_admin, objects, name, target):
    response = client_for(hst_admin).post(url_of(objects, name, target))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "target"), FORM_POSTS)
def test_a_balikpapan_coordinator_gets_404(client_for, balikpapan, objects, name, target):
    from kla_portal.models import Role
    from tests.conftest import make_user

    outsider = make_user("kaltim", Role.PROVINCE_COORDINATOR, province=balikpapan.province)
    response = client_for(outsider).post(url_of(objects, name, target))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "target"), FORM_POSTS)
def test_read_only_roles_cannot_write(
    client_for, kalsel_coordinator, evaluator, objects, name, target
):
    for user in (kalsel_coordinator, evaluator):
        response = client_for(user).post(url_of(objects, name, target))
        assert response.status_code == 403, (user, name)


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

    assert client.get(reverse("plans:item_update", args=[item.pk])).status_code == 200
    assert client.get(reverse("plans:item_update", args=[not_theirs.pk])).status_code == 403
    assert client.get(reverse("plans:item", args=[not_theirs.pk])).status_code == 200
    assert client.get(reverse("plans:item_edit", args=[item.pk])).status_code == 403
    assert client.post(reverse("plans:plan_deactivate", args=[plan.pk])).status_code == 403


def test_another_districts_items_are_404_for_the_balangan_member(
    client_for, balangan_member, hst_world
):
    hst_plan, hst_item, hst_evidence = hst_world
    client = client_for(balangan_member)
    for url in (
        reverse("plans:plan", args=[hst_plan.pk]),
        reverse("plans:item", args=[hst_item.pk]),
        reverse("plans:item_update", args=[hst_item.pk]),
        reverse("plans:evidence", args=[hst_evidence.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_evidence_is_streamed_to_users_who_may_see_the_plan(
    client_for, kalsel_coordinator, evidence
):
    response = client_for(kalsel_coordinator).get(reverse("plans:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_evidence_has_no_public_url(evidence, settings):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(evidence.file.url)
