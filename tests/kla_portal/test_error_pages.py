"""The error pages: in the app's layout and language, saying what happened, with the way home.

pytest-django runs with DEBUG=False, so these are the pages a user sees in production.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

NOT_FOUND = "Halaman tidak ditemukan"
FORBIDDEN = "Anda tidak punya akses ke halaman ini"
WHO_GRANTS = "minta admin Dinas PPPA kabupaten/kota Anda menambahkan peran yang sesuai"
SERVER_ERROR = "Terjadi kesalahan di server"
CSRF_FAILED = "Formulir tidak bisa dikirim"
HOME_LINK = 'href="/" data-testid="home-link"'


def assert_error_page(html: str, heading: str) -> None:
    assert '<html lang="id">' in html
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in html
    assert html.count("<h1") == 1
    assert HOME_LINK in html
    assert "css/app.css" in html


def test_an_unknown_address_is_a_404_in_the_apps_layout(client, db):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert_error_page(response.content.decode(), NOT_FOUND)


def test_a_page_of_another_role_is_a_403_that_says_who_grants_access(client_for, balangan_member):
    response = client_for(balangan_member).get(reverse("activity_log", args=["63.11"]))

    assert response.status_code == 403
    html = response.content.decode()
    assert_error_page(html, FORBIDDEN)
    assert WHO_GRANTS in html
    assert "superuser Portal KLA" in html
    assert "gugus.balangan" in html  # the layout's user menu: still signed in


def test_the_500_page_renders_without_the_database_or_a_request():
    """No ``db`` fixture: a query here would raise. Django renders 500.html without context."""
    with translation.override("id"):  # LocaleMiddleware's part, in a full request
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert_error_page(response.content.decode(), SERVER_ERROR)


def test_a_failed_csrf_check_says_to_reload_the_form(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert_error_page(response.content.decode(), CSRF_FAILED)


@pytest.mark.parametrize("path", ["/tidak-ada/"])
def test_an_english_user_gets_the_page_in_english_layout(client, db, path):
    client.cookies["django_language"] = "en"

    response = client.get(path)

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
