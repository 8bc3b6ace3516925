"""The evaluation rounds' calendar: set by the ministry's evaluators (or a superuser).

A round's dates are the ministry's, written in by an evaluator: the upload deadline
closes the district's answers (``workflow.deadline_refusal``), the others are what
the pages count down to and what the reminders fall due on. Dates run in the
cycle's order, so a date before the one it follows is a typing mistake.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from indicators import stages
from indicators.models import EvaluationYear
from kla_portal.access import is_evaluator
from kla_portal.history import save_with_history

# The round's dates in the order the cycle runs them.
CALENDAR = [
    "em_deadline",
    "va_deadline",
    "review_deadline",
    "vl_start",
    "vl_end",
    "final_deadline",
    "award_date",
]
OUT_OF_ORDER = _("Tanggal ini tidak boleh sebelum %(previous)s (%(date)s).")


def can_set_rounds(user) -> bool:
    """The ministry sets the calendar: its evaluators, and superusers."""
    return user.is_authenticated and is_evaluator(user)


def new_round(year: int) -> EvaluationYear:
    """An unsaved round for ``year`` with the 2024 round's calendar moved to it."""
    return EvaluationYear(year=year, **stages.default_calendar(year))


def calendar_problems(round_: EvaluationYear) -> dict[str, list[str]]:
    """``{field: [message]}`` for each date set before an earlier step's date."""
    problems: dict[str, list[str]] = {}
    previous = None
    for name in CALENDAR:
        value = getattr(round_, name)
        if value is None:
            continue
        if previous is not None and value < getattr(round_, previous):
            label = EvaluationYear._meta.get_field(previous).verbose_name
            problems[name] = [
                str(
                    OUT_OF_ORDER
                    % {
                        "previous": label,
                        "date": date_format(getattr(round_, previous), "SHORT_DATE_FORMAT"),
                    }
                )
            ]
        previous = name
    return problems


@transaction.atomic
def save_round(*, round_: EvaluationYear, user) -> EvaluationYear:
    """Create or change a round, recording who set it."""
    if not can_set_rounds(user):
        raise PermissionDenied
    problems = calendar_problems(round_)
    if problems:
        raise ValidationError(problems)
    save_with_history(round_, user=user)
    return round_
