"""An agency answers its questions: the Dinas PPPA creates the Disdukcapil's operator, who sets
a password and, on a phone, answers two questions with a data matrix and sends them; the
Dinas PPPA returns one with a note and accepts the other; the operator reads the note, fixes
the answer and sends it again; once it is accepted the points are in the district's score.
Screenshots of the operator's pages at 375 px go to /tmp/shots15/."""

from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators import workflow
from indicators.models import AgencyAnswer, AssessmentFigures, ItemEvidence, ItemStatus
from stakeholders.agencies import create_default_agencies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots15")
PHONE = {"width": 375, "height": 812}
PASSWORD = "Akta-Kelahiran-2026"
CSV = b"kecamatan;lahir;berakta\nParingin;120;118\nJuai;95;90\n"
NOTE = "Angka 2025 belum sesuai data SIAK: periksa lagi."


def card(page, code):
    """A question on the operator's page."""
    return page.locator(f'[data-testid="question"][data-code="{code}"]')


def row(page, code):
    """A question on the district's assessment page."""
    return page.locator(f'[data-testid="item"][data-code="{code}"]')


def answer(page, code, label, figures, matrix_name):
    """Open a question from the operator's page, answer it with a data matrix, and send it."""
    card(page, code).get_by_role("link").last.click()
    page.locator("label.answer-option", has_text=label).click()
    for field, value in figures.items():
        page.get_by_label(field).fill(value)
    page.get_by_label("Matriks data").set_input_files(
        files=[{"name": matrix_name, "mimeType": "text/csv", "buffer": CSV}]
    )
    page.get_by_role("button", name="Kirim ke Dinas PPPA").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Jawaban {code} dikirim ke Dinas PPPA.")


def test_an_agency_answers_and_the_dinas_pppa_accepts_one_and_returns_one(
    balangan, balangan_admin, login, page, browser, live_server
):
    SHOTS.mkdir(exist_ok=True)
    create_default_agencies(district=balangan, user=balangan_admin)
    draft = workflow.start_assessment(district=balangan, year=2026, user=balangan_admin)

    # The Dinas PPPA creates the Disdukcapil's operator and copies the set-password link.
    login("balangan")
    page.goto(f"{live_server.url}/kabupaten/63.11/perangkat-daerah/")
    capil = page.get_by_test_id("agency").filter(has_text="Dinas Kependudukan dan Pencatatan Sipil")
    capil.get_by_role("link", name="Buat akun operator").click()
    page.get_by_label("Nama pengguna").fill("capil.balangan")
    page.get_by_label("Nama lengkap").fill("Rina Wulandari")
    page.get_by_role("button", name="Buat akun").click()
    link = page.get_by_test_id("password-link").input_value()

    # The operator, on a phone, sets a password, signs in and lands on its questions.
    phone = browser.new_context(viewport=PHONE)
    operator = phone.new_page()
    operator.set_default_timeout(10_000)
    operator.goto(link)
    operator.locator("input[name=new_password1]").fill(PASSWORD)
    operator.locator("input[name=new_password2]").fill(PASSWORD)
    operator.get_by_role("button", name="Simpan kata sandi").click()
    operator.goto(f"{live_server.url}/akun/masuk/")
    operator.get_by_label("Nama pengguna").fill("capil.balangan")
    operator.get_by_label("Sandi", exact=False).fill(PASSWORD)
    operator.get_by_role("button", name="Masuk").click()
    expect(operator.get_by_role("heading", level=1)).to_have_text("Pertanyaan untuk Disdukcapil")
    expect(card(operator, "4.1")).to_contain_text("Angka: persentase 2025, persentase 2026")
    expect(card(operator, "17.1")).to_have_count(0)  # the Dinkes's question
    operator.screenshot(path=SHOTS / "operator-questions-375.png")
    operator.screenshot(path=SHOTS / "operator-questions-all-375.png", full_page=True)

    card(operator, "4.1").get_by_role("link").last.click()
    operator.screenshot(path=SHOTS / "operator-answer-form-375.png", full_page=True)
    operator.go_back()
    answer(
        operator,
        "4.1",
        "1/2",
        {"Persentase 2025": "70", "Persentase 2026": "91,5"},
        "akta-2026.csv",
    )
    answer(
        operator,
        "4.2",
        "3/4",
        {"Persentase 2025": "80", "Persentase 2026": "86"},
        "kia-2026.csv",
    )
    expect(card(operator, "4.1").get_by_test_id("state")).to_have_text(
        "Dikirim, menunggu Dinas PPPA"
    )

    # The Dinas PPPA returns 4.1 with a note and accepts 4.2.
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    expect(page.get_by_test_id("pending-count")).to_contain_text("2 jawaban perangkat daerah")
    returned = row(page, "4.1").get_by_test_id("agency-answer")
    expect(returned).to_contain_text("akta-2026.csv")
    row(page, "4.1").screenshot(path=SHOTS / "dinas-row-with-agency-answer.png")
    returned.locator("summary", has_text="Kembalikan").click()
    returned.get_by_label("Catatan untuk perangkat daerah").fill(NOTE)
    returned.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(page.locator(".alert-success")).to_contain_text("dikembalikan dengan catatan")
    row(page, "4.2").get_by_test_id("accept").click()
    expect(page.locator(".alert-success")).to_contain_text("diterima")
    expect(row(page, "4.2").get_by_label("3/4", exact=True)).to_be_checked()

    # The operator sees what came back and why, fixes it and sends it again.
    operator.reload()
    expect(card(operator, "4.1").get_by_test_id("return-note")).to_contain_text(NOTE)
    expect(card(operator, "4.2").get_by_test_id("state")).to_have_text("Diterima")
    operator.get_by_test_id("filters").get_by_role("link", name="Dikembalikan").click()
    expect(operator.get_by_test_id("question")).to_have_count(1)
    operator.screenshot(path=SHOTS / "operator-returned-375.png", full_page=True)
    card(operator, "4.1").get_by_role("link", name="Perbaiki jawaban").click()
    expect(operator.get_by_test_id("return-note")).to_contain_text(NOTE)
    expect(operator.get_by_test_id("files")).to_contain_text("akta-2026.csv")
    operator.locator("label.answer-option", has_text="Penuh").click()
    operator.get_by_label("Persentase 2025").fill("88,4")
    operator.screenshot(path=SHOTS / "operator-fixing-375.png", full_page=True)
    operator.get_by_role("button", name="Kirim ke Dinas PPPA").click()
    expect(operator.locator(".alert-success")).to_contain_text("Jawaban 4.1 dikirim")

    # Accepted, the agency's points are the district's.
    page.reload()
    row(page, "4.1").get_by_test_id("accept").click()
    expect(row(page, "4.1").get_by_label("Penuh", exact=True)).to_be_checked()
    expect(page.get_by_test_id("self-total")).to_contain_text("1.75")  # 1 + 3/4 of 1
    expect(page.get_by_test_id("answered")).to_contain_text("2/274 terjawab")
    # Not submitted: the district page shows no EM total yet.
    page.goto(f"{live_server.url}/kabupaten/63.11/indikator/?year=2026")
    expect(page.get_by_test_id("stage-em")).not_to_contain_text("1.75")

    assert AssessmentFigures.objects.get(assessment=draft).total == Decimal("1.75")
    answers = AgencyAnswer.objects.filter(item__assessment=draft).order_by("item__item__code")
    assert [(a.item.item.code, a.status, a.answer) for a in answers] == [
        ("1", AgencyAnswer.Status.ACCEPTED, ItemStatus.MET),
        ("2", AgencyAnswer.Status.ACCEPTED, ItemStatus.THREE_QUARTERS),
    ]
    assert ItemEvidence.objects.filter(agency__short_name="Disdukcapil").count() == 2
    operator.goto(f"{live_server.url}/")
    operator.screenshot(path=SHOTS / "operator-done-375.png", full_page=True)
    phone.close()
