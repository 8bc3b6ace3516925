"""Must show 1 for the district workbook: read back with openpyxl and pandas, every sheet's
figures equal what the app computes (scoring, coverage, stages, RTL completion)."""

import io
from decimal import Decimal

import pandas as pd
import pytest
from openpyxl import load_workbook

from indicators import dashboard, exports
from indicators.models import Category, ItemEvidence
from indicators.scoring import score_assessment
from kla_portal.models import District
from stakeholders.models import Institution
from stakeholders.stages import sector_stage_table
from trainings.coverage import coverage_for
from trainings.plans.completion import completion_rates
from trainings.plans.models import ActionItem

from .conftest import YEAR, fill_district, make_assessment

CLUSTER_SHEETS = [
    "Kelembagaan",
    "Klaster I",
    "Klaster II",
    "Klaster III",
    "Klaster IV",
    "Klaster V",
]


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def workbook_bytes(balangan_world, balangan, balangan_admin):
    return exports.district_workbook(balangan, YEAR, user=balangan_admin)


@pytest.fixture
def cards(balangan_world, balangan, balangan_admin):
    """The score cards the district dashboard shows for the same data."""
    board = dashboard.district_dashboard(balangan, balangan_admin, YEAR)
    assert board.card == score_assessment(balangan_world)
    return board.card, board.verified_card


def test_it_has_the_sheets_in_order_with_indonesian_names(workbook_bytes):
    names = load_workbook(io.BytesIO(workbook_bytes)).sheetnames

    assert names == [
        "Ringkasan",
        *CLUSTER_SHEETS,
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
    assert all(len(n) <= 31 for n in names)


def test_the_summary_shows_the_scores_side_by_side_as_the_scoring_computes_them(
    workbook_bytes, cards, balangan_admin
):
    own, verified = cards
    sheet = load_workbook(io.BytesIO(workbook_bytes))["Ringkasan"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert rows["Kabupaten/kota"] == ("Kabupaten Balangan", "Kabupaten Balangan")
    assert rows["Provinsi"][0] == "Kalimantan Selatan"
    assert rows["Tahun penilaian"] == (YEAR, YEAR)
    assert rows["Kerangka indikator"][0] == "Kerangka uji ekspor (Perpres 25/2021)"
    assert (money(rows["Total nilai"][0]), money(rows["Total nilai"][1])) == (
        own.total,
        verified.total,
    )
    assert own.total != verified.total  # the fixture makes them differ
    assert rows["Kategori"] == (
        Category(own.category).label,
        Category(verified.category).label,
    )
    verified_clusters = {c.cluster: c for c in verified.clusters}
    for cluster in own.clusters:
        [label] = [k for k in rows if k.startswith(cluster.label)]
        assert money(rows[label][0]) == cluster.points
        assert money(rows[label][1]) == verified_clusters[cluster.cluster].points
    assert rows["Dibuat oleh"][0] == "balangan"
    assert rows["Diverifikasi pada"][1].strftime("%d/%m/%Y %H:%M") == "02/06/2025 10:00"


def test_each_cluster_sheet_adds_up_to_its_subtotal_read_with_pandas(workbook_bytes, cards):
    own, verified = cards
    frames = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name=None)
    own_clusters = {c.label: c.points for c in own.clusters}
    verified_clusters = {c.label: c.points for c in verified.clusters}

    assert len(own.clusters) == len(CLUSTER_SHEETS)
    for name, cluster in zip(CLUSTER_SHEETS, own.clusters, strict=True):
        frame = frames[name]
        indicators = frame[frame["Status mandiri"] == "Indikator"]
        assert money(indicators["Nilai mandiri"].sum()) == own_clusters[cluster.label], name
        assert money(indicators["Nilai verifikasi"].sum()) == verified_clusters[cluster.label]
    total = sum(
        money(frames[n].loc[frames[n]["Status mandiri"] == "Indikator", "Nilai mandiri"].sum())
        for n in CLUSTER_SHEETS
    )
    assert total == own.total


def test_the_cluster_sheets_list_every_checklist_item_with_notes_and_evidence(
    workbook_bytes, cards
):
    own, _verified = cards
    book = load_workbook(io.BytesIO(workbook_bytes))
    items = {
        row[0]: row
        for name in CLUSTER_SHEETS
        for row in book[name].iter_rows(min_row=2, values_only=True)
        if row[4] != "Indikator"
    }

    expected = {f"{i.number}.{item.order}": item for i in own.indicators for item in i.items}
    assert items.keys() == expected.keys()
    first = items["1.1"]
    assert first[1] == "Perda KLA ada"
    assert first[4] == "Terpenuhi" and money(first[5]) == expected["1.1"].points
    assert first[8] == "=1+1 catatan 1.1"  # a note shaped like a formula stays text
    assert book["Kelembagaan"]["I3"].data_type == "s"
    assert first[10] == "bukti-0.pdf"
    assert items["2.2"][10] is None  # no evidence


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

    assert book.sheetnames[:2] == ["Ringkasan", "Gugus Tugas"]
    rows = {r[0]: r[1] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert rows["Penilaian"] == "Belum ada penilaian untuk tahun ini."


def test_another_districts_workbook_cannot_be_built_for_a_user(balangan_world, balangan, hst_admin):
    with pytest.raises(District.DoesNotExist):
        exports.district_workbook(balangan, YEAR, user=hst_admin)


def test_the_csv_zip_holds_the_same_tables(balangan_world, balangan, balangan_admin, cards):
    import zipfile

    data = exports.district_csv_zip(balangan, YEAR, user=balangan_admin)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "01-ringkasan.csv"
        assert len(names) == 16
        summary = pd.read_csv(io.BytesIO(archive.read(names[0])), encoding="utf-8-sig")
        notes = pd.read_csv(io.BytesIO(archive.read("02-kelembagaan.csv")), encoding="utf-8-sig")
    total = summary.set_index("Uraian").loc["Total nilai"]
    assert money(total["Penilaian mandiri"]) == cards[0].total
    assert notes["Catatan"].dropna().iloc[0] == "'=1+1 catatan 1.1"


def build_world(size, sectors, framework, districts):
    for district in districts:
        fill_district(district, sectors, size=size, tag=f" {size}")
        make_assessment(district, framework)


def test_its_query_count_does_not_grow_with_the_rows(
    balangan, sectors, framework, balangan_admin, django_assert_max_num_queries
):
    build_world(3, sectors, framework, [balangan])
    with django_assert_max_num_queries(QUERIES):
        exports.district_workbook(balangan, YEAR, user=balangan_admin)

    fill_district(balangan, sectors, size=20, tag=" lagi")
    with django_assert_max_num_queries(QUERIES):
        exports.district_workbook(balangan, YEAR, user=balangan_admin)


QUERIES = 32  # measured; a query per row would show at once


def test_an_unverified_assessment_leaves_the_verified_column_empty_as_the_dashboard_does(
    balangan, sectors, framework, balangan_admin
):
    assessment = make_assessment(balangan, framework)
    assessment.items.update(verified_status="")
    board = dashboard.district_dashboard(balangan, balangan_admin, YEAR)
    assert board.verified_card is None

    book = load_workbook(io.BytesIO(exports.district_workbook(balangan, YEAR, user=balangan_admin)))

    rows = {r[0]: r[1:] for r in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert money(rows["Total nilai"][0]) == board.card.total
    assert rows["Total nilai"][1] is None
    assert rows["Kategori"][1] == "Belum diverifikasi"


def test_items_and_evidence_link_back_to_the_app(
    balangan_world, balangan, balangan_admin, settings
):
    settings.SITE_URL = "https://kla.example.go.id"
    evidence = ItemEvidence.objects.filter(item_assessment__assessment=balangan_world).first()

    book = load_workbook(io.BytesIO(exports.district_workbook(balangan, YEAR, user=balangan_admin)))

    sheet = book["Kelembagaan"]
    first_item = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "1.1"][0]
    assert first_item[11].value == f"https://kla.example.go.id/penilaian/bukti/{evidence.pk}/"
    link = first_item[12].hyperlink.target
    assert link == f"https://kla.example.go.id/penilaian/butir/{evidence.item_assessment_id}/"
    summary = {r[0].value: r[1] for r in book["Ringkasan"].iter_rows(min_row=2)}
    assert summary["Tautan penilaian"].hyperlink.target == (
        f"https://kla.example.go.id/penilaian/{balangan_world.pk}/"
    )
