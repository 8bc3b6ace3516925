"""What every benchmark script shares: Django set-up, bench users, timing, targets.

The scripts are plain Python (``.venv/bin/python bench/run.py``), not tests:
they read the database that ``DATABASE_URL`` names, which ``seed_scale`` filled.
"""

import math
import os
import random
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
# Saves the edits (``Editor``) in any district: a superuser, with an unusable password.
BENCH_EDITOR = "bench.editor"
BENCH_UPDATE_TEXT = "[skala] perubahan uji benchmark"


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


def bench_editor():
    """The user the bench's edits are saved as: a superuser (who edits every district's
    records, as its Dinas PPPA does, and verifies them, as a ministry evaluator does)."""
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_EDITOR,
        defaults={"email": f"{BENCH_EDITOR}@bench.invalid", "is_superuser": True},
    )
    if not user.is_superuser or user.has_usable_password():
        user.is_superuser = True
        user.set_unusable_password()
        user.save(update_fields=["is_superuser", "password"])
    return user


class Editor:
    """Real edits of a district's records through the app's write functions, as a user
    saving a form makes them: each write refreshes the district's figure rows in its
    own transaction (``kla_portal/figures.py``), so a page loaded right after it shows
    what a reader sees after someone saved.

    ``kind="assessment"`` changes one question of the district's assessment of the
    year to another answer its kind allows: the district's own status
    (``workflow.fill_item``) while it is a draft, the verifier's
    (``workflow.verify_item``) once submitted; for an assessment in another stage,
    and for ``kind="plan"``, it posts a progress update on one of the district's
    action items (``plans.actions.post_progress_update``). Items and statuses are
    chosen at random (``seed``); only the write function is timed.
    """

    def __init__(self, year: int, seed: int = 1):
        self.year = year
        self.rng = random.Random(seed)
        self.user = bench_editor()
        self._codes: list[tuple[str, str]] | None = None

    def random_district(self, province: str | None = None) -> str:
        """Any district with an assessment of the year (of the province): "an edit anywhere"."""
        if self._codes is None:
            from indicators.models import Assessment

            self._codes = sorted(
                Assessment.objects.filter(year=self.year).values_list(
                    "district", "district__province"
                )
            )
        return self.rng.choice(
            [code for code, in_province in self._codes if province in (None, in_province)]
        )

    def edit(self, code: str, kind: str = "assessment") -> dict:
        """Make one edit in the district; ``{"district", "write", "ms"}`` (ms of the write)."""
        write = self._assessment_write(code) if kind == "assessment" else None
        if write is None:
            write = self._progress_write(code)
        name, call = write
        started = time.perf_counter()
        call()
        return {"district": code, "write": name, "ms": (time.perf_counter() - started) * 1000}

    def _assessment_write(self, code):
        from indicators import workflow
        from indicators.models import Assessment, ItemAssessment

        assessment = Assessment.objects.filter(district=code, year=self.year).first()
        if assessment is None or assessment.status not in ("draft", "submitted"):
            return None
        pks = list(
            ItemAssessment.objects.filter(assessment=assessment).values_list("pk", flat=True)
        )
        if not pks:
            return None
        item = ItemAssessment.objects.select_related("assessment__district__province", "item").get(
            pk=self.rng.choice(pks)
        )
        statuses = [value for value, _label in item.item.statuses]  # what its kind allows
        if assessment.status == "draft":
            status = self.rng.choice([s for s in statuses if s != item.self_status])
            return "fill_item", lambda: workflow.fill_item(
                item=item, user=self.user, status=status, notes=item.notes
            )
        status = self.rng.choice([s for s in statuses if s != item.verified_status])
        return "verify_item", lambda: workflow.verify_item(
            item=item, user=self.user, status=status, comment=item.verifier_comment
        )

    def _progress_write(self, code):
        from django.utils import timezone

        from trainings.plans import actions
        from trainings.plans.models import ActionItem

        pks = list(
            ActionItem.objects.filter(plan__district=code, plan__is_active=True)
            .exclude(status=ActionItem.Status.CANCELLED)
            .values_list("pk", flat=True)
        )
        if not pks:
            raise LookupError(f"{code}: no action item to post a progress update on")
        item = ActionItem.objects.select_related("plan__district").get(pk=self.rng.choice(pks))
        percent = self.rng.randrange(5, 101, 5)
        return "post_progress_update", lambda: actions.post_progress_update(
            item=item,
            user=self.user,
            date=timezone.localdate(),
            text=BENCH_UPDATE_TEXT,
            percent=percent,
        )


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
