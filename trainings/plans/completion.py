"""How far the follow-up plans got: counts and completion rate per district, sector or indicator.

One function, used by the RTL board and by the indicators dashboard alike, so a
rate means the same everywhere: done items over the items not cancelled, in
active plans only; an item is overdue by ``ActionItemQuerySet.overdue``'s rule.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.utils import timezone

from trainings.plans.models import ActionItem, overdue_q

WORKING_GROUP_KEY = "gugus_tugas"

_KEYS = {
    "district": F("plan__district_id"),
    "sector": Case(
        When(
            plan__owner_institution__isnull=False,
            then=F("plan__owner_institution__sector_id"),
        ),
        When(plan__owner_working_group__isnull=False, then=Value(WORKING_GROUP_KEY)),
        default=Value(""),
        output_field=CharField(),
    ),
    "indicator": Case(
        When(indicator__isnull=True, then=Value("")),
        default=F("indicator__code"),
        output_field=CharField(),
    ),
}


@dataclass
class Completion:
    total: int = 0
    planned: int = 0
    in_progress: int = 0
    done: int = 0
    cancelled: int = 0
    overdue: int = 0

    @property
    def rate(self) -> float | None:
        """Done over the items still meant to happen; None when there are none."""
        countable = self.total - self.cancelled
        return self.done / countable if countable else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def completion_rates(items, *, by: str, today: date | None = None) -> dict[str, Completion]:
    """Counts per ``by`` ("district", "sector" or "indicator") in one aggregate query.

    Keys: the district code; the owner institution's sector code, ``"gugus_tugas"``
    for a working group's plan, ``""`` otherwise; the indicator's code as officials
    write it ("19", "21A"), ``""`` for items without one (the same code under two
    frameworks is one key). Items of inactive plans are left out.
    """
    if by not in _KEYS:
        raise ValueError(f"by must be one of {sorted(_KEYS)}, not {by!r}")
    today = today or timezone.localdate()
    status = ActionItem.Status
    rows = (
        items.filter(plan__is_active=True)
        .order_by()
        .annotate(group_key=_KEYS[by])
        .values("group_key")
        .annotate(
            total=Count("pk"),
            planned=Count("pk", filter=Q(status=status.PLANNED)),
            in_progress=Count("pk", filter=Q(status=status.IN_PROGRESS)),
            done=Count("pk", filter=Q(status=status.DONE)),
            cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
    )
    return {str(row.pop("group_key") or ""): Completion(**row) for row in rows}


def total(rates: dict[str, Completion]) -> Completion:
    """The sum of several groups (the board's counts over its filtered items)."""
    out = Completion()
    for c in rates.values():
        for name in ("total", "planned", "in_progress", "done", "cancelled", "overdue"):
            setattr(out, name, getattr(out, name) + getattr(c, name))
    return out
