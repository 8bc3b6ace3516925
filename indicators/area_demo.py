"""Demo of indicators 25 and 26: a district's kecamatan and desa reporting their part.

``seed_area_answers(district, year)`` has every kecamatan of the district report its
indicator-25 answers and the desa/kelurahan their indicator-26 answers, most of them:
for a question short of full marks the desa of the last two kecamatan have not
reported yet, so the shares page shows areas that met, did not, and are missing.
A kecamatan with an operator (the demo's ``kec.paringin.balangan``, from
``stakeholders/demo.py``) records its own answers and its desa's; the Dinas PPPA records
the other kecamatan's on their behalf.

The answers are chosen so that each question's computed share earns the answer the
assessment already has (the demo's plan in ``indicators/demo.py``): where the plan says
3/4, six of the eight kecamatan meet the condition. So the score does not move; the
percentages (``figure_current``) now come from the areas. A question without an
answer gets one of full, 3/4, 1/2, 1/4 in turn.

The demo's assessments are drafts when their areas report (Balangan 2024 before the
district submits it, 2026 while it is open): the ordinary write. An assessment past
the draft takes its answers through ``areas.record_past_the_draft``,
``record_sheet_answers`` without the stage check, for the demo only; the permission
check (who reports for which kecamatan) stays on.

Idempotent: an assessment that has area answers already is left as it is.
"""

import math

from django.contrib.auth import get_user_model

from indicators import areas
from indicators.models import AreaAnswer, Assessment, ItemStatus
from indicators.scoring import SHARES
from kla_portal import figures
from kla_portal.models import Membership, Role, Village

QUIET_KECAMATAN = 2  # the last kecamatan (by code) whose desa have not all reported
FALLBACK = [ItemStatus.MET, ItemStatus.THREE_QUARTERS, ItemStatus.PARTLY, ItemStatus.QUARTER]


def _operators(district) -> dict:
    """{kecamatan code: its operator} for the district's kecamatan that have one."""
    found: dict[str, object] = {}
    for code, user_id in (
        Membership.objects.filter(district=district, role=Role.KECAMATAN_OPERATOR)
        .exclude(subdistrict=None)
        .order_by("pk")
        .values_list("subdistrict_id", "user_id")
    ):
        # Each user afresh: their memberships are read (and cached) by the permission check.
        if code and code not in found:
            found[code] = get_user_model().objects.get(pk=user_id)
    return found


def _plan(rows, codes: list[str], quiet: set[str]) -> dict[int, dict[str, tuple[bool, None]]]:
    """{question row pk: {area code: (meets, None)}} whose shares earn each row's answer."""
    plan = {}
    total = len(codes)
    for index, row in enumerate(rows):
        status = row.self_status or FALLBACK[index % len(FALLBACK)]
        needed = math.ceil(SHARES[status] * total)
        turn = (index * 7) % total if total else 0
        order = codes[turn:] + codes[:turn]
        order = [c for c in order if c not in quiet] + [c for c in order if c in quiet]
        answers = {}
        for position, code in enumerate(order):
            if position < needed:
                answers[code] = (True, None)
            elif needed == total or code not in quiet:
                answers[code] = (False, None)
        plan[row.pk] = answers
    return plan


@figures.write("district")
def seed_area_answers(district, year: int) -> list[str]:
    """Record the district's kecamatan and desa answers on its assessment of ``year``."""
    assessment = (
        Assessment.objects.filter(district=district, year=year).select_related("district").first()
    )
    if assessment is None:
        return [f"kecamatan/desa {district.short_name} {year}: belum ada penilaian"]
    rows = areas.area_questions(assessment)
    if not rows or AreaAnswer.objects.filter(item__in=rows).exists():
        return []
    admin = (
        Membership.objects.filter(district=district, role=Role.DISTRICT_ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return [f"kecamatan/desa {district.short_name} {year}: tidak ada admin Dinas PPPA"]
    kecamatan = list(areas.kecamatan_of(district.code).values_list("code", flat=True))
    desa = list(
        Village.objects.filter(subdistrict__district=district)
        .order_by("code")
        .values_list("code", "subdistrict_id")
    )
    quiet_kecamatan = set(kecamatan[-QUIET_KECAMATAN:])
    quiet = {code for code, sub in desa if sub in quiet_kecamatan}
    plan = _plan(
        [r for r in rows if areas.level_of(r.item) == areas.KECAMATAN], kecamatan, set()
    ) | _plan(
        [r for r in rows if areas.level_of(r.item) == areas.DESA], [c for c, _ in desa], quiet
    )
    operators = _operators(district)
    kecamatan_of_desa = dict(desa)
    by_reporter: dict[str, dict] = {}  # kecamatan with an operator, or "" -> answers
    for pk, answers in plan.items():
        for code, answer in answers.items():
            sub = kecamatan_of_desa.get(code, code)
            key = sub if operators.get(sub) else ""
            by_reporter.setdefault(key, {}).setdefault(pk, {})[code] = answer
    write = (
        areas.record_sheet_answers
        if assessment.status == Assessment.Status.DRAFT
        else areas.record_past_the_draft
    )
    written = 0
    # The Dinas PPPA's first, the operators' last: the last write leaves the planned shares.
    for key in sorted(by_reporter):
        user = operators[key] if key else admin.user
        saved = write(assessment=assessment, user=user, answers=by_reporter[key])
        written += saved.changed
    return [
        f"kecamatan/desa {district.short_name} {year}: {written} jawaban dari "
        f"{len(kecamatan)} kecamatan dan {len(desa)} desa/kelurahan"
    ]
