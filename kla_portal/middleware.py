from django.http import HttpResponseBadRequest
from django.utils.translation import gettext


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
