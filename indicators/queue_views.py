"""The queue page ("menunggu tindakan saya") and the navbar's counts for polling.

Every signed-in user has a queue, empty or not: what is on it is theirs alone
(``indicators.queues`` reads it from their roles), so there is nothing to refuse.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from indicators import queues


@require_GET
@login_required
def queue(request):
    today = timezone.localdate()
    entries = queues.waiting_for(request.user, today)
    return render(
        request,
        "indicators/queue.html",
        {
            "entries": [e for e in entries if e.counted],
            "elsewhere": [e for e in entries if not e.counted],
            "today": today,
        },
    )


@require_GET
@never_cache
@login_required
def counts(request):
    """``{"unread": n, "waiting": m}``: what the bell and the "Menunggu" badge show, for
    ``static/js/notices.js`` to poll (the same query as the navbar's)."""
    found = queues.nav_counts(request.user)
    return JsonResponse({"unread": found.unread, "waiting": found.waiting})
