import time

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext

# The key in the session that holds when its idle expiry was last pushed forward.
REFRESHED = "_kla_refreshed"


def indonesian_by_default(get_response):
    """Ignore the browser's Accept-Language so the portal opens in Bahasa Indonesia.

    Many office computers ship with English browsers, yet the officers work in
    Indonesian. English stays one click away: the language switch sets a cookie,
    which LocaleMiddleware (placed after this one) still honours.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


def refuse_nul_in_query(get_response):
    """Answer 400 to a query string holding a NUL character.

    No form or filter of the portal needs one, and PostgreSQL refuses it in any string
    a view would filter by (a 500 there; SQLite takes it): refused once here rather
    than in every view that reads a parameter.
    """

    def middleware(request):
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return HttpResponseBadRequest(gettext("Alamat halaman memuat karakter yang tidak sah."))
        return get_response(request)

    return middleware


def keep_sessions_alive(get_response):
    """Push an existing session's idle expiry forward, at most once per
    ``SESSION_REFRESH_SECONDS``.

    ``SESSION_SAVE_EVERY_REQUEST`` would give the same eight idle hours by writing the
    session row (an UPDATE and a commit) on every page load: one write per read, on the
    pages everybody reads. Marking the session changed only when its last refresh is older
    than the interval ends an idle session at most that much early. Sessions that do not
    exist yet are left alone: an anonymous visitor gets no row.
    """

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            refreshed = session.get(REFRESHED, 0)  # loads it: an expired key is dropped
            now = int(time.time())
            if session.session_key and now - refreshed >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED] = now
        return response

    return middleware
