"""``make bench``: page times, workbook time and memory, and a 10,000-row import.

Run ``bench/seed_scale.py`` on a scratch database first; ``DATABASE_URL``
selects it (SQLite ``db.sqlite3`` when unset). Every figure is printed beside a
baseline measured in the same run (raw SQL computing the same numbers, a bare
openpyxl dump of the same cells) and the issue's target; the results are also
written as JSON to ``bench/results/``.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/run.py
"""

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, ROOT, bench_users, setup_django, timed, verdict  # noqa: E402

# (label, user, URL names to try, argument, baseline)
PAGES = [
    ("national dashboard", "evaluator", ["indicators:national"], None, "national"),
    ("province dashboard", "province", ["indicators:province"], "province", "province"),
    ("district dashboard", "district", ["indicators:district"], "district", "district"),
    (
        "district RTL board",
        "district",
        ["trainings:board", "plans:plan_board", "trainings:action_board"],
        "district",
        "board",
    ),
    (
        "training list",
        "district",
        ["trainings:training_list", "trainings:list", "trainings:trainings"],
        "district",
        "trainings",
    ),
]

# The targets: (page, measure, limit)
PAGE_TARGETS = {
    "national dashboard": [("queries", 15), ("median_ms", 150), ("ratio", 3)],
    "district dashboard": [("median_ms", 60)],
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", help="kode kabupaten/kota (bawaan: 63.11 bila ada)")
    parser.add_argument("--year", type=int, help="tahun penilaian (bawaan: tahun terbaru)")
    parser.add_argument("--repeat", type=int, default=20, help="pengulangan per halaman")
    parser.add_argument("--only", choices=["pages", "workbooks", "import"], action="append")
    parser.add_argument("--import-rows", type=int, default=10_000)
    return parser.parse_args()


def choose_district(code):
    from bench import scale
    from kla_portal.models import District

    seeded = District.objects.filter(pk__in=scale.scale_trainings().values("district"))
    if code:
        return District.objects.select_related("province").get(code=code)
    preferred = seeded.filter(code="63.11").first() or seeded.order_by("code").first()
    if preferred is None:
        sys.exit(
            "Belum ada data skala: jalankan dulu `bench/seed_scale.py` (lihat bench/README.md)."
        )
    return District.objects.select_related("province").get(code=preferred.code)


def resolve(names, argument):
    from django.urls import NoReverseMatch, reverse

    for name in names:
        for args in ([argument], []) if argument else ([],):
            try:
                return name, reverse(name, args=args)
            except NoReverseMatch:
                continue
    return None, None


def check_baseline(year, district):
    """The raw SQL must give the app's own numbers, or the ratio compares different work."""
    from decimal import Decimal

    import baselines

    from indicators.models import Assessment
    from indicators.scoring import score_assessment

    assessment = Assessment.objects.get(district=district, year=year)
    row = next(
        r for r in baselines.province_totals(year, district.province_id) if r[0] == district.code
    )
    sql = (
        Decimal(str(row[2])).quantize(Decimal("0.01")),
        Decimal(str(row[3])).quantize(Decimal("0.01")),
    )
    app = (score_assessment(assessment).total, score_assessment(assessment, verified=True).total)
    same = sql == app
    print(f"baseline check ({district.code} {year}): SQL {sql} vs scoring {app}: {verdict(same)}")
    return same


def after_change(client, url, change, runs=3):
    """Median milliseconds of the page right after a change to its districts, and the
    query count of such a load: the first reader after every change waits this long."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        change()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), len(queries)


def measure_pages(context, repeat):
    import baselines
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kla_portal import figures_cache
    from kla_portal.models import District

    year, district = context["year"], context["district"]
    baseline_calls = {
        "national": lambda: baselines.national_totals(year),
        "province": lambda: baselines.province_totals(year, district.province_id),
        "district": lambda: baselines.district_points(year, district.code),
        "board": lambda: baselines.board_items(district.code),
        "trainings": lambda: baselines.training_list(district.code),
    }
    check_baseline(year, district)
    # What a change makes the page compute again (kla_portal/figures_cache.py).
    everywhere = District.objects.all()
    changed = {
        "national": lambda: figures_cache.bump_all(),
        "province": lambda: figures_cache.bump(
            everywhere.filter(province=district.province_id).values_list("code", flat=True)
        ),
        "district": lambda: figures_cache.bump([district.code]),
        "board": lambda: figures_cache.bump([district.code]),
        "trainings": lambda: figures_cache.bump([district.code]),
    }
    arguments = {"province": district.province_id, "district": district.code}
    results = []
    for label, user_key, names, argument, baseline in PAGES:
        name, url = resolve(names, arguments.get(argument))
        row = {"page": label, "user": context["users"][user_key].username}
        if url is None:
            print(f"{label:<20} not available yet (no URL named {' / '.join(names)})")
            results.append({**row, "available": False})
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(context["users"][user_key])
        try:
            first, first_queries = after_change(client, url, changed[baseline])
            stats, response = timed(lambda url=url, client=client: client.get(url), repeat)
        except Exception as exc:  # a page still being built must not stop the other figures
            print(f"{label:<20} error: {type(exc).__name__}: {str(exc)[:120]}")
            results.append({**row, "available": True, "url": url, "error": repr(exc)})
            continue
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        base, rows = timed(baseline_calls[baseline], repeat)
        row.update(
            available=True,
            url=url,
            url_name=name,
            status=response.status_code,
            bytes=len(response.content),
            first_ms=first,
            first_queries=first_queries,
            queries=len(queries),
            **stats,
            baseline_median_ms=base["median_ms"],
            baseline_rows=len(rows),
            ratio=round(stats["median_ms"] / max(base["median_ms"], 0.01), 1),
        )
        checks = []
        if response.status_code != 200:
            checks.append(("status", False, f"HTTP {response.status_code}"))
        for measure, limit in PAGE_TARGETS.get(label, []):
            checks.append((measure, row[measure] <= limit, f"{measure} <= {limit}"))
            if measure == "median_ms":
                checks.append(("first_ms", first <= limit, f"first <= {limit}"))
        row["targets"] = [{"target": text, "pass": ok} for _m, ok, text in checks]
        results.append(row)
        print(
            f"{label:<20} {row['median_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['queries']:>5}"
            f" {first:>8.1f} {first_queries:>5}"
            f" | SQL {row['baseline_median_ms']:>7.1f} ms x{row['ratio']:<6}"
            + "".join(f" | {text}: {verdict(ok)}" for _m, ok, text in checks)
        )
    return results


def main():
    args = parse_args()
    setup_django()
    from django.db import connection

    from bench import scale
    from indicators.models import Assessment

    district = choose_district(args.district)
    year = args.year or (
        scale.scale_assessments().order_by("-year").values_list("year", flat=True).first()
    )
    context = {"district": district, "year": year, "users": bench_users(district)}
    only = set(args.only or ["pages", "workbooks", "import"])
    vendor = connection.vendor
    print(
        f"KLA Portal benchmarks on {vendor} ({connection.settings_dict['NAME']}): "
        f"{Assessment.objects.values('district').distinct().count()} districts assessed, "
        f"district {district.code} {district.name}, province {district.province_id}, year {year}"
    )
    report = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": vendor,
        "district": district.code,
        "year": year,
        "repeat": args.repeat,
    }
    if "pages" in only:
        print(
            f"\n{'page':<20} {'median':>8} {'p95':>8} {'SQL#':>5} {'first':>8} {'SQL#':>5}"
            "   (ms; first = right after a change; baseline = raw SQL)"
        )
        report["pages"] = measure_pages(context, args.repeat)
    if "workbooks" in only:
        import workbooks

        print(
            "\nworkbooks (separate process each; first = right after a change, repeat = median"
            " of 5 more; baseline = bare openpyxl write-only dump, median of 5)"
        )
        report["workbooks"] = workbooks.measure(context)
    if "import" in only:
        import participant_import

        print(f"\nparticipant import ({args.import_rows:,} rows; rolled back afterwards)")
        report["import"] = participant_import.measure(context, args.import_rows)

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-{vendor}.json"
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"\nresults: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
