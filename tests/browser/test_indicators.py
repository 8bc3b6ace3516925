"""Must show 4: the officer fills part of an assessment, accepts a derived suggestion and
submits; the province coordinator verifies one item with a comment; the dashboard updates."""

from datetime import date

import pytest
from playwright.sync_api import expect

from indicators import workflow
from stakeholders.models import TaskForce

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(balangan, balangan_admin, kalsel_coordinator, framework, sectors):
    TaskForce.objects.create(
        district=balangan,
        decree_number="188.45/137/Kum/2024",
        decree_date=date(2024, 3, 18),
        valid_from=date(2024, 3, 18),
    )
    return workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)


def test_fill_accept_submit_verify_and_see_the_dashboard_update(draft, login, page, live_server):
    page.on("dialog", lambda dialog: dialog.accept())
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Penilaian Kabupaten Balangan 2025")

    # Indicator 2, butir 4: meetings 1-4 times a year -> partly met.
    meetings = page.locator('[data-testid="item"][data-code="2.4"]')
    meetings.get_by_label("Sebagian").check()
    meetings.get_by_label("Catatan butir 2.4").fill("Tiga rapat koordinasi pada 2024")
    meetings.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Butir 2.4 disimpan.")

    # Butir 2.1: the app knows the task-force decree is valid.
    decree = page.locator('[data-testid="item"][data-code="2.1"]')
    expect(decree.get_by_test_id("suggestion")).to_contain_text("SK 188.45/137/Kum/2024")
    decree.get_by_role("button", name="Terima usulan").click()
    expect(page.get_by_role("alert")).to_contain_text("Usulan diterima untuk butir 2.1.")
    decree = page.locator('[data-testid="item"][data-code="2.1"]')
    expect(decree.get_by_test_id("self-status")).to_have_text("Terpenuhi")
    # 50 x (2 x 1 + 1 x 0.5) / 7.5 = 16.67
    expect(page.get_by_test_id("self-total")).to_contain_text("16.67")

    page.get_by_role("button", name="Tandai sudah diperiksa Dinas PPPA").click()
    page.get_by_label("Nama ketua gugus tugas").fill("Sekretaris Daerah Kabupaten Balangan")
    page.get_by_role("button", name="Catat persetujuan ketua").click()
    page.get_by_role("button", name="Ajukan ke provinsi").click()
    expect(page.get_by_role("alert")).to_contain_text("Penilaian diajukan ke provinsi.")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Diajukan")

    page.context.clear_cookies()
    login("kalsel")
    page.goto(f"{live_server.url}/penilaian/{draft.pk}/verifikasi/")
    meetings = page.locator('[data-testid="item"][data-code="2.4"]')
    meetings.get_by_label("Status verifikasi").select_option(label="Belum terpenuhi")
    meetings.get_by_label("Komentar verifikator").fill("Notulen rapat tidak dilampirkan")
    meetings.get_by_role("button", name="Simpan verifikasi").click()
    expect(page.get_by_role("alert")).to_contain_text("Verifikasi butir 2.4 disimpan.")
    meetings = page.locator('[data-testid="item"][data-code="2.4"]')
    expect(meetings.get_by_test_id("verifier-comment")).to_contain_text(
        "Notulen rapat tidak dilampirkan"
    )

    page.goto(f"{live_server.url}/kabupaten/63.11/indikator/")
    expect(page.get_by_test_id("self-score")).to_contain_text("16.67")
    # Verified: 2.4 not met -> 50 x 2 / 7.5 = 13.33
    expect(page.get_by_test_id("verified-score")).to_contain_text("13.33")
    expect(page.get_by_test_id("verified-score")).to_contain_text("Belum berpredikat")
