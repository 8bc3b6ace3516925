"""No stage total is shown, exported or ranked before its stage is completed.

Balangan answers 1.1 (12 points), 2.1 (3) and 11.2 (9): its EM is 24.00. The province
finds 1.1 only half met: while the VA runs, the running verified total is 18.00 (the
figure row keeps it), which must appear nowhere until the province completes the VA.
Hulu Sungai Tengah's EM is 20.00: ranked by Balangan's EM it comes second, ranked by the
running VA it would come first.
"""

import io
from decimal import Decimal

import pandas as pd
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators import dashboard, exports, scoring, stages, standings, workflow
from indicators.models import AssessmentFigures, Category, ItemStatus, OfficialResult, Stage
from kla_portal.models import District
from tests.indicators.filling import fill

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
YEAR = 2025
EM_TOTAL, VA_TOTAL, HST_TOTAL = Decimal("24.00"), Decimal("18.00"), Decimal("20.00")


def submit(assessment, admin):
    workflow.review_assessment(assessment=assessment, user=admin)
    workflow.sign_off(assessment=assessment, user=admin, chair_name="Sekda")
    workflow.submit_assessment(assessment=assessment, user=admin)


def verify(assessment, code, status, user):
    indicator, question = code.split(".")
    item = assessment.items.get(item__indicator__code=indicator, item__code=question)
    workflow.verify_item(item=item, user=user, status=status, comment="")


@pytest.fixture
def drafts(start, balangan, hst, balangan_admin, hst_admin):
    balangan_draft = fill(
        start(balangan, YEAR, balangan_admin), dict.fromkeys(["1.1", "2.1", "11.2"], MET)
    )
    hst_draft = fill(start(hst, YEAR, hst_admin), dict.fromkeys(["1.1", "11.1", "11.3"], MET))
    return balangan_draft, hst_draft


@pytest.fixture
def va_running(drafts, balangan_admin, hst_admin, kalsel_coordinator):
    """Both EMs submitted; the province has verified one of Balangan's questions."""
    balangan_draft, hst_draft = drafts
    submit(balangan_draft, balangan_admin)
    submit(hst_draft, hst_admin)
    verify(balangan_draft, "1.1", PARTLY, kalsel_coordinator)
    assert AssessmentFigures.objects.get(assessment=balangan_draft).verified == VA_TOTAL
    return balangan_draft


@pytest.fixture
def va_completed(va_running, kalsel_coordinator):
    workflow.finish_verification(assessment=va_running, user=kalsel_coordinator)
    return va_running


# What each page and workbook shows for Balangan


def hub_card(client):
    html = client.get(reverse("district", args=["63.11"])).content.decode()
    card = html[html.index('data-testid="indicators-card"') :]
    return card[: card.index("list-group")]


def district_top(client):
    """The district page's stage cards and group table (the gap below lists points per
    question, 15.00 among them)."""
    response = client.get(reverse("indicators:district", args=["63.11"]))
    html = response.content.decode()
    return response.context["data"], html[
        html.index('data-testid="stage-cards"') : html.index('data-testid="gap"')
    ]


def ranking_row(client, url, **params):
    response = client.get(url, params)
    [row] = [r for r in response.context["table"] if r["code"] == "63.11"]
    html = response.content.decode()
    start = html.index('data-code="63.11"')
    return response, row, html[start : html.index("</tr>", start)]


def summary_rows(data: bytes) -> dict:
    sheet = load_workbook(io.BytesIO(data))["Ringkasan"]
    return {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}


def comparison(data: bytes):
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype={"Kode": str})
    return frames["Perbandingan Kabupaten Kota"].set_index("Kode")


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


# The EM


def test_the_em_total_appears_only_once_submitted(
    drafts, balangan, balangan_admin, evaluator, client_for
):
    balangan_draft, _hst = drafts
    client = client_for(balangan_admin)

    assert "24.00" not in hub_card(client)
    data, top = district_top(client)
    assert data.standing.cells[Stage.EM].total is None
    assert "24.00" not in top and "belum diajukan" in top
    _response, row, html = ranking_row(client_for(evaluator), reverse("indicators:national"))
    assert (row["rank"], row["cells"][0]) == (
        "",
        {"done": False, "text": "belum diajukan", "value": ""},
    )
    assert "24.00" not in html
    assert summary_rows(exports.district_workbook(balangan, YEAR, user=balangan_admin))[
        "Total nilai"
    ] == (None, None, None, None)

    submit(balangan_draft, balangan_admin)

    assert "24.00" in hub_card(client)
    data, top = district_top(client)
    assert data.standing.cells[Stage.EM].total == EM_TOTAL
    assert "24.00" in top
    _response, row, html = ranking_row(client_for(evaluator), reverse("indicators:national"))
    assert row["rank"] == 1 and row["cells"][0]["text"] == "24.00"
    rows = summary_rows(exports.district_workbook(balangan, YEAR, user=balangan_admin))
    assert money(rows["Total nilai"][0]) == EM_TOTAL


# The VA


def test_a_va_with_one_question_verified_shows_no_va_total_anywhere(
    va_running, balangan, kalsel, balangan_admin, kalsel_coordinator, evaluator, client_for
):
    client = client_for(balangan_admin)

    card = hub_card(client)
    assert "18.00" not in card
    assert "24.00" in card and "EM 2025" in card
    data, top = district_top(client)
    assert data.standing.cells[Stage.VA].total is None
    assert list(data.stage_cards) == [Stage.EM]
    assert "18.00" not in top
    va_card = top[top.index('data-testid="stage-va"') : top.index('data-testid="stage-vl"')]
    assert "berjalan" in va_card

    for user, url in (
        (kalsel_coordinator, reverse("indicators:province", args=["63"])),
        (evaluator, reverse("indicators:national")),
    ):
        _response, row, html = ranking_row(client_for(user), url)
        assert row["cells"][1] == {"done": False, "text": "berjalan", "value": ""}, url
        assert "18.00" not in html, url

    book = exports.district_workbook(balangan, YEAR, user=kalsel_coordinator)
    assert summary_rows(book)["Total nilai"][:2] == (float(EM_TOTAL), None)
    for data in (
        exports.province_workbook(kalsel, YEAR, user=kalsel_coordinator),
        exports.national_workbook(YEAR, user=evaluator),
    ):
        line = comparison(data).loc["63.11"]
        assert money(line["EM"]) == EM_TOTAL and pd.isna(line["VA"])


def test_the_running_va_does_not_rank_a_district(va_running, evaluator, client_for):
    rank = dashboard.ranking(District.objects.filter(province="63"), evaluator, YEAR)

    ranked = [(r.district.code, r.readiness) for r in rank.rows if r.rank]
    assert ranked == [("63.11", EM_TOTAL), ("63.07", HST_TOTAL)]
    response = client_for(evaluator).get(reverse("indicators:national"))
    assert [r["code"] for r in response.context["table"][:2]] == ["63.11", "63.07"]


def test_after_the_va_is_completed_its_total_and_category_appear_everywhere(
    va_completed, balangan, kalsel, balangan_admin, kalsel_coordinator, evaluator, client_for
):
    client = client_for(balangan_admin)
    none = str(Category.NONE.label)

    card = hub_card(client)
    assert "18.00" in card and "VA 2025" in card and none in card
    data, top = district_top(client)
    assert data.standing.cells[Stage.VA].total == VA_TOTAL
    assert list(data.stage_cards) == [Stage.EM, Stage.VA]
    va_card = top[top.index('data-testid="stage-va"') : top.index('data-testid="stage-vl"')]
    assert "18.00" in va_card and none in va_card

    province = reverse("indicators:province", args=["63"])
    _response, row, html = ranking_row(client_for(kalsel_coordinator), province)
    assert row["cells"][1] == {
        "done": True,
        "text": "18.00",
        "value": "18.00",
        "label": none,
        "css": "secondary",
    }
    # Ranked by its VA now, Balangan falls behind Hulu Sungai Tengah's EM.
    assert row["rank"] == 2
    national, row, html = ranking_row(client_for(evaluator), reverse("indicators:national"))
    assert row["cells"][1]["text"] == "18.00" and "18.00" in html

    rows = summary_rows(exports.district_workbook(balangan, YEAR, user=balangan_admin))
    assert rows["Total nilai"][:2] == (float(EM_TOTAL), float(VA_TOTAL))
    assert rows["Kategori"][:2] == (none, none)
    for data in (
        exports.province_workbook(kalsel, YEAR, user=kalsel_coordinator),
        exports.national_workbook(YEAR, user=evaluator),
    ):
        line = comparison(data).loc["63.11"]
        assert money(line["VA"]) == VA_TOTAL
        assert line["Peringkat"] == 2
        assert line["Kategori tahap terakhir"] == none


def test_the_frozen_va_total_stays_as_it_was_after_a_later_edit_of_a_question(
    va_completed, balangan, kalsel, balangan_admin, kalsel_coordinator, evaluator, client_for
):
    fill(va_completed, {}, verified={"11.2": NOT_MET})  # around the workflow: 9 points less
    assert AssessmentFigures.objects.get(assessment=va_completed).verified == Decimal("9.00")

    assert "18.00" in hub_card(client_for(balangan_admin))
    data, top = district_top(client_for(balangan_admin))
    assert data.standing.cells[Stage.VA].total == VA_TOTAL
    va_card = top[top.index('data-testid="stage-va"') : top.index('data-testid="stage-vl"')]
    assert "18.00" in va_card and "9.00" not in va_card.replace("18.00", "")
    _response, row, _html = ranking_row(client_for(evaluator), reverse("indicators:national"))
    assert row["cells"][1]["text"] == "18.00"
    rows = summary_rows(exports.district_workbook(balangan, YEAR, user=balangan_admin))
    assert rows["Total nilai"][1] == float(VA_TOTAL)
    line = comparison(exports.province_workbook(kalsel, YEAR, user=kalsel_coordinator)).loc["63.11"]
    assert money(line["VA"]) == VA_TOTAL


# The ministry's stages and the award


def test_a_skipped_field_visit_says_so_and_the_award_shows_the_ministrys_category(
    va_completed, balangan, evaluator, client_for
):
    stages.complete_stage(assessment=va_completed, user=evaluator, stage=Stage.REVIEW)
    stages.complete_stage(assessment=va_completed, user=evaluator, stage=Stage.FINAL)
    client = client_for(evaluator)
    _response, row, _html = ranking_row(client, reverse("indicators:national"))
    assert row["cells"][2] == {"done": False, "text": "tidak dilakukan", "value": ""}
    assert row["award"]["text"] == "berjalan"

    stages.record_award(assessment=va_completed, user=evaluator, category=Category.PRATAMA)

    _response, row, html = ranking_row(client, reverse("indicators:national"))
    assert row["award"]["done"] and row["award"]["label"] == "Pratama"
    assert "Pratama" in html
    book = comparison(exports.national_workbook(YEAR, user=evaluator)).loc["63.11"]
    assert money(book["Akhir"]) == VA_TOTAL  # the final verification changed no answer
    assert pd.isna(book["VL"])
    assert book["Penghargaan"] == "Pratama"
    data, top = district_top(client)
    assert "Pratama" in top[top.index('data-testid="stage-award"') :]


def test_an_official_result_is_the_award_of_its_round_a_year_earlier(
    balangan, evaluator, client_for, framework
):
    """OfficialResult.year is the award year: "KLA 2025" was the 2024 evaluation."""
    OfficialResult.objects.create(
        district=balangan, year=2025, category=Category.NINDYA, source="KemenPPPA 2025"
    )
    client = client_for(evaluator)

    _response, row, _html = ranking_row(client, reverse("indicators:national"), year=2024)
    assert row["award"]["label"] == "Nindya"
    _response, row, _html = ranking_row(client, reverse("indicators:national"), year=2025)
    assert not row["award"]["done"] and row["previous"] == "Nindya (2025)"
    data = client.get(reverse("indicators:district", args=["63.11"])).context["data"]
    [round_2024] = [r for r in data.trend if r.year == 2024]
    assert (round_2024.award_label, round_2024.cells[-1].category) == ("KLA 2025", "nindya")


# The national page by stage


def test_the_national_page_filters_by_stage_and_status(
    va_running, start, superuser, kalsel_coordinator, evaluator, client_for
):
    start(District.objects.get(code="63.01"), YEAR, superuser)  # Tanah Laut: a draft
    client = client_for(evaluator)
    url = reverse("indicators:national")

    def codes(**params):
        return [r["code"] for r in client.get(url, params).context["table"]]

    assert codes(tahap="va", status="in_progress") == ["63.11", "63.07"]
    assert codes(tahap="va", status="completed") == []
    assert codes(tahap="em", status="in_progress") == ["63.01"]
    assert len(codes(tahap="em", status="not_started")) == 23 - 3
    assert len(codes(tahap="bogus", status="completed")) == 23  # an unknown stage: no filter
    page = client.get(url, {"tahap": "va", "status": "in_progress"}).content.decode()
    assert '<option value="va" selected>' in page

    workflow.finish_verification(assessment=va_running, user=kalsel_coordinator)
    assert codes(tahap="va", status="completed") == ["63.11"]


def test_the_national_page_summarises_each_province(va_completed, evaluator, client_for):
    response = client_for(evaluator).get(reverse("indicators:national"))

    summary = {p.code: p for p in response.context["rank"].provinces}
    kalsel, kaltim = summary["63"], summary["64"]
    assert (kalsel.districts, kalsel.submitted, kalsel.verified, kalsel.visited) == (13, 2, 1, 0)
    assert kalsel.categories[Category.NONE] == 2  # 18.00 (VA) and 20.00 (EM)
    assert (kaltim.districts, kaltim.submitted, kaltim.verified) == (10, 0, 0)
    html = response.content.decode()
    row = html[html.index('data-testid="province-row" data-code="63"') :]
    row = row[: row.index("</tr>")]
    assert (
        '<td class="text-end">13</td><td class="text-end">2</td><td class="text-end">1</td>' in row
    )


# The rules on their own (indicators/standings.py), without the database


def standing_of(**cells):
    """A standing with these stages at (status, total) and the rest not started."""
    rows = {}
    for stage in stages.ORDER:
        status, total = cells.get(stage, (standings.Status.NOT_STARTED, None))
        category = scoring.category_for(total) if total is not None else ""
        rows[stage] = standings.Cell(stage, status, total, category)
    return standings.Standing(year=YEAR, cells=rows)


DONE, RUNNING = standings.Status.COMPLETED, standings.Status.IN_PROGRESS


def test_a_standing_is_ranked_by_its_most_advanced_completed_stage():
    assert standing_of(em=(RUNNING, None)).total is None
    assert standing_of(em=(DONE, Decimal("973.90")), va=(RUNNING, None)).total == Decimal("973.90")
    demak = standing_of(em=(DONE, Decimal("973.90")), va=(DONE, Decimal("697.40")))
    assert (demak.total, demak.category) == (Decimal("697.40"), Category.MADYA)
    assert demak.current.stage == Stage.REVIEW
    skipped = standing_of(
        em=(DONE, Decimal("520")),
        va=(DONE, Decimal("510")),
        review=(DONE, Decimal("505")),
        vl=(standings.Status.SKIPPED, None),
        final=(DONE, Decimal("502")),
    )
    assert skipped.total == Decimal("502") and skipped.cells[Stage.VL].word == "tidak dilakukan"


def test_a_stage_not_completed_shows_its_status_word():
    words = {
        (stage, status): standings.Cell(stage, status).word
        for stage, status in [
            (Stage.EM, RUNNING),
            (Stage.EM, standings.NO_ASSESSMENT),
            (Stage.VA, standings.NO_ASSESSMENT),
            (Stage.VA, standings.Status.RETURNED),
            (Stage.VL, RUNNING),
        ]
    }
    assert list(words.values()) == [
        "belum diajukan",
        "belum menilai",
        "",
        "dikembalikan",
        "berjalan",
    ]


def test_the_filter_knows_only_the_stages_and_statuses_there_are():
    assert standings.clean_filter("va", "completed") == ("va", "completed")
    assert standings.clean_filter("va", "selesai") == ("va", "")
    assert standings.clean_filter("", "completed") == ("", "")
    assert standings.clean_filter("x", "completed") == ("", "")
    unassessed = standings.empty(YEAR)
    assert standings.matches(unassessed, Stage.EM, standings.Status.NOT_STARTED)
    assert not standings.matches(unassessed, Stage.EM, RUNNING)
