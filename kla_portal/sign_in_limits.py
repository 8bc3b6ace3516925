"""Limits on guessing passwords beyond axes' own: per address, and on the password-change form.

Axes counts failures per username and address (``AXES_LOCKOUT_PARAMETERS``), so one
password tried against many usernames from one address never reaches the limit of
any of them. Axes could also count per address alone, but with the same limit as per
account: five typos in an office behind one address would lock the whole office. So
the address gets its own, higher limit, ``AXES_ADDRESS_FAILURE_LIMIT``, over the same
cool-off: the handler below reports an address past it as past the account limit, so
the login refuses it, axes sends ``user_locked_out`` and logs the lockout as its own.

A signed-in user changing their password gives the old one again: a wrong one counts as
a failed login of that account (``check_old_password``), so the form cannot be used to
guess it where the login form would lock.

Axes keeps each lockout in its failure log (``AXES_ENABLE_ACCESS_FAILURE_LOG``);
``lockouts_of`` reads those of a district's people for its activity log.
"""

from datetime import date

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum


def address_failures(ip_address: str | None, request=None) -> int:
    """Failed sign-ins from this address within the cool-off, whatever the username."""
    if not ip_address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes' database handler, with the address's own limit on top of the account's."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        ip_address = getattr(request, "axes_ip_address", None)
        if address_failures(ip_address, request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def check_old_password(request, user, password: str) -> bool:
    """Whether ``password`` is the user's, counted like a login: a wrong one is a failed
    login of the account from this address, and an account or address already locked
    gets False without the password being tried (the lockout page follows, from axes'
    middleware, as for a login)."""
    credentials = {"username": user.get_username()}  # the login form's field name
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.axes_locked_out = True
        request.axes_credentials = credentials
        return False
    if user.check_password(password):
        return True
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return False


def lockouts_of(district, *, since: date | None, until: date | None, limit: int):
    """The lockouts of the district's people, newest first, with ``user`` set on each
    (``None`` for a username that is no account)."""
    accounts = {
        user.get_username(): user
        for user in get_user_model().objects.filter(memberships__district=district).distinct()
    }
    records = AccessFailureLog.objects.filter(locked_out=True, username__in=accounts)
    if since:
        records = records.filter(attempt_time__date__gte=since)
    if until:
        records = records.filter(attempt_time__date__lte=until)
    found = list(records.order_by("-attempt_time", "-pk")[:limit])
    for record in found:
        record.user = accounts.get(record.username)
    return found
