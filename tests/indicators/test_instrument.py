"""The 2024 instrument: loaded from the shipped file, written out and read back
(indicators/instrument.py, manage.py export_framework / import_framework)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from indicators import catalogue
from indicators.models import Assessment, ChecklistItem, Framework, Indicator
from indicators.workflow import framework_for_year

SHARED = Path(__file__).resolve().parents[3] / "shared" / "domain" / "kla-2024-instrument.json"
GROUPS = {"KELEMBAGAAN": "K", "KELANA_DEKELA": "KD"}


def shared_copy():
    """The shipped file, which is the shared one with the project's additions."""
    from indicators.instrument import SHIPPED

    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def structure(data):
    """Codes and points, group by group, of a file in the instrument's shape."""
    return [
        (
            GROUPS.get(g["code"], g["code"]),
            Decimal(str(g["max_points"])),
            [
                (
                    i["code"],
                    Decimal(str(i["max_points"])),
                    [
                        (q["code"], Decimal(str(q["max_points"])), q["responsible"])
                        for q in i["questions"]
                    ],
                )
                for i in g["indicators"]
            ],
        )
        for g in data["groups"]
    ]


@pytest.fixture
def instrument_2024(db):
    return Framework.objects.get(code="kla-2024")


def test_load_catalogues_gives_the_2024_instrument(instrument_2024):
    indicators = Indicator.objects.filter(framework=instrument_2024)
    questions = ChecklistItem.objects.filter(indicator__framework=instrument_2024)

    assert len({i.cluster for i in indicators}) == 7
    assert indicators.count() == 31
    assert questions.count() == 274
    assert indicators.aggregate(total=Sum("max_points"))["total"] == Decimal(1000)
    assert instrument_2024.notice == (
        "Struktur dari rekap penilaian mandiri 2024; teks resmi belum dimuat."
    )
    assert "arepsyu/bidadari-oi" in instrument_2024.provenance
    assert framework_for_year(2024) == instrument_2024
    assert framework_for_year(2026) == instrument_2024
    assert framework_for_year(2023).code == "perpres-25-2021"


@pytest.mark.skipif(not SHARED.exists(), reason="the shared domain folder is not beside this clone")
def test_it_matches_the_shared_file_code_for_code_and_point_for_point(instrument_2024, tmp_path):
    shared = json.loads(SHARED.read_text(encoding="utf-8"))
    path = tmp_path / "f.json"

    call_command("export_framework", year=2024, output=str(path))

    exported = json.loads(path.read_text(encoding="utf-8"))
    assert structure(exported) == structure(shared)
    assert exported["total_points"] == shared["total_points"] == 1000
    summaries = [
        q["summary"] for g in exported["groups"] for i in g["indicators"] for q in i["questions"]
    ]
    theirs = {
        f"{i['code']}.{q['code']}": q["summary"]
        for g in shared["groups"]
        for i in g["indicators"]
        for q in i["questions"]
    }
    # 17.5 and 17.6 are written as the state that earns the points ("Ya" = no tobacco
    # sponsorship), where the recap asks the opposite.
    differ = [
        code for code, summary in zip(theirs, summaries, strict=True) if theirs[code] != summary
    ]
    assert differ == ["17.5", "17.6"]


def test_a_second_load_changes_nothing(instrument_2024):
    before = list(ChecklistItem.objects.order_by("pk").values())

    lines = catalogue.load()

    assert "kerangka kla-2024: sudah ada" in lines
    assert list(ChecklistItem.objects.order_by("pk").values()) == before
    assert Framework.objects.count() == 2


def test_the_xlsx_export_reads_back_to_the_same_structure(instrument_2024, tmp_path):
    from indicators import instrument

    path = tmp_path / "f.xlsx"
    call_command("export_framework", year=2024, output=str(path))

    spec = instrument.check(instrument.read(path))

    assert spec.structure() == instrument.check(shared_copy()).structure()
    assert len([q for i in spec.indicators for q in i.questions]) == 274


def damaged(change):
    data = shared_copy()
    change(data)
    return data


def first_question(data):
    return data["groups"][0]["indicators"][0]["questions"][0]


DAMAGE = {
    "negative points": lambda d: first_question(d).update(max_points=-1),
    "missing points": lambda d: first_question(d).pop("max_points"),
    "duplicate question": lambda d: d["groups"][0]["indicators"][0]["questions"].append(
        dict(first_question(d))
    ),
    "duplicate indicator": lambda d: d["groups"][1]["indicators"][0].update(code="1"),
    "group maximum": lambda d: d["groups"][1].update(max_points=150),
    "indicator above its questions": lambda d: d["groups"][0]["indicators"][1].update(
        max_points=99
    ),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_copy_is_refused_and_changes_nothing(instrument_2024, tmp_path, kind):
    data = damaged(DAMAGE[kind])
    data["code"] = "kla-2024-resmi"
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = (Framework.objects.count(), ChecklistItem.objects.count())

    with pytest.raises(CommandError, match="Berkas ditolak, tidak ada yang diubah"):
        call_command("import_framework", str(path))

    assert (Framework.objects.count(), ChecklistItem.objects.count()) == before


def test_importing_a_new_code_creates_a_new_version(instrument_2024, tmp_path):
    data = shared_copy()
    data.update(code="kla-2025", first_year=2025, name="Instrumen Evaluasi KLA 2025")
    path = tmp_path / "new.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("import_framework", str(path))

    new = Framework.objects.get(code="kla-2025")
    assert ChecklistItem.objects.filter(indicator__framework=new).count() == 274
    assert framework_for_year(2025) == new
    assert framework_for_year(2024) == instrument_2024


def test_the_official_wording_replaces_ours_on_an_unused_framework(instrument_2024, tmp_path):
    data = shared_copy()
    first_question(data)["summary"] = "Teks resmi pertanyaan 1.1"
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    call_command("import_framework", str(path))

    question = ChecklistItem.objects.get(
        indicator__framework=instrument_2024, indicator__code="1", code="1"
    )
    assert question.text == "Teks resmi pertanyaan 1.1"


def test_a_framework_a_submitted_assessment_uses_can_no_longer_change(
    instrument_2024, tmp_path, balangan
):
    Assessment.objects.create(
        district=balangan, year=2024, framework=instrument_2024, status=Assessment.Status.SUBMITTED
    )
    data = shared_copy()
    first_question(data)["summary"] = "Teks lain"
    path = tmp_path / "wording.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="versi baru"):
        call_command("import_framework", str(path))

    question = ChecklistItem.objects.get(
        indicator__framework=instrument_2024, indicator__code="1", code="1"
    )
    assert question.text == "Perda penyelenggaraan KLA tersedia"


def test_changing_points_of_an_existing_version_needs_a_new_one(instrument_2024, tmp_path):
    data = shared_copy()
    first_question(data)["max_points"] = 11
    data["groups"][0]["indicators"][0]["max_points"] = 95
    data["groups"][0]["max_points"] = 163
    data["total_points"] = 999
    path = tmp_path / "points.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="versi baru"):
        call_command("import_framework", str(path))


def test_superusers_see_the_copys_anomalies_in_the_admin(client_for, superuser, instrument_2024):
    page = client_for(superuser).get(
        f"/admin/indicators/indicator/?framework__id__exact={instrument_2024.pk}&anomaly=yes"
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "54,00 (berbeda: maksimum indikator berlaku)" in text
    assert "18,00 (berbeda: maksimum indikator berlaku)" in text
    assert "2 indikator" in text
