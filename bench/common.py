"""What every benchmark script shares: Django set-up, bench users, timing, targets.

The scripts are plain Python (``.venv/bin/python bench/run.py``), not tests:
they read the database that ``DATABASE_URL`` names, which ``seed_scale`` filled.
"""

import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

BENCH_USERS = {
    "evaluator": "bench.evaluator",
    "province": "bench.province",
    "district": "bench.district",
}


def setup_django() -> None:
    """Configure Django as production would run: templates and queries without debug."""
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns once that STATIC_ROOT is missing; the benchmarks serve no files.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_portal.settings")
    import django

    django.setup()
    from django.conf import settings

    # As pytest-django does: settings are read with DEBUG as the environment says
    # (so no collectstatic is needed), then request handling runs without debug
    # (no query log, no template debug info), as in production.
    settings.DEBUG = False
    for engine in settings.TEMPLATES:
        engine.setdefault("OPTIONS", {})["debug"] = False


def bench_users(district):
    """An evaluator, the district's province coordinator and its district admin.

    Created with unusable passwords (the load test sets a fresh random one for
    the run); memberships follow the district chosen for this run.
    """
    from django.contrib.auth import get_user_model

    from kla_portal.models import Membership, Role

    User = get_user_model()
    users = {}
    for key, username in BENCH_USERS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.invalid"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[key] = user
    wanted = {
        "evaluator": {"role": Role.EVALUATOR},
        "province": {"role": Role.PROVINCE_COORDINATOR, "province_id": district.province_id},
        "district": {"role": Role.DISTRICT_ADMIN, "district_id": district.code},
    }
    for key, fields in wanted.items():
        memberships = Membership.objects.filter(user=users[key])
        if list(memberships.values("role", *[f for f in fields if f != "role"])) != [fields]:
            memberships.delete()
            Membership.objects.create(user=users[key], **fields)
    return users


def percentile(values, share):
    """Nearest-rank percentile: with 20 runs, p95 is the 19th fastest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(function, repeat, warmup=2):
    """Milliseconds of ``repeat`` calls after ``warmup`` untimed ones; the last result."""
    result = None
    for _ in range(warmup):
        result = function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "runs": repeat,
    }, result


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")
