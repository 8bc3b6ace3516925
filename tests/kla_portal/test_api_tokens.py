"""Personal API tokens: made on the token page, shown once, stored hashed, revoked."""

import hashlib

import pytest
from django.urls import reverse

from kla_portal import tokens
from kla_portal.models import ApiToken
from kla_portal.token_views import TOKEN_REVOKED

pytestmark = pytest.mark.django_db


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_a_token_made_on_the_page_reads_the_districts_scores(client, balangan_admin):
    client.force_login(balangan_admin)

    page = client.post(reverse("api_tokens"), {"name": "dasbor"}).content.decode()

    token = ApiToken.objects.get(user=balangan_admin)
    raw = page.split('data-testid="new-token"')[1].split("<code")[1].split(">")[1].split("<")[0]
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in client.get(reverse("api_tokens")).content.decode()  # shown once
    client.logout()
    response = client.get(reverse("api:district", args=["63.11"]), headers=_bearer(raw))
    assert response.status_code == 200
    assert response.json()["code"] == "63.11"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401(client, balangan_admin):
    token, raw = tokens.create_token(user=balangan_admin, name="skrip")
    client.force_login(balangan_admin)

    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)

    assert str(TOKEN_REVOKED % {"name": "skrip"}) in response.content.decode()
    client.logout()
    url = reverse("api:districts")
    assert client.get(url, headers=_bearer(raw)).status_code == 401


def test_nobody_revokes_another_users_token(client, balangan_admin, hst_admin):
    token, raw = tokens.create_token(user=balangan_admin, name="skrip")
    client.force_login(hst_admin)

    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404

    client.logout()
    assert client.get(reverse("api:districts"), headers=_bearer(raw)).status_code == 200


@pytest.mark.parametrize("raw", ["", "kla_x", "kla_00000000_wrong", "Token abc"])
def test_a_malformed_or_unknown_token_gets_401(client, balangan_admin, raw):
    tokens.create_token(user=balangan_admin, name="skrip")

    assert client.get(reverse("api:districts"), headers=_bearer(raw)).status_code == 401


def test_an_inactive_users_token_gets_401(client, balangan_admin):
    _token, raw = tokens.create_token(user=balangan_admin, name="skrip")
    balangan_admin.is_active = False
    balangan_admin.save(update_fields=["is_active"])

    assert client.get(reverse("api:districts"), headers=_bearer(raw)).status_code == 401
