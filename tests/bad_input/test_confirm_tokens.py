"""Confirming an import needs the token of a file this very session uploaded.

A missing, forged or path-like token, or one from another session (even the
same user's), is refused with the "upload again" message and writes nothing.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from kla_portal.spreadsheets import NOT_A_SHEET
from stakeholders import views as stakeholder_views
from tests.bad_input import samples
from tests.bad_input.conftest import stash_files
from tests.bad_input.test_import_endpoints import ACTION_ITEMS, INSTITUTIONS, PARTICIPANTS
from trainings import views as training_views
from trainings.plans import views as plan_views


def institutions_confirm(client, request, token):
    data = {} if token is None else {"token": token}
    url = reverse("stakeholders:institution_import_confirm", args=["63.11"])
    return client.post(url, data, follow=True)


def action_items_confirm(client, request, token):
    plan = request.getfixturevalue("plan")
    data = {"plan": plan.pk} if token is None else {"plan": plan.pk, "token": token}
    return client.post(reverse("plans:import_items", args=["63.11"]), data, follow=True)


def participants_confirm(client, request, token):
    training = request.getfixturevalue("training")
    data = {} if token is None else {"token": token}
    return client.post(reverse("trainings:import_confirm", args=[training.pk]), data, follow=True)


CONFIRMS = {
    "institutions": (institutions_confirm, INSTITUTIONS, stakeholder_views.IMPORT_EXPIRED),
    "action_items": (action_items_confirm, ACTION_ITEMS, plan_views.IMPORT_EXPIRED),
    "participants": (participants_confirm, PARTICIPANTS, training_views.IMPORT_EXPIRED),
}


def token_from_another_session(endpoint, request, user):
    """A real token: the same user, signed in from another browser, previewed a valid file."""
    other = Client()
    other.force_login(user)
    upload = SimpleUploadedFile("daftar.xlsx", samples.xlsx(endpoint.rows(2)))
    response = endpoint.post(other, request, "daftar.xlsx", upload.read())
    if endpoint is INSTITUTIONS:
        return response.context["confirm_form"]["token"].value()
    return response.context["token"]


TOKENS = {
    "missing": lambda endpoint, request, user: None,
    "empty": lambda endpoint, request, user: "",
    "forged": lambda endpoint, request, user: "0123456789abcdef0123456789abcdef.xlsx",
    "path": lambda endpoint, request, user: "../../kla_portal/settings.py",
    "another_session": token_from_another_session,
}


@pytest.mark.parametrize("token_kind", TOKENS)
@pytest.mark.parametrize("endpoint_name", CONFIRMS)
def test_a_confirm_without_this_sessions_token_is_refused_and_writes_nothing(
    endpoint_name, token_kind, request, admin, balangan_admin, snapshot
):
    confirm, endpoint, expired = CONFIRMS[endpoint_name]
    for fixture in ("sectors", "plan", "training"):
        request.getfixturevalue(fixture)
    token = TOKENS[token_kind](endpoint, request, balangan_admin)
    before = snapshot()

    response = confirm(admin, request, token)

    assert response.status_code == 200
    before.assert_unchanged()
    html = response.content.decode()
    if endpoint is ACTION_ITEMS and not token:
        # No token at all is the upload form posted without a file.
        assert "file" in response.context["form"].errors
    else:
        assert escape(str(expired)) in html


def test_a_participant_upload_that_is_not_a_sheet_is_refused_before_it_is_stashed(
    admin, training, snapshot
):
    """The participant upload is stashed before its preview is read: checked first."""
    before = snapshot()

    upload = SimpleUploadedFile("daftar.xlsx", samples.PNG)
    response = admin.post(reverse("trainings:import", args=[training.pk]), {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [str(NOT_A_SHEET)]
    before.assert_unchanged()
    assert stash_files() == []
