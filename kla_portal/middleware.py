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
