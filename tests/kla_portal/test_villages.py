"""The 83,762 desa/kelurahan of ``load_regions``: loaded fast, and a second run writes
nothing. Run with ``DATABASE_URL=postgres://...`` for the PostgreSQL figure."""

import csv
import shutil
import time
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kla_portal.models import Village
from kla_portal.regions import DATA_DIR, load_regions
from tests.conftest import TEST_PROVINCES

VILLAGES = 83_762
KELURAHAN = 8_496  # codes with 1xxx after the kecamatan
LIMIT_SECONDS = 30


def test_it_loads_every_desa_and_kelurahan_in_under_30_seconds(empty_reference_tables):
    started = time.perf_counter()
    call_command("load_regions", stdout=(out := StringIO()))
    elapsed = time.perf_counter() - started

    assert elapsed < LIMIT_SECONDS
    assert f"desa/kelurahan: {VILLAGES} ({VILLAGES} baru)" in out.getvalue()
    assert Village.objects.count() == VILLAGES
    assert Village.objects.filter(code__regex=r"\.1\d{3}$").count() == KELURAHAN
    desa = Village.objects.select_related("subdistrict__district").get(code="63.11.01.2001")
    assert (desa.name, desa.subdistrict.name, desa.subdistrict.district.name) == (
        "Muara Ninian",
        "Juai",
        "Kabupaten Balangan",
    )
    assert not desa.is_kelurahan
    assert Village.objects.get(code="63.11.06.1023").is_kelurahan  # Paringin Kota


def test_running_it_again_writes_nothing(empty_reference_tables):
    call_command("load_regions", stdout=StringIO())
    before = list(Village.objects.order_by("code").values_list("code", "subdistrict", "name"))

    with CaptureQueriesContext(connection) as queries:
        call_command("load_regions", stdout=(out := StringIO()))

    assert f"desa/kelurahan: {VILLAGES} (0 baru)" in out.getvalue()
    village_writes = [
        q["sql"]
        for q in queries.captured_queries
        if "kla_portal_village" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert village_writes == []
    assert list(Village.objects.order_by("code").values_list("code", "subdistrict", "name")) == (
        before
    )


def test_a_newer_edition_renames_a_desa_in_place(empty_reference_tables, tmp_path):
    for name in ("provinces.csv", "regencies.csv", "districts.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    with (DATA_DIR / "villages.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    rows = [r for r in rows if r["code"].startswith("63.11.")]
    with (tmp_path / "villages.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["code", "district_code", "name"])
        writer.writeheader()
        writer.writerows(rows)
    load_regions(tmp_path)
    rows[0]["name"] = "Muara Ninian Baru"
    with (tmp_path / "villages.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["code", "district_code", "name"])
        writer.writeheader()
        writer.writerows(rows)

    result = {r.model: r for r in load_regions(tmp_path)}[Village]

    assert (result.total, result.created) == (len(rows), 0)
    assert Village.objects.get(code="63.11.01.2001").name == "Muara Ninian Baru"


def test_the_tests_reference_data_holds_the_desa_of_their_provinces(regions):
    codes = set(Village.objects.values_list("subdistrict__district__province", flat=True))
    assert codes == set(TEST_PROVINCES)
    assert Village.objects.filter(subdistrict__district="63.11").count() == 157
