"""Where a form sends the user back to: the ``next`` it was given, when that is safe.

Every view that reads ``next`` asks ``next_or`` instead of ``redirect(next)``: given
``zzz`` or ``-1``, ``redirect`` tries to reverse it as a view name and fails with a
500, a NUL byte or a newline cannot go into a ``Location`` header, and an address of
another site (``//evil.example``) would turn the app into an open redirect. Only a
path on this site is followed; anything else falls back to the page the view names.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None) -> str | None:
    """``value`` if it is a path on this site, else None."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value


def next_or(request, default, *args) -> HttpResponseRedirect:
    """A redirect to the request's ``next`` (POST, else GET) if safe, else to ``default``
    (anything ``redirect`` takes: a URL, a view name with ``args``, a model)."""
    value = request.POST.get("next") or request.GET.get("next")
    target = safe_next(request, value)
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect(default, *args)
