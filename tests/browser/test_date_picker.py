"""Issue 17: a date box gets a calendar that writes dd/mm/yyyy; typing still works."""

import os
from datetime import date

import pytest
from playwright.sync_api import expect

from kla_portal.models import Role
from tests.conftest import make_user
from trainings.models import Training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]  # fmt: skip
SHOTS = os.environ.get("KLA_SHOTS")  # a folder: save the picker's screenshots there


def test_a_date_is_picked_from_the_calendar_and_saved_as_dd_mm_yyyy(
    live_server, page, login, balangan, sectors
):
    make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
    login("balangan")
    today = date.today()

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/kabupaten/63.11/pelatihan/baru/")
    page.get_by_label("Judul").fill("Pelatihan KHA Sekolah")
    page.get_by_label("Tanggal mulai").click()
    calendar = page.locator(".flatpickr-calendar.open")
    month = calendar.locator(".flatpickr-monthDropdown-months option:checked")
    expect(month).to_have_text(MONTHS[today.month - 1])
    if SHOTS:
        page.wait_for_timeout(400)  # the calendar fades in
        page.screenshot(path=f"{SHOTS}/date-picker-360.png")
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text="15").click()
    expect(page.get_by_label("Tanggal mulai")).to_have_value(f"15/{today:%m/%Y}")
    # Typing keeps working: the calendar reads and keeps what the officer wrote.
    page.get_by_label("Tanggal selesai").fill(f"16/{today:%m/%Y}")
    page.get_by_label("Tempat").fill("Paringin")
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_test_id("training-dates")).to_contain_text(
        f"15/{today:%m/%Y} – 16/{today:%m/%Y}"
    )
    training = Training.objects.get(title="Pelatihan KHA Sekolah")
    assert (training.start_date, training.end_date) == (
        today.replace(day=15),
        today.replace(day=16),
    )
    if SHOTS:
        page.set_viewport_size({"width": 1366, "height": 800})
        page.goto(f"{live_server.url}/kabupaten/63.11/pelatihan/baru/")
        page.get_by_label("Tanggal mulai").click()
        page.wait_for_timeout(400)
        page.screenshot(path=f"{SHOTS}/date-picker-1366.png")
