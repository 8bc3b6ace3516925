"""The officer's weeks on 274 questions: answers in many indicators saved at once, in the
background and before leaving, a bad figure refused with the input kept, and last
framework's assessments opening with their old score. Screenshots of the page at phone
and desktop width go to /tmp/shots/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from indicators import workflow
from indicators.models import ItemAssessment, ItemStatus
from tests.indicators.filling import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")

# Ten questions across three indicators (1, 4 and 17): (code, answer label, the answer).
TEN = [
    ("1.1", "3/4", ItemStatus.THREE_QUARTERS),
    ("1.2a", "Penuh", ItemStatus.MET),
    ("1.2b", "1/4", ItemStatus.QUARTER),
    ("1.2c", "0", ItemStatus.NOT_MET),
    ("4.1", "1/2", ItemStatus.PARTLY),
    ("4.2", "Penuh", ItemStatus.MET),
    ("4.3", "3/4", ItemStatus.THREE_QUARTERS),
    ("17.1", "Penuh", ItemStatus.MET),
    ("17.5", "Tidak", ItemStatus.NOT_MET),
    ("17.6", "Ya", ItemStatus.MET),
]


@pytest.fixture
def draft(balangan, balangan_admin):
    return workflow.start_assessment(district=balangan, year=2026, user=balangan_admin)


def question(page, code):
    return page.locator(f'[data-testid="item"][data-code="{code}"]')


def answer(page, code, label):
    question(page, code).locator("label.answer-option", has_text=label).first.click()


def stored(assessment, code):
    indicator, number = code.split(".")
    return ItemAssessment.objects.get(
        assessment=assessment, item__indicator__code=indicator, item__code=number
    )


def test_ten_answers_in_three_indicators_are_saved_by_one_press(draft, login, page, live_server):
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")

    for code, label, _status in TEN:
        answer(page, code, label)
    question(page, "4.1").get_by_label("Persentase 2025").fill("88,4")
    question(page, "4.1").get_by_label("Persentase 2026").fill("91")
    expect(page.get_by_test_id("save-status")).to_contain_text("Belum tersimpan (10)")
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")

    page.reload()
    for code, label, status in TEN:
        expect(question(page, code).get_by_label(label, exact=True)).to_be_checked()
        assert stored(draft, code).self_status == status
    expect(question(page, "4.1").get_by_label("Persentase 2026")).to_have_value("91")
    expect(page.get_by_test_id("answered")).to_contain_text("10/274 terjawab")
    expect(page.get_by_test_id("index")).to_contain_text("3/7")  # indicator 4: three of seven


def test_an_answer_is_saved_in_the_background_without_pressing_save(
    draft, login, page, live_server
):
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")

    answer(page, "2.1", "Penuh")
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan", timeout=8_000)

    assert stored(draft, "2.1").self_status == ItemStatus.MET


def test_leaving_with_an_unsaved_answer_asks_first(draft, login, page, live_server):
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    answer(page, "1.1", "Penuh")
    page.get_by_role("link", name="Kesiapan KLA").first.click()

    assert dialogs == ["beforeunload"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Penilaian Kabupaten Balangan 2026")
    expect(question(page, "1.1").get_by_label("Penuh")).to_be_checked()
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    page.get_by_role("link", name="Kesiapan KLA").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kesiapan KLA")
    assert dialogs == ["beforeunload"]  # nothing left unsaved: no question


def test_a_bad_figure_is_refused_and_the_input_stays(draft, login, page, live_server):
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")

    answer(page, "1.1", "Penuh")
    answer(page, "4.1", "1/2")
    question(page, "4.1").get_by_label("Persentase 2026").fill("120")
    page.get_by_role("button", name="Simpan semua perubahan").click()

    expect(question(page, "4.1").get_by_test_id("row-errors")).to_have_text(
        "4.1: persentase 2026 tidak boleh lebih dari 100%."
    )
    expect(page.get_by_test_id("save-status")).to_contain_text("Tidak disimpan")
    assert stored(draft, "1.1").self_status == ""
    question(page, "4.1").get_by_label("Persentase 2026").fill("92")
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    assert stored(draft, "1.1").self_status == ItemStatus.MET
    expect(question(page, "1.1").get_by_label("Penuh")).to_be_checked()


def test_the_filter_finds_the_questions_still_to_answer(draft, login, page, live_server):
    fill(draft, {"1.1": ItemStatus.MET})
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")

    page.get_by_role("link", name="Belum dijawab").click()

    expect(question(page, "1.1")).to_be_hidden()
    expect(question(page, "1.2a")).to_be_visible()
    assert page.url.endswith("?tampil=belum")


def test_a_draft_framework_assessment_opens_with_its_old_score(
    balangan, balangan_admin, login, page, live_server
):
    old = workflow.start_assessment(district=balangan, year=2023, user=balangan_admin)
    fill(old, {"2.1": ItemStatus.MET, "2.4": ItemStatus.PARTLY})
    login("balangan")
    page.goto(f"{live_server.url}{old.get_absolute_url()}")

    expect(page.get_by_test_id("draft-framework")).to_have_text("kerangka rancangan awal")
    # 50 x (2 x 1 + 1 x 0.5) / 7.5, the draft framework's weighted formula
    expect(page.get_by_test_id("self-total")).to_contain_text("16.67")
    expect(question(page, "2.4").get_by_label("Sebagian")).to_be_checked()


@pytest.mark.parametrize("width", [375, 1366])
def test_screenshots_of_the_page(draft, login, page, live_server, width):
    fill(draft, {"1.1": ItemStatus.MET, "1.2a": ItemStatus.PARTLY, "4.1": ItemStatus.MET})
    page.set_viewport_size({"width": width, "height": 800 if width < 1000 else 900})
    login("balangan")
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"assessment-{width}-top.png")

    answer(page, "1.2b", "3/4")
    question(page, "4.1").get_by_label("Persentase 2026").fill("101")
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tidak disimpan")
    question(page, "4.1").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"assessment-{width}-refused.png")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    expect(page.get_by_test_id("savebar")).to_be_in_viewport()

    question(page, "4.1").get_by_label("Persentase 2026").fill("93,5")
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    page.screenshot(path=SHOTS / f"assessment-{width}-saved.png")
    assert scroll <= width  # no sideways scroll


def test_next_year_starts_from_last_years_answers_until_each_is_confirmed(
    balangan, balangan_admin, login, page, live_server
):
    earlier = workflow.start_assessment(district=balangan, year=2025, user=balangan_admin)
    fill(earlier, {"1.1": ItemStatus.MET, "2.1": ItemStatus.PARTLY})
    login("balangan")
    page.goto(f"{live_server.url}/kabupaten/63.11/indikator/")
    page.get_by_text("Mulai penilaian baru").click()
    page.get_by_label("Tahun penilaian").fill("2026")
    expect(page.get_by_label("Mulai dari jawaban tahun 2025")).to_be_checked()
    page.get_by_role("button", name="Mulai penilaian").click()
    expect(page.get_by_role("alert")).to_contain_text("2 jawaban disalin dari 2025")

    page.get_by_role("link", name="Perlu diperbarui").click()
    carried = question(page, "1.1")
    expect(carried.get_by_test_id("carried")).to_have_text("dari 2025, perlu diperbarui")
    expect(carried.get_by_label("Penuh")).to_be_checked()
    carried.get_by_text("Konfirmasi: jawaban 2025 masih berlaku").click()
    page.get_by_role("button", name="Simpan semua perubahan").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Tersimpan")
    expect(carried.get_by_test_id("carried")).to_have_count(0)

    page.reload()
    expect(page.locator('[data-testid="carried"]')).to_have_count(1)  # 2.1 still to confirm
    expect(question(page, "2.1").get_by_test_id("carried")).to_be_visible()
