"""The API's district list at national scale: every district with its scores by stage.

    DATABASE_URL=... .venv/bin/python bench/api.py [--repeat 20] [--year 2025]

What a province or ministry script does (README "API"): list all 514 districts with a
personal token, ``/api/v1/districts/?page_size=500`` and its second page, as the bench
evaluator (who sees every district). Each round makes a real edit first (``Editor``, a
random district), then lists them right after it ("first") and again ("again"), then
runs the baseline: one raw SQL query for the same fields (each district's latest
assessment and its stage rows) turned into the same JSON. The requests go through
Django's test client in this process (no network, as the page benchmarks do), with
DEBUG off. Prints median and p95 of each, the queries of one listing, and writes JSON
to ``bench/results/``.
"""

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, Editor, bench_users, percentile, setup_django  # noqa: E402

PAGE_SIZE = 500  # the API's largest page

# The API's fields from the tables, in one query: the districts, each one's latest
# assessment and that assessment's stage rows (the API shows a stage's total and
# category only once it is completed; the baseline does the same).
BASELINE_SQL = """
SELECT d.code, d.name, d.kind, d.province_id, a.id, a.year, a.status,
       s.stage, s.status, s.total, s.category
FROM kla_portal_district d
LEFT JOIN indicators_assessment a ON a.district_id = d.code AND a.year = (
    SELECT MAX(b.year) FROM indicators_assessment b WHERE b.district_id = d.code)
LEFT JOIN indicators_assessmentstage s ON s.assessment_id = a.id
ORDER BY d.code, s.id
"""


def baseline() -> bytes:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL)
        rows = cursor.fetchall()
    districts: dict[str, dict] = {}
    stages = defaultdict(list)
    for code, name, kind, province, pk, year, status, stage, stage_status, total, category in rows:
        districts.setdefault(
            code,
            {
                "code": code,
                "name": name,
                "kind": kind,
                "province": province,
                "scores": {"assessment_id": pk, "year": year, "status": status} if pk else None,
            },
        )
        if stage:
            done = stage_status == "completed"
            stages[code].append(
                {
                    "stage": stage,
                    "status": stage_status,
                    "total": str(total) if done and total is not None else None,
                    "category": category if done else "",
                }
            )
    for code, stage_rows in stages.items():
        districts[code]["scores"]["stages"] = stage_rows
    return json.dumps({"count": len(districts), "results": list(districts.values())}).encode()


def list_all(client) -> tuple[int, int]:
    """Every district through the API, page by page: (districts listed, bytes)."""
    listed, size, page = 0, 0, 1
    while True:
        response = client.get(
            "/api/v1/districts/", {"page_size": PAGE_SIZE, "page": page}, secure=True
        )
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        listed += len(body["results"])
        size += len(response.content)
        if listed >= body["count"] or not body["results"]:
            return listed, size
        page += 1


def stats(times: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--year", type=int, help="tahun untuk suntingan (bawaan: terbaru)")
    args = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from indicators.models import Assessment
    from kla_portal.models import District
    from kla_portal.tokens import create_token

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    year = args.year or Assessment.objects.order_by("-year").values_list("year", flat=True)[0]
    evaluator = bench_users(District.objects.order_by("code").first())["evaluator"]
    _token, raw = create_token(user=evaluator, name="bench api")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    editor = Editor(year)

    first, again, base, edits = [], [], [], []
    for round_ in range(args.repeat + 2):  # two untimed rounds first
        edit = editor.edit(editor.random_district())
        started = time.perf_counter()
        listed, size = list_all(client)
        first_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        list_all(client)
        again_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        baseline_size = len(baseline())
        base_ms = (time.perf_counter() - started) * 1000
        if round_ >= 2:
            first.append(first_ms)
            again.append(again_ms)
            base.append(base_ms)
            edits.append(edit["ms"])
    with CaptureQueriesContext(connection) as queries:
        list_all(client)

    result = {
        "database": connection.vendor,
        "districts": listed,
        "pages": -(-listed // PAGE_SIZE),
        "bytes": size,
        "baseline_bytes": baseline_size,
        "first": stats(first),
        "again": stats(again),
        "baseline": stats(base),
        "edit": stats(edits),
        "queries": len(queries),
        "runs": args.repeat,
    }
    ratio = result["again"]["median_ms"] / result["baseline"]["median_ms"]
    print(
        f"API /api/v1/districts/ ({connection.vendor}): {listed} districts in"
        f" {result['pages']} pages, {size / 1024:.0f} KB, {len(queries)} queries\n"
        f"  right after an edit: median {result['first']['median_ms']} ms,"
        f" p95 {result['first']['p95_ms']} ms\n"
        f"  again:               median {result['again']['median_ms']} ms,"
        f" p95 {result['again']['p95_ms']} ms\n"
        f"  raw SQL baseline:    median {result['baseline']['median_ms']} ms,"
        f" p95 {result['baseline']['p95_ms']} ms ({baseline_size / 1024:.0f} KB of JSON)\n"
        f"  ratio again/baseline: x{ratio:.1f}"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"api-{connection.vendor}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"  -> {out.relative_to(RESULTS.parent.parent)}")


if __name__ == "__main__":
    main()
