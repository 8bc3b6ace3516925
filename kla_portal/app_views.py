"""What makes the portal an installable app: the web manifest, the service worker, the favicon.

The service worker is served from the site's root, not from ``/static/``: a worker only
controls the pages under the folder it is served from, and the attendance pages live under
``/pelatihan/``. The manifest is a view so that its names follow the user's language.
"""

import json

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView


@require_GET
def manifest(request):
    """The web manifest: name, colours and the icon set, so a phone can install the portal."""
    data = {
        "name": _("Portal KLA"),
        "short_name": _("Portal KLA"),
        "description": _(
            "Kabupaten/Kota Layak Anak: pelatihan KHA, Gugus Tugas, RTL dan penilaian."
        ),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """``static/js/sw.js`` from the root, so it may control every page of the site.

    ``no-cache``: a changed worker must reach the phones on their next visit, not a day later.
    """
    path = finders.find("js/sw.js")
    config = {
        "logout": reverse("logout"),
        "login": reverse("login"),
        "static": static(""),
    }
    with open(path, encoding="utf-8") as source:
        script = f"const CONFIG = {json.dumps(config)};\n" + source.read()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


class FaviconView(RedirectView):
    """Browsers ask for ``/favicon.ico`` whatever the page says: point them to the icon.

    Not permanent: in production the target's name carries a hash of the file, which changes
    with the icon, and a browser keeps a permanent redirect for good.
    """

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("icons/favicon.ico")
