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

from common import (  # noqa: E402
    RESULTS,
    ROOT,
    Editor,
    bench_users,
    percentile,
    setup_django,
    timed,
    verdict,
)

# (label, user, URL names to try, argument, baseline, where the edit before a first load is)
PAGES = [
    ("national dashboard", "evaluator", ["indicators:national"], None, "national", "anywhere"),
    (
        "province dashboard",
        "province",
        ["indicators:province"],
        "province",
        "province",
        "province",
    ),
    (
        "district dashboard",
        "district",
        ["indicators:district"],
        "district",
        "district",
        "district",
    ),
    (
        "district RTL board",
        "district",
        ["trainings:board", "plans:plan_board", "trainings:action_board"],
        "district",
        "board",
        "district plan",
    ),
    (
        "training list",
        "district",
        ["trainings:training_list", "trainings:list", "trainings:trainings"],
        "district",
        "trainings",
        "district plan",
    ),
]

# The issues' targets: (page, measure, limit). "first" is the load right after an edit,
# "median" the load again after it; "ratio" compares a median with the baseline's.
PAGE_TARGETS = {
    "national dashboard": [
        ("first_median_ms", 60),
        ("median_ms", 60),
        ("first_ratio", 3),
        ("ratio", 3),
        ("first_queries", 15),
    ],
    "district dashboard": [("first_median_ms", 60), ("median_ms", 60)],
    "district RTL board": [("first_median_ms", 60), ("median_ms", 60)],
}
TARGET_TEXT = {
    "first_median_ms": "first < {} ms",
    "median_ms": "again < {} ms",
    "first_ratio": "first <= {}x baseline",
    "ratio": "again <= {}x baseline",
    "first_queries": "queries <= {}",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", help="kode kabupaten/kota (bawaan: 63.11 bila ada)")
    parser.add_argument("--year", type=int, help="tahun penilaian (bawaan: tahun terbaru)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=20,
        help="pengulangan per halaman (masing-masing: ubah data, muat, muat lagi, baseline)",
    )
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
    """The raw SQL must give the app's own numbers, or the ratio compares different work:
    the sums from the item rows, the district's figure row and ``scoring`` must agree."""
    from decimal import Decimal

    import baselines

    from indicators.models import Assessment
    from indicators.scoring import score_assessment

    assessment = Assessment.objects.select_related("figures").get(district=district, year=year)
    row = next(
        r for r in baselines.province_totals(year, district.province_id) if r[0] == district.code
    )
    sql = (
        Decimal(str(row[2])).quantize(Decimal("0.01")),
        Decimal(str(row[3])).quantize(Decimal("0.01")),
    )
    app = (score_assessment(assessment).total, score_assessment(assessment, verified=True).total)
    figures = assessment.figures
    stored = (figures.total, figures.verified if figures.verified is not None else figures.total)
    same = sql == app == stored
    print(
        f"baseline check ({district.code} {year}): SQL {sql} vs scoring {app}"
        f" vs figure row {stored}: {verdict(same)}"
    )
    return same


def check_rows(year):
    """After the run's edits, every figure row of the year must still hold what the item
    rows sum to (the edits went through the write functions, which keep the rows)."""
    from decimal import Decimal

    import baselines

    cent = Decimal("0.01")
    summed = {
        code: (Decimal(str(own)).quantize(cent), Decimal(str(verified)).quantize(cent))
        for code, _name, own, verified in baselines.national_totals(year)
    }
    stored = {
        code: (Decimal(str(total)), Decimal(str(total if verified is None else verified)))
        for code, _name, _province, total, verified in baselines.ranking_rows(year)
    }
    wrong = sorted(
        code for code in summed.keys() | stored.keys() if summed.get(code) != stored.get(code)
    )
    print(
        f"figure rows after the edits: {len(stored)} rows vs sums of the item rows:"
        f" {verdict(not wrong)}" + (f" (differ: {', '.join(wrong[:10])})" if wrong else "")
    )
    return {"rows": len(stored), "differ": wrong}


def _ms(started):
    return (time.perf_counter() - started) * 1000


def _stats(times, prefix=""):
    return {
        f"{prefix}median_ms": round(statistics.median(times), 1),
        f"{prefix}p95_ms": round(percentile(times, 0.95), 1),
    }


def measure_page(client, url, baseline, edit, repeat):
    """``repeat`` rounds of: an edit (a write function), the page right after it ("first"),
    the page again ("again"), the baseline; taking turns lets all three see the same
    machine. Two untimed rounds first; then the queries of one more first load and one
    more load again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, again, base, edits, writes = [], [], [], [], set()
    response = rows = None
    for round_ in range(repeat + 2):
        done = edit()
        started = time.perf_counter()
        response = client.get(url)
        first_ms = _ms(started)
        started = time.perf_counter()
        client.get(url)
        again_ms = _ms(started)
        started = time.perf_counter()
        rows = baseline()
        base_ms = _ms(started)
        if round_ >= 2:
            first.append(first_ms)
            again.append(again_ms)
            base.append(base_ms)
            edits.append(done["ms"])
            writes.add(done["write"])
    edit()
    with CaptureQueriesContext(connection) as first_queries:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return response, {
        **_stats(first, "first_"),
        **_stats(again),
        **_stats(base, "baseline_"),
        "baseline_rows": len(rows),
        **_stats(edits, "edit_"),
        "writes": sorted(writes),
        "first_queries": len(first_queries),
        "queries": len(queries),
        "runs": repeat,
    }


def measure_pages(context, repeat):
    import baselines
    from django.test import Client

    year, district = context["year"], context["district"]
    baseline_calls = {
        "national": lambda: baselines.round_rows(year),
        "province": lambda: baselines.province_round_rows(year, district.province_id),
        "district": lambda: baselines.district_points(year, district.code),
        "board": lambda: baselines.board_items(district.code),
        "trainings": lambda: baselines.training_list(district.code),
    }
    check_baseline(year, district)
    editor = Editor(year)
    # An edit before every first load: a different random district each time for the
    # national page, one of the province's for the province page, the page's own
    # district for the others (an assessment item for the dashboards, an action item
    # for the RTL board and the training list).
    edits = {
        "anywhere": lambda: editor.edit(editor.random_district()),
        "province": lambda: editor.edit(editor.random_district(district.province_id)),
        "district": lambda: editor.edit(district.code),
        "district plan": lambda: editor.edit(district.code, kind="plan"),
    }
    arguments = {"province": district.province_id, "district": district.code}
    results = []
    for label, user_key, names, argument, baseline, where in PAGES:
        name, url = resolve(names, arguments.get(argument))
        row = {"page": label, "user": context["users"][user_key].username, "edit": where}
        if url is None:
            print(f"{label:<20} not available yet (no URL named {' / '.join(names)})")
            results.append({**row, "available": False})
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(context["users"][user_key])
        try:
            response, figures = measure_page(
                client, url, baseline_calls[baseline], edits[where], repeat
            )
        except Exception as exc:  # a page still being built must not stop the other figures
            print(f"{label:<20} error: {type(exc).__name__}: {str(exc)[:120]}")
            results.append({**row, "available": True, "url": url, "error": repr(exc)})
            continue
        floor = max(figures["baseline_median_ms"], 0.01)
        row.update(
            available=True,
            url=url,
            url_name=name,
            status=response.status_code,
            bytes=len(response.content),
            **figures,
            first_ratio=round(figures["first_median_ms"] / floor, 1),
            ratio=round(figures["median_ms"] / floor, 1),
        )
        checks = []
        if response.status_code != 200:
            checks.append((False, f"HTTP {response.status_code}"))
        for measure, limit in PAGE_TARGETS.get(label, []):
            value = row[measure]
            ok = value <= limit if measure.endswith(("ratio", "queries")) else value < limit
            checks.append((ok, TARGET_TEXT[measure].format(limit)))
        row["targets"] = [{"target": text, "pass": ok} for ok, text in checks]
        results.append(row)
        print(
            f"{label:<20} {row['first_median_ms']:>7.1f} {row['first_p95_ms']:>7.1f}"
            f" {row['first_queries']:>4} | {row['median_ms']:>7.1f} {row['p95_ms']:>7.1f}"
            f" {row['queries']:>4} | {row['baseline_median_ms']:>7.1f}"
            f" {row['baseline_p95_ms']:>7.1f} {row['baseline_rows']:>5}"
            f" | x{row['first_ratio']:<5} x{row['ratio']:<5}"
            f" | {row['edit_median_ms']:>6.1f} {'+'.join(row['writes'])}"
            + "".join(f" | {text}: {verdict(ok)}" for ok, text in checks)
        )
    national = next((r for r in results if r["page"] == "national dashboard"), {})
    orm, _rows = timed(lambda: baselines.round_rows_orm(year), repeat)
    ratios = ""
    if "first_median_ms" in national:
        first = national["first_median_ms"] / max(orm["median_ms"], 0.01)
        again = national["median_ms"] / max(orm["median_ms"], 0.01)
        ratios = f"; national dashboard x{first:.1f} first, x{again:.1f} again"
        national.update(orm_baseline_median_ms=orm["median_ms"], orm_first_ratio=round(first, 1))
        national["orm_ratio"] = round(again, 1)
    print(
        f"reference: the same {len(_rows)} round rows read through the ORM (model instances):"
        f" {orm['median_ms']:.1f} ms median, p95 {orm['p95_ms']:.1f}{ratios}"
    )
    summed, _rows = timed(lambda: baselines.national_totals(year), max(3, repeat // 4), 1)
    print(
        f"reference: the national totals summed from the item rows (raw SQL, what the"
        f" figure rows save): {summed['median_ms']:.1f} ms median"
    )
    results.append({"reference": "figure rows through the ORM", **orm})
    results.append({"reference": "national totals from item rows", **summed})
    results.append({"figure_rows_check": check_rows(year)})
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
            f"\n{'':<20} {'right after an edit':^20} | {'again':^20} | {'baseline':^21}"
            f" | {'x baseline':^13} | edit\n{'page':<20} {'median':>7} {'p95':>7} {'SQL#':>4}"
            f" | {'median':>7} {'p95':>7} {'SQL#':>4} | {'median':>7} {'p95':>7} {'rows':>5}"
            f" | {'first':<6} {'again':<6} | {'ms':>6} write function"
            f"\n(ms; baseline: raw SQL reading or computing the page's numbers, same rounds;"
            f" edit: the write function's own time, its figure refresh included)"
        )
        report["pages"] = measure_pages(context, args.repeat)
    if "workbooks" in only:
        import workbooks

        print(
            "\nworkbooks (separate process each; first = right after an edit, median of 5;"
            " repeat = again, median of 5; baseline = bare openpyxl write-only dump, median of 5)"
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
