"""In-app notices: the bell's count, the list of notices, the daily email digest.

The apps say what happened (``notify``); this module keeps each person's notices,
counts the unread ones and sends at most one digest a day per person, to those
who have not switched email off (``NoticeSettings``).

A notice is the user's own: every read and write here takes the user and never
reaches another's notice (``notice_of`` is a 404 for one). The digest lists the
notices neither read nor emailed yet (one read under the bell is not news by
morning), and marks them emailed in the same transaction as the send, with the
day on the user's settings: a second run on the same day sends nothing.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from kla_portal.models import Notice, NoticeSettings

# A digest names this many notices at most; the rest are counted ("dan N lainnya").
DIGEST_LISTED = 50


def notify(users: Iterable, *, key: str, text: str, url: str = "") -> int:
    """A notice for each user (once per ``key``: the same event never twice). Returns
    how many were new. Text is in the site's language, as the digest is."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(text)[:300]
    rows = [Notice(user=user, key=key[:120], text=text, url=url[:300]) for user in set(users)]
    before = Notice.objects.filter(key=key[:120]).count()
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return Notice.objects.filter(key=key[:120]).count() - before


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


# ---------------------------------------------------------------------------
# The user's own notices


def notices_of(user):
    """The user's notices, newest first."""
    return Notice.objects.filter(user=user.pk).order_by("-created_at", "-pk")


def notice_of(user, pk: int) -> Notice:
    """One of the user's notices; another's is a 404, as if it did not exist."""
    return get_object_or_404(notices_of(user), pk=pk)


def is_local(url: str) -> bool:
    """Whether a notice's link stays on this site (a path, never another host): only
    then does opening the notice follow it."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


def read_notice(*, user, pk: int) -> Notice:
    """Open one of the user's notices: read from now on (another's is a 404)."""
    notice = notice_of(user, pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_read(*, user) -> int:
    """Every unread notice of the user read now; returns how many."""
    return notices_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def settings_of(user) -> NoticeSettings:
    """The user's choices as stored, or the defaults (email on) unsaved: reading them
    writes nothing; ``set_email_digest`` creates the row on first use."""
    found = NoticeSettings.objects.filter(user=user.pk).first()
    return found or NoticeSettings(user_id=user.pk)


@transaction.atomic
def set_email_digest(*, user, on: bool) -> NoticeSettings:
    row, _created = NoticeSettings.objects.get_or_create(user_id=user.pk)
    row.email_digest = on
    row.save(update_fields=["email_digest"])
    return row


# ---------------------------------------------------------------------------
# The daily digest


def _wanting_digest(today: date) -> Q:
    """Notices of active users with an address, email on (no settings row: the default,
    on), who have not had their digest today."""
    settings_ok = Q(user__notice_settings__isnull=True) | (
        Q(user__notice_settings__email_digest=True)
        & (
            Q(user__notice_settings__last_digest_on__isnull=True)
            | ~Q(user__notice_settings__last_digest_on=today)
        )
    )
    return (
        Q(emailed_at__isnull=True, read_at__isnull=True, user__is_active=True)
        & ~Q(user__email="")
        & settings_ok
    )


def send_digests(today: date | None = None) -> int:
    """Today's digests not sent yet: one email per person with the notices they have
    not read nor been emailed. Returns how many emails went."""
    today = today or timezone.localdate()
    user_ids = (
        Notice.objects.filter(_wanting_digest(today))
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in get_user_model().objects.filter(pk__in=list(user_ids)).order_by("pk"):
            sent += _send_digest(user, today)
    return sent


@transaction.atomic
def _send_digest(user, today: date) -> int:
    row, _created = NoticeSettings.objects.get_or_create(user_id=user.pk)
    row = NoticeSettings.objects.select_for_update().get(pk=row.pk)
    if not row.email_digest or row.last_digest_on == today:
        return 0  # another run got here first, or the switch went off meanwhile
    notices = list(notices_of(user).filter(emailed_at__isnull=True, read_at__isnull=True))
    if not notices:
        return 0
    notices.reverse()  # the oldest first, as the day went
    listed = notices[:DIGEST_LISTED]
    for notice in listed:
        notice.link = settings.SITE_URL + notice.url if is_local(notice.url) else ""
    context = {
        "user": user,
        "name": user.get_full_name() or user.username,
        "notices": listed,
        "more": len(notices) - len(listed),
        "today": today,
        "notices_url": settings.SITE_URL + reverse("notices"),
    }
    send_mail(
        _("Portal KLA: %(n)s pemberitahuan baru") % {"n": len(notices)},
        render_to_string("kla_portal/notice_digest.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    Notice.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
    row.last_digest_on = today
    row.save(update_fields=["last_digest_on"])
    return 1
