"""Certificates: who qualifies, the verification code, and issuing them.

A participant qualifies by attending every day of the training, or at least
``min_days_attended`` days when the training sets it. Each certificate carries
a code a public page confirms, so a printed certificate can be checked by
anyone without an account.
"""

import secrets
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from kla_portal import figures
from trainings.models import Participant, Training

# No 0/O or 1/I: codes are read off paper and typed back.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"KHA-{body}"


def normalize_code(text: str) -> str:
    return str(text or "").strip().upper()


def required_days(training: Training, day_count: int) -> int:
    if training.min_days_attended:
        return min(training.min_days_attended, day_count)
    return day_count


def with_days_present(participants):
    """Annotate ``days_present`` (days marked present) on a Participant queryset."""
    return participants.annotate(
        days_present=Count("attendance", filter=Q(attendance__present=True), distinct=True)
    )


def qualifying(training: Training):
    """The training's active participants who met its attendance rule."""
    day_count = training.days.count()
    if day_count == 0:
        return Participant.objects.none()
    return with_days_present(training.participants.filter(is_active=True)).filter(
        days_present__gte=required_days(training, day_count)
    )


@figures.write("training")
def issue_certificates(*, training: Training, user, on: date | None = None) -> int:
    """Give a code to every qualifying participant who has none yet; returns how many."""
    on = on or timezone.localdate()
    issued = 0
    taken = set()
    for participant in qualifying(training).filter(certificate_code__isnull=True):
        code = new_code()
        while code in taken or Participant.objects.filter(certificate_code=code).exists():
            code = new_code()
        taken.add(code)
        participant.certificate_code = code
        participant.certificate_issued_on = on
        participant._history_user = user
        participant.save(update_fields=["certificate_code", "certificate_issued_on"])
        issued += 1
    return issued


def verify(code: str) -> Participant | None:
    """The certificate's holder, if the code belongs to an active participant."""
    code = normalize_code(code)
    if not code:
        return None
    return (
        Participant.objects.select_related("person", "training__district")
        .filter(certificate_code=code, is_active=True, training__is_active=True)
        .first()
    )
