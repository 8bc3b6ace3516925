"""The API's docs page works under the site's Content Security Policy, from its own files."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_without_outside_requests(live_server, page):
    outside, refused = [], []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )

    page.goto(f"{live_server.url}/api/v1/docs/")

    expect(page.get_by_role("heading", name="KLA Portal API")).to_be_visible()
    expect(page.get_by_text("/api/v1/districts/{code}/").first).to_be_visible()
    assert outside == []
    assert refused == []
