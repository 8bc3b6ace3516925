"""Guessing passwords beyond one account: a spray across usernames, and the password-change form."""

from django.test import override_settings
from django.urls import reverse

from kla_portal.models import Role
from tests.conftest import make_user

LOCKED_OUT = "Akun dikunci sementara"


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=20)
def test_a_password_sprayed_over_30_usernames_from_one_address_is_throttled_at_the_limit(
    client, balangan_admin
):
    url = reverse("login")
    statuses = [
        client.post(url, {"username": f"pengguna{i}", "password": "Rahasia2025"}).status_code
        for i in range(30)
    ]

    # Nineteen plain refusals, the twentieth locks the address, and it stays locked:
    assert statuses == [200] * 19 + [429] * 11
    # ... even for a real account with its right password, from that address,
    response = client.post(url, {"username": "balangan", "password": "kata-sandi-uji"})
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    # but not from another one.
    response = client.post(
        url, {"username": "balangan", "password": "kata-sandi-uji"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_a_lockout_of_a_districts_account_enters_its_activity_log(
    client, client_for, balangan_admin, balangan
):
    make_user("gugus.balangan.2", Role.TASK_FORCE_MEMBER, district=balangan)
    for _ in range(5):
        client.post(reverse("login"), {"username": "gugus.balangan.2", "password": "salah"})

    log = client_for(balangan_admin).get(reverse("activity_log", args=["63.11"]))

    entry = log.context["entries"][0]
    assert (entry.who, entry.action, entry.object_type, entry.object_label) == (
        "gugus.balangan.2",
        "dikunci setelah gagal masuk berulang",
        "Kunci akun",
        "gugus.balangan.2 (127.0.0.1)",
    )


def test_wrong_old_passwords_on_the_password_change_form_lock_like_logins(
    client_for, balangan_admin
):
    client = client_for(balangan_admin)
    url = reverse("password_change")
    wrong = {
        "old_password": "salah",
        "new_password1": "Baru-sekali-2025",
        "new_password2": "Baru-sekali-2025",
    }
    statuses = [client.post(url, wrong).status_code for _ in range(5)]
    assert statuses == [200] * 4 + [429]

    # The right old password no longer helps, and the sign-in is locked too.
    right = dict(wrong, old_password="kata-sandi-uji")
    response = client.post(url, right)
    assert response.status_code == 429
    balangan_admin.refresh_from_db()
    assert balangan_admin.check_password("kata-sandi-uji")
    client.logout()
    response = client.post(reverse("login"), {"username": "balangan", "password": "kata-sandi-uji"})
    assert response.status_code == 429
