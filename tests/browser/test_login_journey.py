import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_district_admin_logs_in_and_lands_on_their_district_in_indonesian(
    balangan_admin, login, live_server
):
    page = login("balangan")

    expect(page).to_have_url(f"{live_server.url}/kabupaten/63.11/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kabupaten Balangan")
    expect(page.get_by_test_id("user-region")).to_contain_text("Admin Dinas PPPA")


def test_a_phone_user_reaches_the_menu(balangan_member, login, page):
    page.set_viewport_size({"width": 360, "height": 740})
    login("gugus.balangan")

    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("button", name="Keluar")).to_be_hidden()
    expect(page.get_by_test_id("user-region")).to_be_visible()
