"""Issue 17, must show 1 and 2: axe-core finds no serious or critical violation on the
pages each role works in, in Indonesian and in English, and none of them scrolls sideways
or hides a navbar control at 360, 768, 1366 or 1920 px.

One journey over the demo (``seed_demo``): each login signs in once and walks its pages;
each page is loaded once per language and checked at every width without reloading; axe
runs at 1366 px on every page and at 360 px on each login's first (the collapsed navbar
is the same on every page), about a second a run.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from indicators.models import Assessment
from trainings.models import Certificate, Training

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (360, 768, 1366, 1920)
AXE_WIDTH = 1366  # every page; a login's first page at PHONE as well (the collapsed menu)
PHONE = 360
LANGUAGES = ("id", "en")
SERVER_ERROR_URL = "/uji-halaman-500/"  # answered by the test with Django's own 500 page

VIOLATIONS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact,
                  targets: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
}"""

# What a person sees of the navbar: the brand, the counts, the toggler or the open bar's
# links, pickers and user menu; not what sits in the closed menu or a closed dropdown.
LAYOUT = """() => {
  const width = window.innerWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width)
    problems.push(`scrolls sideways by ${document.documentElement.scrollWidth - width} px`);
  const controls = document.querySelectorAll(
    'nav.navbar a, nav.navbar button, nav.navbar select');
  for (const el of controls) {
    // Not rendered on purpose at this width (the toggler on a wide screen, the closed
    // menu on a phone), in a closed dropdown, or the skip link until it is focused.
    if (el.getClientRects().length === 0 || el.closest('.dropdown-menu')) continue;
    if (el.classList.contains('visually-hidden-focusable')) continue;
    const box = el.getBoundingClientRect();
    const name = (el.getAttribute('aria-label') || el.textContent || el.id).trim().slice(0, 30);
    if (box.width === 0 || box.height === 0) problems.push(`${name}: zero-size`);
    else if (box.left < 0 || box.right > width + 0.5) problems.push(
      `${name}: ${Math.round(box.left)}..${Math.round(box.right)} outside 0..${width}`);
  }
  return problems;
}"""


@pytest.fixture
def demo(settings):
    """The demo the README describes; its certificate, training and draft for the URLs."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 PTH123
    return {
        "training": Training.objects.filter(district__code="63.11").order_by("pk").first().pk,
        "draft": Assessment.objects.get(district__code="63.11", year=2026).pk,
        "certificate": Certificate.objects.filter(revoked_on=None).order_by("pk").first().code,
    }


def journeys(demo):
    """Each login's pages: every landing page, the hub, each list and form, the
    assessment, the dashboards, the error pages and the public certificate."""
    training, draft = demo["training"], demo["draft"]
    return {
        None: [
            "/akun/masuk/",
            f"/sertifikat/{demo['certificate']}/",
            "/data-terbuka/",
            "/tidak-ada/",  # 404
            SERVER_ERROR_URL,  # 500
        ],
        "balangan": [
            "/",  # landing: the district hub
            "/kabupaten/63.11/gugus-tugas/",
            "/kabupaten/63.11/gugus-tugas/baru/",
            "/kabupaten/63.11/lembaga/",
            "/kabupaten/63.11/lembaga/baru/",
            "/kabupaten/63.11/perangkat-daerah/",
            "/kabupaten/63.11/pelatihan/",
            "/kabupaten/63.11/pelatihan/baru/",
            f"/pelatihan/{training}/",
            "/kabupaten/63.11/rtl/",
            "/kabupaten/63.11/rtl/baru/",
            "/kabupaten/63.11/indikator/",
            f"/penilaian/{draft}/",
            "/pemberitahuan/",
            "/akun/sandi/",
        ],
        "gugus.balangan": ["/", "/rtl/saya/", "/kabupaten/63.11/aktivitas/"],  # the last: 403
        "kalsel": ["/", "/antrean/"],
        "evaluator": ["/", "/indikator/"],
        "hst": ["/"],
        "dinkes.balangan": ["/"],
        "kec.paringin.balangan": ["/"],
    }


def serve_the_500_page(page, url):
    """No URL raises on purpose: answer one with what Django renders for an error."""
    with translation.override("id"):
        body = server_error(RequestFactory().get("/")).content
    page.route(
        url + SERVER_ERROR_URL,
        lambda route: route.fulfill(status=500, body=body, content_type="text/html"),
    )


def test_every_page_passes_axe_and_fits_every_width_in_both_languages(
    demo, browser, live_server, settings
):
    failures = []
    checked = set()
    for username, paths in journeys(demo).items():
        context = browser.new_context(bypass_csp=True)  # axe arrives as an inline script
        page = context.new_page()
        page.set_default_timeout(10_000)
        if username:
            page.goto(f"{live_server.url}/akun/masuk/")
            page.get_by_label("Nama pengguna").fill(username)
            page.get_by_label("Sandi", exact=False).fill("demo-kla-2025")
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(lambda url: "/akun/masuk/" not in url)
        else:
            serve_the_500_page(page, live_server.url)
        for language in LANGUAGES:
            context.add_cookies(
                [
                    {
                        "name": settings.LANGUAGE_COOKIE_NAME,
                        "value": language,
                        "url": live_server.url,
                    }
                ]
            )
            for path in paths:
                page.set_viewport_size({"width": WIDTHS[0], "height": 800})
                page.goto(live_server.url + path)
                where = f"{username or 'anonim'} {language} {path}"
                checked.add(page.url)
                page.add_script_tag(path=AXE)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    failures += [f"{where} @{width}px: {p}" for p in page.evaluate(LAYOUT)]
                    if width == AXE_WIDTH or (width == PHONE and path == paths[0]):
                        failures += [
                            f"{where} @{width}px: {v['id']} ({v['impact']}) {v['targets']}"
                            for v in page.evaluate(VIOLATIONS)
                        ]
        context.close()

    assert len(checked) >= 20
    assert not failures, "\n".join(sorted(set(failures)))
