"""Issue 16, must show 1: the district submits its EM; the province opens it from its queue
and returns two questions with notes; the district sees the bell's count and the notice,
fixes them and resubmits; the province completes the VA; only then do the VA total and
category appear on the district, province and national pages and in the workbook."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from indicators import workflow
from indicators.models import AssessmentStage, ItemAssessment, ItemStatus, Stage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(assessment, code: str) -> ItemAssessment:
    indicator, question = code.split(".")
    return ItemAssessment.objects.get(
        assessment=assessment, item__indicator__code=indicator, item__code=question
    )


@pytest.fixture
def signed_off(balangan, balangan_admin, kalsel_coordinator, evaluator):
    """Balangan's 2025 EM, three questions answered, checked and signed off, ready to go."""
    assessment = workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)
    for code, status in (("1.1", ItemStatus.MET), ("2.1", ItemStatus.MET), ("2.4", "partly")):
        workflow.fill_item(
            item=answer(assessment, code), user=balangan_admin, status=status, notes="Ada"
        )
    workflow.review_assessment(assessment=assessment, user=balangan_admin)
    workflow.sign_off(assessment=assessment, user=balangan_admin, chair_name="Sekda Balangan")
    return assessment


def question(page, code):
    return page.locator(f'[data-testid="item"][data-code="{code}"]')


def va_total(page, url):
    """The VA's total on the workbook's summary sheet (None while blank)."""
    response = page.request.get(url)
    assert response.ok
    sheet = load_workbook(io.BytesIO(response.body()), read_only=True)["Ringkasan"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("VA")
    total = next(row for row in rows if row[0] == "Total nilai")
    return total[column] if column < len(total) else None  # trailing blanks are not read


def test_em_submitted_va_returns_two_questions_fixed_resubmitted_and_completed(
    signed_off, login, page, live_server
):
    page.on("dialog", lambda dialog: dialog.accept())
    url = live_server.url
    district_page = f"{url}/kabupaten/63.11/indikator/?year=2025"
    workbook = f"{url}/kabupaten/63.11/ekspor/2025.xlsx"

    # The district submits its EM: the submit button says what is still missing.
    login("balangan")
    page.goto(f"{url}{signed_off.get_absolute_url()}")
    submit = page.get_by_test_id("submit")
    expect(submit).to_contain_text("271 pertanyaan belum dijawab")
    submit.click()
    expect(page.get_by_role("alert")).to_contain_text("Penilaian diajukan ke provinsi.")
    em_total = AssessmentStage.objects.get(assessment=signed_off, stage=Stage.EM).total
    assert em_total is not None

    # The province finds it waiting and returns two questions with notes.
    page.context.clear_cookies()
    login("kalsel")
    expect(page.get_by_test_id("waiting")).to_be_visible()
    page.get_by_test_id("waiting").click()
    page.get_by_test_id("queue-row").filter(has_text="Balangan").first.click()
    expect(page).to_have_url(re.compile(r"/penilaian/\d+/verifikasi/"))
    for code, note in (("2.4", "RAD KLA tidak dilampirkan"), ("1.1", "Unggah salinan Perda")):
        row = question(page, code)
        row.get_by_text("Kembalikan butir ini ke daerah").click()
        row.get_by_label("Komentar untuk daerah").fill(note)
        row.get_by_role("button", name="Kembalikan butir").click()
        # The page after the redirect: the question carries its badge (and the next one is
        # looked for there, not on the page being left).
        expect(question(page, code).locator(".badge", has_text="dikembalikan")).to_be_visible()
    # Nothing of the VA shows while it runs, though questions have been looked at.
    page.goto(district_page)
    expect(page.get_by_test_id("stage-em")).to_contain_text(f"{em_total:.2f}")
    expect(page.get_by_test_id("stage-va")).to_contain_text("dikembalikan")
    assert va_total(page, workbook) is None

    # The district sees the count on the bell and the notices, fixes both and resubmits.
    page.context.clear_cookies()
    login("balangan")
    expect(page.get_by_test_id("bell")).to_contain_text("2")
    page.get_by_test_id("bell").click()
    notices = page.get_by_test_id("notice")
    expect(notices.filter(has_text="2.4")).to_contain_text("RAD KLA tidak dilampirkan")
    expect(notices.filter(has_text="1.1")).to_contain_text("Unggah salinan Perda")
    page.goto(f"{url}{signed_off.get_absolute_url()}")
    expect(page.get_by_test_id("returned")).to_contain_text("2 pertanyaan dikembalikan")
    question(page, "2.4").locator("label", has_text="Penuh").click()
    question(page, "1.1").get_by_label("Catatan 1.1").fill("Perda 3/2021, salinan terunggah")
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    page.get_by_test_id("resubmit").click()
    expect(page.get_by_role("alert")).to_contain_text("2")

    # The province accepts the fixes and completes the VA.
    page.context.clear_cookies()
    login("kalsel")
    page.goto(f"{url}/penilaian/{signed_off.pk}/verifikasi/")
    expect(page.get_by_test_id("resubmitted")).to_contain_text("2.4")
    question(page, "2.4").get_by_test_id("accept-form").get_by_role("button").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.get_by_test_id("finish-va").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    va = AssessmentStage.objects.get(assessment=signed_off, stage=Stage.VA)
    assert va.status == AssessmentStage.Status.COMPLETED
    shown = f"{va.total:.2f}"

    # Only now: the VA total and category on the district and province pages, the workbook...
    page.goto(district_page)
    expect(page.get_by_test_id("stage-va")).to_contain_text(shown)
    expect(page.get_by_test_id("stage-va")).to_contain_text(va.get_category_display())
    page.goto(f"{url}/indikator/provinsi/63/?year=2025")
    expect(page.locator('[data-testid="ranking-row"][data-code="63.11"]')).to_contain_text(shown)
    assert va_total(page, workbook) == pytest.approx(float(va.total))
    # ... and on the national page.
    page.context.clear_cookies()
    login("evaluator")
    page.goto(f"{url}/indikator/?year=2025")
    expect(page.locator('[data-testid="ranking-row"][data-code="63.11"]')).to_contain_text(shown)
