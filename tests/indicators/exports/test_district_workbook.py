"""Must show 1 for the district workbook: read back with openpyxl and pandas, every sheet's
figures equal what the app computes (scoring, coverage, stages, RTL completion).

The assessment's sheets follow the instrument: a sheet per group, each indicator as a bold
subtotal row followed by a row per question (274 on the 2024 instrument), the group's total
last. A draft-framework assessment gets the same sheets with its butir."""

import io
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from indicators import dashboard, exports
from indicators.models import AssessmentStage, Category, ItemEvidence, ItemStatus, Stage
from indicators.scoring import score_assessment
from kla_portal.models import District
from stakeholders.models import Institution
from stakeholders.stages import sector_stage_table
from tests.indicators.filling import fill
from tests.indicators.stage_rows import COMPLETED, set_stages
from trainings.coverage import coverage_for
from trainings.plans.completion import completion_rates
from trainings.plans.models import ActionItem

from .conftest import DRAFT_YEAR, QUESTIONS, YEAR, fill_district, make_assessment

StageStatus = AssessmentStage.Status

GROUP_SHEETS = [
    "Kelembagaan",
    "Klaster I",
    "Klaster II",
    "Klaster III",
    "Klaster IV",
    "Klaster V",
    "Kelana-Dekela",
]
OTHER_SHEETS = [
    "Gugus Tugas",
    "Anggota Gugus Tugas",
    "Rekap Lembaga per Sektor",
    "Daftar Lembaga",
    "Pelatihan KHA",
    "Peserta per Sektor",
    "Cakupan Pelatihan",
    "Rekap RTL",
    "Kegiatan RTL",
]
# The group sheets' columns: the district's and the VA's answers, then the points of
# each stage (EM, VA, VL, Akhir).
CODE, ROW, TEXT, MAX, OWN_ANSWER, CHECKED_ANSWER, OWN, CHECKED, VL, FINAL = range(10)
PREVIOUS, CURRENT, AGENCIES, NOTES, COMMENT, FILES, FILE_LINKS, LINK = range(10, 18)
STAGES = ["EM", "VA", "VL", "Akhir"]


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def workbook_bytes(balangan_world, balangan, balangan_admin):
    return exports.district_workbook(balangan, YEAR, user=balangan_admin)


@pytest.fixture
def cards(balangan_world, balangan, balangan_admin):
    """The EM and VA score cards the district dashboard shows for the same data."""
    board = dashboard.district_dashboard(balangan, balangan_admin, YEAR, per_question=True)
    assert board.stage_cards[Stage.EM] == score_assessment(balangan_world)
    assert list(board.stage_cards) == [Stage.EM, Stage.VA]
    return board.stage_cards[Stage.EM], board.stage_cards[Stage.VA]


def group_rows(book, names=GROUP_SHEETS) -> list[tuple]:
    return [row for name in names for row in book[name].iter_rows(min_row=2, values_only=True)]


def test_it_has_the_sheets_in_order_with_indonesian_names(workbook_bytes):
    names = load_workbook(io.BytesIO(workbook_bytes)).sheetnames

    assert names == ["Sampul", "Ringkasan", *GROUP_SHEETS, *OTHER_SHEETS, "Pengesahan"]
    assert all(len(n) <= 31 for n in names)


def test_the_summary_shows_the_scores_side_by_side_as_the_scoring_computes_them(
    workbook_bytes, cards, balangan_world, balangan_admin
):
    own, verified = cards
    sheet = load_workbook(io.BytesIO(workbook_bytes))["Ringkasan"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert [c.value for c in sheet[1]] == ["Uraian", *STAGES]
    assert rows["Kabupaten/kota"] == ("Kabupaten Balangan",) * 4
    assert rows["Provinsi"][0] == "Kalimantan Selatan"
    assert rows["Tahun penilaian"] == (YEAR,) * 4
    assert rows["Kerangka indikator"][0] == balangan_world.framework.name
    assert rows["Status tahap"] == ("selesai", "selesai", "belum dimulai", "belum dimulai")
    assert money(rows["Total nilai"][0]) == own.total
    assert money(rows["Total nilai"][1]) == verified.total
    assert rows["Total nilai"][2:] == (None, None)  # VL and the final verification to come
    assert own.total != verified.total  # the fixture makes them differ
    assert rows["Kategori"] == (
        Category(own.category).label,
        Category(verified.category).label,
        None,
        None,
    )
    assert rows["Penghargaan KLA 2026"] == ("belum dimulai",) * 4
    verified_clusters = {c.cluster: c for c in verified.clusters}
    assert len(own.clusters) == 7
    for cluster in own.clusters:
        [label] = [k for k in rows if k.startswith(f"{cluster.label} (maks.")]
        assert money(rows[label][0]) == cluster.points
        assert money(rows[label][1]) == verified_clusters[cluster.cluster].points
        assert rows[label][2:] == (None, None)
    assert rows["Dibuat oleh"][0] == "balangan"
    assert rows["Selesai pada"][1].strftime("%d/%m/%Y %H:%M") == "02/06/2025 10:00"
    assert rows["Diselesaikan oleh"][1] == "kalsel"


def test_it_has_a_row_per_question_and_its_indicator_subtotals_match_the_page(
    workbook_bytes, balangan_world, cards
):
    """Must show: one row per question (274), and per-indicator subtotals equal to the
    page's figures (``scoring.score``, which the assessment and district pages show)."""
    own, verified = cards
    on_page = {i.code: i for i in score_assessment(balangan_world).indicators}
    checked = {i.code: i for i in score_assessment(balangan_world, verified=True).indicators}
    frames = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name=GROUP_SHEETS, dtype={"Kode": str})
    rows = pd.concat(frames.values())

    questions = rows[rows["Baris"] == "Pertanyaan"]
    assert len(questions) == QUESTIONS == balangan_world.items.count()
    assert questions["Kode"].is_unique
    indicators = rows[rows["Baris"] == "Indikator"].set_index("Kode")
    assert sorted(indicators.index) == sorted(on_page) and len(on_page) == 31
    for code, score in on_page.items():
        assert money(indicators.loc[code, "EM"]) == score.points, code
        assert money(indicators.loc[code, "VA"]) == checked[code].points, code
        assert money(indicators.loc[code, "Poin maks."]) == score.max_points, code
        own_rows = questions[questions["Kode"].str.startswith(f"{code}.")]
        assert len(own_rows) == len(score.items), code
        assert min(money(own_rows["EM"].sum()), score.max_points) == score.points
    totals = rows[rows["Baris"] == "Kelompok"]
    assert len(totals) == 7
    assert money(totals["Poin maks."].sum()) == Decimal(1000)
    assert money(totals["EM"].sum()) == own.total
    assert money(totals["VA"].sum()) == verified.total


def test_each_group_sheet_adds_up_to_its_subtotal_read_with_pandas(workbook_bytes, cards):
    own, verified = cards
    frames = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name=None)

    assert [c.cluster for c in own.clusters] == ["K", "I", "II", "III", "IV", "V", "KD"]
    for name, cluster, checked in zip(GROUP_SHEETS, own.clusters, verified.clusters, strict=True):
        frame = frames[name]
        indicators = frame[frame["Baris"] == "Indikator"]
        [total] = frame[frame["Baris"] == "Kelompok"].to_dict("records")
        assert money(indicators["EM"].sum()) == cluster.points == money(total["EM"]), name
        assert money(indicators["VA"].sum()) == checked.points
        assert money(total["Poin maks."]) == cluster.max_points
        assert total["Indikator / pertanyaan"] == f"Jumlah {cluster.label}"
    assert [c.max_points for c in own.clusters] == [164, 115, 156, 150, 110, 205, 100]


def test_the_subtotal_and_total_rows_are_bold_and_the_question_rows_are_not(workbook_bytes):
    sheet = load_workbook(io.BytesIO(workbook_bytes))["Kelana-Dekela"]
    rows = list(sheet.iter_rows(min_row=2))

    bold = {row[ROW].value for row in rows if row[OWN].font.b}
    plain = {row[ROW].value for row in rows if not row[OWN].font.b}
    assert bold == {"Indikator", "Kelompok"}
    assert plain == {"Pertanyaan"}
    assert [row[CODE].value for row in rows if row[ROW].value == "Indikator"] == ["25", "26"]


def test_the_group_sheets_list_every_question_with_its_answers_agencies_notes_and_evidence(
    workbook_bytes, cards
):
    own, verified = cards
    book = load_workbook(io.BytesIO(workbook_bytes))
    items = {row[CODE]: row for row in group_rows(book) if row[ROW] == "Pertanyaan"}

    expected = {f"{i.code}.{item.code}": item for i in own.indicators for item in i.items}
    assert items.keys() == expected.keys()
    assert {"1.2zb", "21A.4b", "25.7d", "26.17"} <= items.keys()
    first = items["1.1"]
    assert first[TEXT] == "Perda penyelenggaraan KLA tersedia"
    assert money(first[MAX]) == Decimal(12)
    assert first[OWN_ANSWER] == "Terpenuhi" and money(first[OWN]) == expected["1.1"].points
    assert first[CHECKED_ANSWER] == "3/4 terpenuhi" and money(first[CHECKED]) == Decimal(9)
    assert first[AGENCIES] == "JDIH, Bagian Hukum, DPPPA"
    assert first[NOTES] == "=1+1 catatan 1.1"  # a note shaped like a formula stays text
    assert book["Kelembagaan"]["N3"].data_type == "s"
    assert first[FILES] == "bukti-0.pdf"
    assert items["2.2"][FILES] is None  # no evidence
    births = items["4.1"]  # a question asking for a percentage over two years
    assert (births[PREVIOUS], births[CURRENT]) == (81.5, 86.25)
    assert items["1.1"][PREVIOUS] is None
    # Answers as the page labels them, points as the scoring gives them.
    quarter = next(code for code, item in expected.items() if item.status == ItemStatus.QUARTER)
    assert items[quarter][OWN_ANSWER] == "1/4 terpenuhi"
    assert money(items[quarter][OWN]) == expected[quarter].points


def test_an_indicator_capped_at_its_maximum_says_so(balangan, instrument, balangan_admin):
    assessment = make_assessment(balangan, instrument, evidence=False)
    codes = [f"19.{code}" for code in ("1", "2a", "2b", "2c", "2d", "2e", "3", "4", "5")]
    codes += ["19.6", "19.7", "19.8", "19.9"]
    fill(assessment, dict.fromkeys(codes, ItemStatus.MET))

    book = load_workbook(io.BytesIO(exports.district_workbook(balangan, YEAR, user=balangan_admin)))

    [row] = [r for r in book["Klaster IV"].iter_rows(min_row=2, values_only=True) if r[0] == "19"]
    assert money(row[OWN]) == Decimal(51)
    assert row[NOTES].startswith(
        "Poin pertanyaan EM 54.00 melebihi nilai maksimum indikator: dihitung 51.00."
    )


def test_a_draft_framework_assessment_gets_the_same_sheets_with_its_butir(
    balangan, framework, balangan_admin
):
    assessment = make_assessment(balangan, year=DRAFT_YEAR)
    assert assessment.framework == framework  # 2023 stays on the draft framework
    card = score_assessment(assessment)

    book = load_workbook(
        io.BytesIO(exports.district_workbook(balangan, DRAFT_YEAR, user=balangan_admin))
    )

    assert book.sheetnames[:8] == ["Sampul", "Ringkasan", *GROUP_SHEETS[:6]]  # no Kelana-Dekela
    assert [c.value for c in book["Kelembagaan"][1]] == [
        str(c.header) for c in exports.group_columns()
    ]
    rows = group_rows(book, GROUP_SHEETS[:6])
    butir = [r for r in rows if r[ROW] == "Butir"]
    assert len(butir) == assessment.items.count() == 97
    indicators = {r[CODE]: r for r in rows if r[ROW] == "Indikator"}
    assert {code: money(r[OWN]) for code, r in indicators.items()} == {
        i.code: i.points for i in card.indicators
    }
    assert butir[0][CODE] == "1.1"
    assert money(sum(money(r[OWN]) for r in rows if r[ROW] == "Kelompok")) == card.total


def test_the_other_sheets_match_the_apps_own_figures(
    workbook_bytes, balangan, sectors, balangan_admin
):
    frames = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name=None)

    stages, _top = sector_stage_table(Institution.objects.filter(district=balangan))
    stage_frame = frames["Rekap Lembaga per Sektor"]
    assert stage_frame["Jumlah lembaga"].sum() == sum(r.total for r in stages) == 3
    assert stage_frame["Tahap akhir (ramah anak)"].sum() == sum(r.complete for r in stages)

    coverage = coverage_for(District.objects.filter(pk=balangan.pk))[balangan.pk]
    cover = frames["Cakupan Pelatihan"].set_index("Sektor")
    for sector in coverage.sectors.values():
        assert cover.loc[sector.sector_name, "Orang terlatih perempuan"] == sector.trained_female
        assert cover.loc[sector.sector_name, "Orang terlatih laki-laki"] == sector.trained_male
    assert cover["Orang terlatih (jumlah)"].sum() == 3

    listing = frames["Pelatihan KHA"]
    by_sector = frames["Peserta per Sektor"]
    assert listing["Peserta terdaftar"].sum() == by_sector["Jumlah"].sum() == 3
    assert by_sector["Laki-laki"].sum() + by_sector["Perempuan"].sum() == 3

    rates = completion_rates(ActionItem.objects.filter(plan__district=balangan), by="sector")
    plans = frames["Rekap RTL"]
    assert plans["Selesai (pembilang)"].sum() == sum(c.done for c in rates.values()) == 2
    assert plans["Tidak dibatalkan (penyebut)"].sum() == 3
    assert len(frames["Kegiatan RTL"]) == 3
    assert len(frames["Anggota Gugus Tugas"]) == 3


def test_a_year_without_an_assessment_still_gives_the_other_sheets(
    balangan, sectors, balangan_admin
):
    fill_district(balangan, sectors, size=2)

    book = load_workbook(io.BytesIO(exports.district_workbook(balangan, YEAR, user=balangan_admin)))

    assert book.sheetnames[:3] == ["Sampul", "Ringkasan", "Gugus Tugas"]
    rows = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert rows["Penilaian"] == "Belum ada penilaian untuk tahun ini."


def test_another_districts_workbook_cannot_be_built_for_a_user(balangan_world, balangan, hst_admin):
    with pytest.raises(District.DoesNotExist):
        exports.district_workbook(balangan, YEAR, user=hst_admin)


def test_the_csv_zip_holds_the_same_tables(balangan_world, balangan, balangan_admin, cards):
    data = exports.district_csv_zip(balangan, YEAR, user=balangan_admin)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "01-ringkasan.csv"
        assert names[7] == "08-kelana-dekela.csv"
        assert len(names) == 1 + len(GROUP_SHEETS) + len(OTHER_SHEETS)
        summary = pd.read_csv(io.BytesIO(archive.read(names[0])), encoding="utf-8-sig")
        notes = pd.read_csv(io.BytesIO(archive.read("02-kelembagaan.csv")), encoding="utf-8-sig")
    total = summary.set_index("Uraian").loc["Total nilai"]
    assert money(total["EM"]) == cards[0].total
    assert money(total["VA"]) == cards[1].total
    assert notes["Catatan"].dropna().iloc[0] == "'=1+1 catatan 1.1"
    assert (notes["Baris"] == "Pertanyaan").sum() == 63 + 7 + 8  # indicators 1, 2 and 3


def build_world(size, sectors, districts):
    for district in districts:
        fill_district(district, sectors, size=size, tag=f" {size}")
        make_assessment(district)


def test_its_query_count_does_not_grow_with_the_rows(
    balangan, sectors, instrument, balangan_admin, django_assert_max_num_queries
):
    build_world(3, sectors, [balangan])
    with django_assert_max_num_queries(QUERIES):
        exports.district_workbook(balangan, YEAR, user=balangan_admin)

    fill_district(balangan, sectors, size=20, tag=" lagi")
    with django_assert_max_num_queries(QUERIES):
        exports.district_workbook(balangan, YEAR, user=balangan_admin)


QUERIES = 40  # measured (EM and VA completed: a query for the points of each; the signature
# page's letterhead and signatory); a query per row would show at once


def test_the_va_columns_stay_empty_until_the_va_is_completed_though_questions_are_verified(
    balangan, sectors, instrument, balangan_admin
):
    assessment = make_assessment(balangan, instrument, completed=[Stage.EM])
    set_stages(assessment, em=COMPLETED, va=StageStatus.IN_PROGRESS)
    assert assessment.items.exclude(verified_status="").count() == QUESTIONS
    board = dashboard.district_dashboard(balangan, balangan_admin, YEAR, per_question=True)

    book = load_workbook(io.BytesIO(exports.district_workbook(balangan, YEAR, user=balangan_admin)))

    rows = {r[0]: r[1:] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert money(rows["Total nilai"][0]) == board.standing.cells[Stage.EM].total
    assert rows["Total nilai"][1:] == (None, None, None)
    assert rows["Kategori"][1] is None
    assert rows["Status tahap"][:2] == ("selesai", "berjalan")
    questions = [r for r in group_rows(book) if r[ROW] == "Pertanyaan"]
    assert {(r[CHECKED_ANSWER], r[CHECKED]) for r in questions} == {(None, None)}
    assert all(r[OWN] is not None for r in questions)


def test_items_and_evidence_link_back_to_the_app(
    balangan_world, balangan, balangan_admin, settings
):
    settings.SITE_URL = "https://kla.example.go.id"
    evidence = ItemEvidence.objects.filter(item_assessment__assessment=balangan_world).first()

    book = load_workbook(io.BytesIO(exports.district_workbook(balangan, YEAR, user=balangan_admin)))

    sheet = book["Kelembagaan"]
    first_item = [r for r in sheet.iter_rows(min_row=2) if r[CODE].value == "1.1"][0]
    assert first_item[FILE_LINKS].value == (
        f"https://kla.example.go.id/penilaian/bukti/{evidence.pk}/"
    )
    link = first_item[LINK].hyperlink.target
    assert link == f"https://kla.example.go.id/penilaian/butir/{evidence.item_assessment_id}/"
    summary = {r[0].value: r[1] for r in book["Ringkasan"].iter_rows(min_row=2)}
    assert summary["Tautan penilaian"].hyperlink.target == (
        f"https://kla.example.go.id/penilaian/{balangan_world.pk}/"
    )
