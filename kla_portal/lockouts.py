"""Sign-in locks (django-axes): how long one lasts, whose are locked, lifting one.

Axes locks a username (with the address it was tried from) after
``AXES_FAILURE_LIMIT`` failed logins, for ``AXES_COOLOFF_TIME``. The person locked
out is told how long that is; their district's admin may lift it sooner, from the
district's "Akun terkunci" page, instead of waiting for a superuser.
"""

import logging
from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from kla_portal.access import can_unlock_account

logger = logging.getLogger(__name__)


def lock_duration() -> timedelta | None:
    """How long a lock lasts; None when locks never expire on their own."""
    return get_cool_off()


def lock_duration_text(duration: timedelta | None = None) -> str:
    """The lock's length in words, rounded up to whole minutes or hours: "1 jam", "30 menit"."""
    duration = lock_duration() if duration is None else duration
    if duration is None:
        return ""
    minutes = -(-int(duration.total_seconds()) // 60)
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)s jam", "%(n)s jam", hours) % {"n": hours}
    return ngettext("%(n)s menit", "%(n)s menit", minutes) % {"n": minutes}


def locked_attempts():
    """The attempt rows that lock an account now: at the limit, and not yet cooled off."""
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=get_failure_limit(None, None), username__isnull=False
    )
    duration = lock_duration()
    if duration is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - duration)
    return attempts


def locked_accounts_of(district):
    """The district's people whose sign-in is locked, with when the lock began."""
    last_attempt = {}
    for username, attempt_time in locked_attempts().values_list("username", "attempt_time"):
        last_attempt[username] = max(attempt_time, last_attempt.get(username, attempt_time))
    users = (
        get_user_model()
        .objects.filter(username__in=last_attempt, memberships__district=district)
        .distinct()
        .order_by("username")
    )
    duration = lock_duration()
    return [
        {
            "user": user,
            "since": last_attempt[user.username],
            "until": last_attempt[user.username] + duration if duration else None,
        }
        for user in users
    ]


@transaction.atomic
def unlock_account(*, actor, account) -> int:
    """Lift every lock on the account: its failed attempts from any address are forgotten."""
    if not can_unlock_account(actor, account):
        raise PermissionDenied
    count = reset(username=account.get_username())
    logger.info("Sign-in lock on %s lifted by %s", account.get_username(), actor.get_username())
    return count


def forget_failures(account) -> None:
    """After a password is set through an emailed link: the owner has proved who they are."""
    reset(username=account.get_username())
