"""The assessment page with the 2024 instrument's 274 questions: render it, save 50 answers.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/assessment_page.py

On a scratch database with the reference data and the demo (``migrate``,
``load_regions``, ``load_catalogues``, ``seed_demo``; the national data set of
``seed_scale`` works too). Uses the district's draft on the 2024 framework, or
starts one (the first free year from 2026 on, from the district's latest answers
on that framework when it has some), and measures, taking turns in each round:

1. the page, through Django's test client logged in as the district admin
   (``bench.district``), beside its baseline: one raw SELECT of the 274 answers
   joined to their questions;
2. a save of 50 changed answers through the page's one endpoint, as its script
   posts them (JSON answer, figure rows refreshed in the same transaction), beside
   50 raw UPDATEs of the same rows in one transaction.

Medians and p95 over ``--repeat`` rounds after two untimed ones, the query count of
one more of each, and the ratio to the baseline. The saves are real (each round
flips the 50 answers), so the draft moves on; its history rows stay behind.
"""

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, ROOT, bench_users, percentile, setup_django  # noqa: E402

ROWS = 50
PAGE_SQL = """
SELECT ia.id, ia.self_status, ia.verified_status, ia.figure_previous, ia.figure_current,
       ia.notes, ia.carried_from, ia.updated_at, ci.code, ci.text, ci.kind, ci.max_points,
       ci.figures, ci.responsible, ci.evidence_hint, i.code, i.name
FROM indicators_itemassessment ia
JOIN indicators_checklistitem ci ON ci.id = ia.item_id
JOIN indicators_indicator i ON i.id = ci.indicator_id
WHERE ia.assessment_id = %s
ORDER BY i.number, ci."order"
"""
UPDATE_SQL = "UPDATE indicators_itemassessment SET self_status = %s WHERE id = %s"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", default="63.11", help="kode kabupaten/kota (bawaan 63.11)")
    parser.add_argument("--repeat", type=int, default=20, help="jumlah putaran terukur")
    return parser.parse_args()


def draft_for(district, user):
    """The district's draft on the 2024 framework, started if there is none."""
    from indicators import workflow
    from indicators.models import Assessment, Framework

    framework = Framework.objects.get(code="kla-2024")
    found = (
        Assessment.objects.filter(district=district, framework=framework, status="draft")
        .order_by("-year")
        .first()
    )
    if found is not None:
        return found, "existing draft"
    year = 2026
    while Assessment.objects.filter(district=district, year=year).exists():
        year += 1
    source = workflow.carry_source(district=district, year=year)
    assessment = workflow.start_assessment(
        district=district, year=year, user=user, carry_from=source.year if source else None
    )
    return assessment, f"started{f' from {source.year}' if source else ''}"


def _stats(times):
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
    }


def main():
    args = parse_args()
    setup_django()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from indicators import answer_form, workflow
    from indicators.models import ItemAssessment
    from kla_portal.models import District

    district = District.objects.select_related("province").get(code=args.district)
    user = bench_users(district)["district"]
    assessment, how = draft_for(district, user)
    rows = list(
        ItemAssessment.objects.filter(assessment=assessment)
        .select_related("item")
        .order_by("item__indicator__number", "item__order")
    )
    chosen = rows[: ROWS * 5 : 5]  # 50 questions spread over the instrument
    url = assessment.get_absolute_url()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    print(
        f"assessment page bench on {connection.vendor} ({connection.settings_dict['NAME']}): "
        f"{district.name} {assessment.year} ({how}), {len(rows)} questions, "
        f"{len(chosen)} answers per save, {args.repeat} rounds"
    )

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def page_baseline():
        with connection.cursor() as cursor:
            cursor.execute(PAGE_SQL, [assessment.pk])
            return cursor.fetchall()

    def save_post():
        """The 50 answers as the page's script posts them, each different from what is
        stored (its question's best answer, or its worst where it has the best), with the
        rows' versions as the page loaded them."""
        current = ItemAssessment.objects.filter(pk__in=[ia.pk for ia in chosen]).select_related(
            "item"
        )
        data, answers, versions = {}, {}, []
        for ia in current:
            steps = [value for value, _label in ia.item.statuses]
            answers[ia.pk] = steps[-1] if ia.self_status == steps[0] else steps[0]
            versions.append(f"{ia.pk}:{workflow.version_of(ia)}:{workflow.digest_of(ia)}")
            data[f"i{ia.pk}-status"] = answers[ia.pk]
            data[f"i{ia.pk}-notes"] = ia.notes
            data[f"i{ia.pk}-figure_previous"] = answer_form.figure_text(ia.figure_previous)
            data[f"i{ia.pk}-figure_current"] = answer_form.figure_text(ia.figure_current)
        data["versions"] = ";".join(versions)
        return data, answers

    def save(data):
        response = client.post(url, data, HTTP_ACCEPT="application/json")
        body = json.loads(response.content)
        assert response.status_code == 200 and len(body["saved"]) == len(chosen), body
        return body

    def save_baseline(answers):
        with transaction.atomic(), connection.cursor() as cursor:
            for pk, status in answers.items():
                cursor.execute(UPDATE_SQL, [status, pk])

    times = {"page": [], "page_sql": [], "save": [], "save_sql": []}
    for round_ in range(args.repeat + 2):
        started = time.perf_counter()
        page()
        page_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        fetched = page_baseline()
        page_sql_ms = (time.perf_counter() - started) * 1000
        data, answers = save_post()  # untimed: what the page holds when the user presses save
        started = time.perf_counter()
        save(data)
        save_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        save_baseline(answers)  # the same values again: a real write that changes nothing
        save_sql_ms = (time.perf_counter() - started) * 1000
        if round_ >= 2:
            for key, value in zip(times, (page_ms, page_sql_ms, save_ms, save_sql_ms), strict=True):
                times[key].append(value)

    with CaptureQueriesContext(connection) as page_queries:
        page()
    data, _answers = save_post()
    with CaptureQueriesContext(connection) as save_queries:
        save(data)

    report = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "district": district.code,
        "year": assessment.year,
        "questions": len(rows),
        "answers_per_save": len(chosen),
        "repeat": args.repeat,
        "page": _stats(times["page"]) | {"queries": len(page_queries.captured_queries)},
        "page_baseline": _stats(times["page_sql"]) | {"rows": len(fetched)},
        "save": _stats(times["save"]) | {"queries": len(save_queries.captured_queries)},
        "save_baseline": _stats(times["save_sql"]) | {"statements": len(chosen)},
    }
    for key, base in (("page", "page_baseline"), ("save", "save_baseline")):
        report[key]["x_baseline"] = round(report[key]["median_ms"] / report[base]["median_ms"], 1)
    print(
        f"\n{'':<38} {'median':>8} {'p95':>8} {'SQL#':>5} | {'baseline':>8} {'p95':>8}"
        f" | {'x baseline':>10}\n(ms; baseline: raw SQL of the same rows, same rounds)"
    )
    lines = [
        (f"page, {len(rows)} questions", "page", "page_baseline", "1 SELECT"),
        (f"save of {len(chosen)} changed answers (JSON)", "save", "save_baseline", "UPDATEs"),
    ]
    for label, key, base, _what in lines:
        own, floor = report[key], report[base]
        print(
            f"{label:<38} {own['median_ms']:>8.1f} {own['p95_ms']:>8.1f} {own['queries']:>5}"
            f" | {floor['median_ms']:>8.2f} {floor['p95_ms']:>8.2f} | {own['x_baseline']:>10}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}-assessment-page-{connection.vendor}.json"
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"\nresults: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
