"""Playwright against the live server, on the system Chromium.

Playwright's sync API runs an asyncio loop in the test thread, where Django's ORM
refuses to run unless told it is safe: the test and the live server only take
turns. Set here, at import (collection), so plain ``pytest`` runs these tests as
``make test`` does.
"""

import os

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _fail_fast(page):
    """Twenty seconds: ample on loopback even on the slowest CI machine we have seen (three
    workers, three browsers and LibreOffice on two slow cores), where 10 s once ran out on
    the 500 KB verification page; the default 30 s only slows a failing run."""
    page.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, the page as the browser had it: its address, title and text.

    A journey that fails only in CI cannot be rerun there; this is what it saw.
    """
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.failed and call.when == "call" and page is not None:
        try:
            text = page.locator("body").inner_text(timeout=2_000)
            seen = f"{page.url}\n{page.title()}\n\n{text[:4000]}"
        except Exception as error:  # the page itself may be what broke
            seen = f"{page.url}\n(the page could not be read: {error})"
        report.sections.append(("The page when the test failed", seen))
    return report


@pytest.fixture
def login(live_server, page):
    """``login(username)``: sign in through the real form, as a person would."""

    def sign_in(username, password="kata-sandi-uji"):
        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Sandi", exact=False).fill(password)
        page.get_by_role("button", name="Masuk").click()
        return page

    return sign_in
