"""Signing in again, in a browser (issue 17): a password reset through the emailed link, a
locked account its admin unlocks signing in at once, and a searchable picker on a long list.

One journey, so the live server's world is built once."""

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from stakeholders.models import Institution
from trainings import actions
from trainings.models import Participant, Training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Sungai-Balangan-2026"


def long_institution_list(district, sector):
    Institution.objects.bulk_create(
        Institution(district=district, sector=sector, name=f"SD Negeri {n} Paringin")
        for n in range(1, 31)
    )


def test_reset_a_password_unlock_a_member_and_pick_from_a_long_list(
    balangan, balangan_admin, balangan_member, sectors, login, page, live_server
):
    long_institution_list(balangan, sectors["sekolah"])
    training = actions.save_training(
        user=balangan_admin,
        district=balangan,
        title="Pelatihan KHA",
        kind=Training.Kind.PELATIHAN,
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 19),
        venue="Paringin",
        status=Training.Status.HELD,
    )
    for _ in range(5):
        Client().post("/akun/masuk/", {"username": "gugus.balangan", "password": "salah"})

    # "Lupa sandi?": the emailed link sets a new password, which signs in.
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_role("link", name="Lupa sandi?").click()
    page.get_by_label("Email").fill("balangan@example.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_test_id("reset-sent")).to_be_visible()
    page.goto(re.search(r"https?://\S+/akun/sandi/atur/\S+/", mail.outbox[0].body).group(0))
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kata sandi disimpan")
    login("balangan", NEW_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/kabupaten/63.11/")

    # The institution picker: typed into, not scrolled through.
    page.goto(f"{live_server.url}/pelatihan/{training.pk}/peserta/tambah/")
    page.locator("#id_name").fill("Rina Marlina")
    page.get_by_role("combobox", name="Lembaga").fill("negeri 27")
    page.get_by_role("listbox", name="Lembaga").get_by_role("option", name="SD Negeri 27").click()
    # The choice reached the form's own select (Tom Select keeps it): then save.
    sdn_27 = Institution.objects.get(name="SD Negeri 27 Paringin")
    expect(page.locator("select#id_institution")).to_have_value(str(sdn_27.pk))
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pelatihan KHA")
    participant = Participant.objects.select_related("person__institution").get()
    assert participant.person.institution.name == "SD Negeri 27 Paringin"

    # The locked member, unlocked by their admin, signs in at once.
    page.goto(f"{live_server.url}/kabupaten/63.11/akun-terkunci/")
    page.get_by_role("button", name="Buka kunci gugus.balangan").click()
    expect(page.get_by_test_id("no-locked-accounts")).to_be_visible()
    page.context.clear_cookies()
    login("gugus.balangan")
    expect(page).to_have_url(f"{live_server.url}/kabupaten/63.11/")
