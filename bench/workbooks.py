"""Time and peak memory of the district and national workbooks, each in its own process.

``run.py`` calls ``measure``; each workbook is measured in a child process
(``python bench/workbooks.py SCOPE USER YEAR DISTRICT PATH``) so its peak
resident memory (``ru_maxrss``) belongs to that one workbook. The child exports
once untimed (a running server has its code loaded and its connection open),
then takes turns ``REPEAT`` times between: a real edit through a write function
(``common.Editor``: in the district for the district workbook, in a different
random district each time for the national one), the export right after it
("first"), the export again ("repeat"), and the baseline: the file's cells (read
once, untimed) written again through a write-only openpyxl workbook and nothing
else. Medians; taking turns lets all three see the machine alike.
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

from common import Editor, setup_django, verdict  # noqa: E402

REPEAT = 5

# first_ratio / ratio: the first export after an edit / the repeat export over the bare dump.
TARGETS = {
    "district": {"seconds": 1, "first_ratio": 1.5, "ratio": 1.5},
    "national": {"seconds": 20, "peak_mb": 500, "first_ratio": 2, "ratio": 2},
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
    from statistics import median

    from django.contrib.auth import get_user_model

    from kla_portal.models import District

    user = get_user_model().objects.get(pk=user_id)
    district = District.objects.select_related("province").get(code=district)
    editor = Editor(year, seed=7)
    data = export_workbook(scope, user, year, district)  # a running server: code loaded
    Path(path).write_bytes(data)
    sheets = _cells_of(path)
    before = _peak_mb()
    first, ours, bare, edits = [], [], [], []
    for _ in range(REPEAT):  # taken in turns, so that all three see the machine alike
        code = district.code if scope == "district" else editor.random_district()
        edits.append(editor.edit(code)["ms"])
        started = time.perf_counter()
        export_workbook(scope, user, year, district)
        first.append(time.perf_counter() - started)
        started = time.perf_counter()
        export_workbook(scope, user, year, district)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        _bare_dump(sheets)
        bare.append(time.perf_counter() - started)
    return {
        "first_seconds": median(first),
        "first_max_seconds": max(first),
        "seconds": median(ours),
        "bare_seconds": median(bare),
        "edit_ms": median(edits),
        "cells": sum(len(row) for _title, rows in sheets for row in rows),
        "peak_mb": _peak_mb(),
        "baseline_process_mb": before,
    }


def _cells_of(path):
    from openpyxl import load_workbook

    source = load_workbook(path, read_only=True)
    sheets = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in source]
    source.close()
    return sheets


def _bare_dump(sheets) -> bytes:
    """The same cells through a write-only openpyxl workbook and nothing else."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
                ours = _child(scope, user_id, context["year"], district.code, path)
            except RuntimeError as exc:
                print(f"{scope + ' workbook':<20} error: {exc}")
                results.append({"scope": scope, "error": str(exc)})
                continue
        bare_seconds = max(ours["bare_seconds"], 0.001)
        row = {
            "scope": scope,
            "first_seconds": round(ours["first_seconds"], 3),
            "first_max_seconds": round(ours["first_max_seconds"], 3),
            "edit_ms": round(ours["edit_ms"], 1),
            "seconds": round(ours["seconds"], 3),
            "peak_mb": round(ours["peak_mb"], 1),
            "process_mb_before": round(ours["baseline_process_mb"], 1),
            "cells": ours["cells"],
            "bare_seconds": round(ours["bare_seconds"], 3),
            "first_ratio": round(ours["first_seconds"] / bare_seconds, 2),
            "ratio": round(ours["seconds"] / bare_seconds, 2),
        }
        limits = TARGETS[scope]
        checks = [(row["first_seconds"], limits["seconds"], f"first <= {limits['seconds']} s")]
        if "peak_mb" in limits:
            checks.append((row["peak_mb"], limits["peak_mb"], f"peak <= {limits['peak_mb']} MB"))
        checks += [
            (row["first_ratio"], limits["first_ratio"], f"first x <= {limits['first_ratio']}"),
            (row["ratio"], limits["ratio"], f"repeat x <= {limits['ratio']}"),
        ]
        row["targets"] = [{"target": text, "pass": value <= limit} for value, limit, text in checks]
        results.append(row)
        print(
            f"{scope + ' workbook':<20} first {row['first_seconds']:.3f} s"
            f" (x{row['first_ratio']}, max {row['first_max_seconds']:.3f} s),"
            f" repeat {row['seconds']:.3f} s (x{row['ratio']}),"
            f" {row['peak_mb']:.0f} MB peak | bare {row['bare_seconds']:.3f} s"
            f" ({row['cells']:,} cells) | edit {row['edit_ms']:.0f} ms"
            + "".join(f" | {text}: {verdict(value <= limit)}" for value, limit, text in checks)
        )
    return results


if __name__ == "__main__":
    setup_django()
    scope, user_id, year, district, path = sys.argv[1:]
    print(json.dumps(run_ours(scope, int(user_id), int(year), district, path)))
