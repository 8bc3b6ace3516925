"""Lifting a sign-in lock: the district's admin for its people, a superuser for anyone."""

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from kla_portal.access import can_unlock_account
from kla_portal.lockout_views import UNLOCKED
from kla_portal.models import Membership, Role

PAGE = reverse("locked_accounts", args=["63.11"])


def lock(username):
    for _ in range(5):
        Client().post(reverse("login"), {"username": username, "password": "salah"})
    assert AccessAttempt.objects.filter(username=username).exists()


def signs_in(username) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": "kata-sandi-uji"})
    return response.status_code == 302


def test_the_district_admin_sees_and_unlocks_a_locked_member(
    client_for, balangan_admin, balangan_member
):
    lock("gugus.balangan")
    client = client_for(balangan_admin)
    assert not signs_in("gugus.balangan")

    page = client.get(PAGE).content.decode()
    assert "Buka kunci gugus.balangan" in page
    response = client.post(PAGE, {"username": "gugus.balangan"}, follow=True)

    assert str(UNLOCKED % {"username": "gugus.balangan"}) in response.content.decode()
    assert 'data-testid="no-locked-accounts"' in response.content.decode()
    assert signs_in("gugus.balangan")


def test_another_districts_admin_can_neither_see_nor_unlock_them(
    client_for, hst_admin, balangan_member
):
    lock("gugus.balangan")
    client = client_for(hst_admin)

    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"username": "gugus.balangan"}).status_code == 404
    own_page = reverse("locked_accounts", args=["63.07"])
    assert client.post(own_page, {"username": "gugus.balangan"}).status_code == 404
    assert not signs_in("gugus.balangan")


def test_a_task_force_member_cannot_unlock_anyone(client_for, balangan_admin, balangan_member):
    lock("balangan")

    assert client_for(balangan_member).post(PAGE, {"username": "balangan"}).status_code == 403
    assert not signs_in("balangan")


def test_the_rule_a_superuser_for_anyone_an_admin_for_their_district_only(
    superuser, balangan_admin, balangan_member, hst_admin
):
    assert can_unlock_account(superuser, hst_admin)
    assert can_unlock_account(balangan_admin, balangan_member)
    assert not can_unlock_account(hst_admin, balangan_member)
    assert not can_unlock_account(balangan_admin, superuser)
    assert not can_unlock_account(balangan_member, balangan_admin)


def test_a_superuser_working_in_the_district_is_not_the_admins_to_unlock(
    client_for, balangan, balangan_admin, superuser
):
    Membership.objects.create(user=superuser, role=Role.DISTRICT_ADMIN, district=balangan)
    lock("root")
    client = client_for(balangan_admin)

    assert "Buka kunci root" not in client.get(PAGE).content.decode()
    assert client.post(PAGE, {"username": "root"}).status_code == 403
    assert not signs_in("root")
