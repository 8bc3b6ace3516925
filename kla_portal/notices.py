"""In-app notices: the bell's count, the list of notices, the daily email digest.

The apps say what happened (``notify``); this module keeps each person's notices,
counts the unread ones and sends at most one digest a day per person, to those
who have not switched email off (``NoticeSettings``).
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from kla_portal.models import Notice


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
