"""Must-show 3: log a 3-day training, add people, mark day 2, enter post-tests, see the report."""

import re

import pytest
from playwright.sync_api import expect

from kla_portal.models import Role
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_runs_a_training_from_the_browser(live_server, page, login, balangan, sectors):
    make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)
    login("balangan")

    page.goto(f"{live_server.url}/kabupaten/63.11/pelatihan/baru/")
    page.get_by_label("Judul").fill("Pelatihan KHA Sekolah")
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Tanggal mulai").fill("19/08/2025")
    page.get_by_label("Tanggal selesai").fill("21/08/2025")
    page.get_by_label("Tempat").fill("Mahligai Mayang Maurai, Paringin")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("training-dates")).to_contain_text("19/08/2025 – 21/08/2025")

    page.get_by_role("link", name="Tambah sekaligus").click()
    page.get_by_label("Peserta, satu per baris").fill(
        "Siti Aminah; P; SDN Paringin 1; 0812 3456 7890\n"
        "Ahmad Fauzi; L; Puskesmas Juai; 0813 1111 2222\n"
        "Rina Marlina; Perempuan; Radio Suara Balangan; +62 812 9999 0000"
    )
    page.get_by_role("button", name="Tambahkan").click()
    expect(page.get_by_test_id("participants").locator("tbody tr")).to_have_count(3)

    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("link", name=re.compile(r"Hari 2")).click()
    # The tick box, not the reason beside it (labelled "Alasan Siti Aminah tidak hadir").
    page.get_by_role("checkbox", name=re.compile("Siti Aminah")).check()
    page.get_by_role("checkbox", name=re.compile("Rina Marlina")).check()
    page.get_by_label("Alasan Ahmad Fauzi tidak hadir").select_option("sakit")
    expect(page.locator("[data-present-count]")).to_have_text("2")
    page.get_by_role("button", name="Simpan kehadiran").click()
    expect(page.get_by_role("alert")).to_contain_text("Kehadiran hari 2 disimpan: 2 hadir.")
    expect(page.get_by_label("Alasan Ahmad Fauzi tidak hadir")).to_have_value("sakit")
    expect(page.get_by_label("Alasan Siti Aminah tidak hadir")).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Kembali ke pelatihan").click()
    page.get_by_role("link", name="Isi nilai pre/post-test").click()
    page.get_by_label("Post-test Siti Aminah").fill("85,5")
    page.get_by_label("Post-test Ahmad Fauzi").fill("70")
    page.get_by_label("Pre-test Siti Aminah").fill("60")
    page.get_by_role("button", name="Simpan nilai").click()
    expect(page.get_by_role("alert")).to_contain_text("Nilai disimpan (2 peserta berubah).")

    page.get_by_role("link", name="Laporan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Laporan kegiatan")
    expect(page.get_by_test_id("report-totals")).to_contain_text("3 terdaftar, 2 hadir")
    expect(page.get_by_test_id("avg-post")).to_have_text("77,8")
    expect(page.get_by_test_id("avg-gain")).to_have_text("25,5")
    totals = page.locator('tr[data-sector="total"] td')
    expect(totals.nth(0)).to_have_text("1")  # registered men
    expect(totals.nth(1)).to_have_text("2")  # registered women
    expect(totals.nth(7)).to_have_text("2")  # present on day 2
