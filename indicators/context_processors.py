from django.utils.functional import SimpleLazyObject

from indicators import queues


def waiting(request):
    """The navbar's bell and "Menunggu" badge, and the landing pages' short list of what
    waits (``indicators/_waiting.html``): ``nav_unread``, ``nav_waiting``, ``nav_queue``.

    One query (``queues.nav_counts``), made when a template first reads one of them, so
    a partial that shows none costs none; nothing at all for anonymous users.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = SimpleLazyObject(lambda: queues.nav_counts(user))
    return {
        "nav_unread": SimpleLazyObject(lambda: counts.unread),
        "nav_waiting": SimpleLazyObject(lambda: counts.waiting),
        "nav_queue": SimpleLazyObject(lambda: counts.entries),
    }
