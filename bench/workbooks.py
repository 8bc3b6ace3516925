"""Time and peak memory of the district and national workbooks, each in its own process.

``run.py`` calls ``measure``; each measurement is a child process
(``python bench/workbooks.py ours|bare SCOPE ...``) so its peak resident memory
(``ru_maxrss``) belongs to that one workbook. ``ours`` builds the workbook with
the app's export code and saves it to a temporary file; ``bare`` reads that
file's cells (not timed) and writes them again with a write-only openpyxl
workbook and nothing else: the floor our export is compared with.
"""

import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup_django, verdict  # noqa: E402

TARGETS = {
    "district": {"seconds": 1, "ratio": 1.5},
    "national": {"seconds": 20, "peak_mb": 500, "ratio": 1.5},
}


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


MODULES = ("indicators.exports", "indicators.workbooks", "indicators.export")
FUNCTION_NAMES = {
    "district": ("district_workbook", "build_district_workbook", "export_district"),
    "national": ("national_workbook", "build_national_workbook", "export_national"),
}


def find_exporter():
    """The module holding the app's workbook functions, or None while it is missing."""
    from importlib.util import find_spec

    return next((module for module in MODULES if find_spec(module)), None)


def export_workbook(scope, user, year, district):
    """Build one workbook with the app's code and return its bytes.

    The export functions are looked up by name and called with the arguments
    their signature asks for, so the bench needs no change when they move.
    """
    import inspect
    from importlib import import_module

    from django.http import HttpResponseBase

    from kla_portal.models import District

    module = import_module(find_exporter())
    function = next((getattr(module, n) for n in FUNCTION_NAMES[scope] if hasattr(module, n)), None)
    if function is None:
        raise LookupError(f"{module.__name__} has none of {', '.join(FUNCTION_NAMES[scope])}")
    available = {
        "user": user,
        "year": year,
        "district": district,
        "districts": District.objects.visible_to(user),
    }
    kwargs = {
        name: available[name]
        for name, parameter in inspect.signature(function).parameters.items()
        if name in available and parameter.default is inspect.Parameter.empty
    }
    result = function(**kwargs)
    if isinstance(result, bytes):
        return result
    if isinstance(result, HttpResponseBase):
        return b"".join(result) if getattr(result, "streaming", False) else result.content
    buffer = io.BytesIO()
    result.save(buffer)  # an openpyxl Workbook
    return buffer.getvalue()


def run_ours(scope, user_id, year, district, path):
    from django.contrib.auth import get_user_model

    from kla_portal.models import District

    user = get_user_model().objects.get(pk=user_id)
    district = District.objects.select_related("province").get(code=district)
    before = _peak_mb()
    started = time.perf_counter()
    data = export_workbook(scope, user, year, district)
    seconds = time.perf_counter() - started
    Path(path).write_bytes(data)
    return {"seconds": seconds, "peak_mb": _peak_mb(), "baseline_process_mb": before}


def run_bare(path):
    from openpyxl import Workbook, load_workbook

    source = load_workbook(path, read_only=True)
    sheets = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in source]
    source.close()
    cells = sum(len(row) for _title, rows in sheets for row in rows)
    before = _peak_mb()
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "baseline_process_mb": before,
        "cells": cells,
    }


def _child(*args):
    done = subprocess.run(
        [sys.executable, __file__, *map(str, args)], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(context):
    setup_django()
    if find_exporter() is None:
        print("workbooks            not available yet (no indicators/exports.py)")
        return [{"available": False}]
    results = []
    district = context["district"]
    for scope, user in (("district", "district"), ("national", "evaluator")):
        user_id = context["users"][user].pk
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{scope}.xlsx"
            try:
                ours = _child("ours", scope, user_id, context["year"], district.code, path)
                bare = _child("bare", path)
            except RuntimeError as exc:
                print(f"{scope + ' workbook':<20} error: {exc}")
                results.append({"scope": scope, "error": str(exc)})
                continue
        row = {
            "scope": scope,
            "seconds": round(ours["seconds"], 3),
            "peak_mb": round(ours["peak_mb"], 1),
            "process_mb_before": round(ours["baseline_process_mb"], 1),
            "cells": bare["cells"],
            "bare_seconds": round(bare["seconds"], 3),
            "bare_peak_mb": round(bare["peak_mb"], 1),
            "ratio": round(ours["seconds"] / max(bare["seconds"], 0.001), 2),
        }
        checks = [(row[k], limit, f"{k} <= {limit}") for k, limit in TARGETS[scope].items()]
        row["targets"] = [{"target": text, "pass": value <= limit} for value, limit, text in checks]
        results.append(row)
        print(
            f"{scope + ' workbook':<20} {row['seconds']:>7.2f} s {row['peak_mb']:>7.0f} MB peak"
            f" | bare {row['bare_seconds']:.2f} s {row['bare_peak_mb']:.0f} MB"
            f" ({row['cells']:,} cells) x{row['ratio']}"
            + "".join(f" | {text}: {verdict(value <= limit)}" for value, limit, text in checks)
        )
    return results


if __name__ == "__main__":
    setup_django()
    mode, *rest = sys.argv[1:]
    if mode == "ours":
        scope, user_id, year, district, path = rest
        outcome = run_ours(scope, int(user_id), int(year), district, path)
    else:
        outcome = run_bare(rest[0])
    print(json.dumps(outcome))
