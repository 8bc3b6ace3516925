"""PDF documents made on the server from the app's own templates and CSS (WeasyPrint).

What leaves the office on paper (certificates, the training report, the assessment
summary) is rendered here rather than by a browser's print dialog, so every user gets
the same pages whatever their browser, and a test can read them back with pdftotext.

The renderer reads only two kinds of URL: files under ``static/`` (the documents'
stylesheet and fonts, named relative to that folder) and ``data:`` URIs (a logo, a QR
code, inlined by the caller). It fetches nothing from the network and no other file, so
a document's content cannot make the server read anything else.
"""

import atexit
import threading
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

STATIC_DIR = Path(settings.BASE_DIR) / "static"
STATIC_BASE = STATIC_DIR.as_uri() + "/"


def _fetcher():
    # Imported here: WeasyPrint loads Pango when imported, which only the documents need.
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not (url.startswith(STATIC_BASE) or url.startswith("data:")):
                raise ValueError(f"not a static file or a data URI: {url[:80]}")
            if url.startswith(STATIC_BASE) and ".." in url:
                raise ValueError(f"outside the static folder: {url[:80]}")
            return super().fetch(url, headers)

    return StaticOnly(allowed_protocols={"file", "data"})


DOCUMENTS_CSS = STATIC_BASE + "css/documents.css"
_per_thread = threading.local()
# Dropped before the interpreter tears WeasyPrint's modules down (its finaliser needs them).
atexit.register(_per_thread.__dict__.clear)


def _documents_stylesheet():
    """The documents' stylesheet and its fonts, parsed and loaded once per thread.

    Loading the six web fonts (fontTools unpacks each WOFF) cost more than laying out
    most documents; a WeasyPrint font configuration is not shared between threads.
    """
    if not hasattr(_per_thread, "stylesheet"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        css = CSS(url=DOCUMENTS_CSS, url_fetcher=_fetcher(), font_config=fonts)
        _per_thread.stylesheet = (css, fonts)
    return _per_thread.stylesheet


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered to HTML, then to PDF with ``static/css/documents.css``; the
    template's own ``url()`` paths are relative to ``static/``."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    css, fonts = _documents_stylesheet()
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[css], font_config=fonts)


def pdf_response(data: bytes, name: str) -> HttpResponse:
    """Shown in the browser's PDF viewer (inline), saved as ``<name>.pdf``."""
    response = HttpResponse(data, content_type="application/pdf")
    filename = (slugify(name)[:80] or "dokumen") + ".pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
