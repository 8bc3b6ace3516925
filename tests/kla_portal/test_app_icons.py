"""The installable app's files: manifest, service worker and favicon answer everyone."""

import json

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_portal_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Portal KLA"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert b'const CONFIG = {"logout": "/akun/keluar/"' in response.content


def test_favicon_ico_leads_to_the_icon_instead_of_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/icons/favicon.ico"
    assert finders.find("icons/favicon.ico")


def test_every_page_links_the_icons_and_the_manifest(client):
    page = client.get("/akun/masuk/").content.decode()
    for link in (
        'rel="manifest" href="/manifest.webmanifest"',
        'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"',
        'rel="icon" href="/static/icons/favicon.ico"',
    ):
        assert link in page
