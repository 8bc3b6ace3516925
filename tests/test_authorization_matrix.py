"""Every URL, as every role, for its own region and a foreign one.

The URL list comes from the URL configuration itself: a new URL without an
entry in ``MATRIX`` (or ``EXEMPT``, with a reason) fails
``test_every_url_has_an_entry``. Each entry names an access class, which fixes
the expected status per role and region:

- "own" region objects live in Kabupaten Balangan (63.11), inside the province
  coordinator's province; "foreign" ones in Kota Balikpapan (64.71), outside it.
- roles: anonymous, evaluator, province coordinator (Kalimantan Selatan),
  Balangan's district admin and task-force member, another district's admin
  (Hulu Sungai Tengah), superuser, and Balangan's two operators: the Disdukcapil's
  (agency operator) and kecamatan Paringin's. The operators get what the task-force
  member gets (``authorization_rules.expected``) but on their own part.

Both worlds and the cast, each user signed in once, are built once for the
module (``matrix``), not once per case: building them cost ten times the
request. Each case runs in a savepoint that is rolled back, so a POST that
changes a record (or a session) changes it for that case only, and each request
loads its user afresh from the session, as a server does.
"""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authorization_rules import LOGIN, OPERATORS, ROLES, Entry, expected
from tests.authorization_world import build_cast, build_world
from tests.indicators.agency_authorization import AGENCY_ANSWERS_MATRIX, OTHER_AGENCY
from tests.indicators.api_authorization import API_EXEMPT, API_MATRIX
from tests.indicators.area_authorization import AREAS_MATRIX, OTHER_KECAMATAN
from tests.indicators.authorization import INDICATORS_MATRIX
from tests.indicators.exports.authorization import EXPORTS_MATRIX
from tests.indicators.queue_authorization import QUEUES_MATRIX
from tests.indicators.stage_authorization import STAGES_MATRIX
from tests.kla_portal.notice_authorization import NOTICES_MATRIX
from tests.stakeholders.authorization import STAKEHOLDERS_MATRIX
from tests.trainings.authorization import TRAININGS_MATRIX
from tests.trainings.plans.authorization import PLANS_MATRIX

MATRIX = {
    # home redirects every user: to the login page, or to the user's region
    "home": Entry("account", overrides={(g, r): 302 for g in ("own", "foreign") for r in ROLES}),
    # every user sees the provinces of their own regions (tested in test_region_pages)
    "national": Entry("account"),
    "province": Entry(
        "read",
        args=lambda w: [w.district.province_id],
        overrides={("own", "other_admin"): 200},  # HST is in the same province as Balangan
    ),
    "district": Entry("read", args=lambda w: [w.district.code]),
    "activity_log": Entry("audit", args=lambda w: [w.district.code]),
    # A deactivated record is restored by its district's admin (or a superuser).
    "restore": Entry(
        "manage",
        overrides=dict.fromkeys(
            (("own", "admin"), ("own", "superuser"), ("foreign", "superuser")), 302
        ),
        args=lambda w: ["stakeholders.institution", w.archived_institution.pk],
        method="post",
    ),
    "password_change": Entry("account"),
    "password_change_done": Entry("account"),
    # An operator's first password: a bad link says so, to anyone (a good one: test_agencies).
    "password_reset_confirm": Entry("public", args=lambda w: ["MQ", "bad-token"]),
    "password_reset_complete": Entry("public"),
    # "Lupa sandi?": anyone may ask for a link (tested in test_password_reset).
    "password_reset": Entry("public"),
    "password_reset_done": Entry("public"),
    # The district's locked sign-ins: its admin (and superusers) lift them (test_lockouts).
    "locked_accounts": Entry("manage", args=lambda w: [w.district.code]),
}

# Each app keeps its rows (and the records they need) in tests/<app>/authorization.py.
MATRIX |= STAKEHOLDERS_MATRIX | TRAININGS_MATRIX | PLANS_MATRIX | INDICATORS_MATRIX | EXPORTS_MATRIX
MATRIX |= AGENCY_ANSWERS_MATRIX
# KECAMATAN: the kecamatan operator's pages (its kecamatan's and desa's reports).
MATRIX |= AREAS_MATRIX
# Notices and queues: every signed-in user's own, never another's.
MATRIX |= NOTICES_MATRIX | QUEUES_MATRIX
# The evaluation's stages after the VA (the evaluators') and the rounds' calendar.
MATRIX |= STAGES_MATRIX

# The token page; the JSON API is walked by tests/indicators/test_api_access.py (EXEMPT below).
MATRIX |= API_MATRIX

# The task-force member's one write, progress on the RTL item assigned to them, is not the
# operators' (who inherit the member's other statuses).
MATRIX["plans:item_update"].overrides |= {("own", role): 403 for role in OPERATORS}

EXEMPT = {
    "login": "public sign-in form, tested in test_login_security",
    "logout": "POST-only sign-out, tested by the browser journey",
    "select_region": "POST of a region code, not an object URL; tested in test_region_pages",
    "set_language": "Django's language switch, public by design",
    "manifest": "public web manifest, tested in tests/kla_portal/test_app_icons.py",
    "service_worker": "public script at the root, tested in tests/kla_portal/test_app_icons.py",
    "favicon": "public redirect to the static icon, tested in tests/kla_portal/test_app_icons.py",
}
EXEMPT |= API_EXEMPT


def named_urls(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, guarded by Django itself
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_has_an_entry():
    missing = sorted(set(named_urls()) - set(MATRIX) - set(EXEMPT))
    assert missing == [], f"add these URLs to MATRIX in {__file__}"
    assert sorted(set(MATRIX) - set(named_urls())) == [], "stale MATRIX entries"


CASES = [(name, role, region) for name in MATRIX for role in ROLES for region in ("own", "foreign")]


@pytest.fixture
def media_root(module_media_root):
    """The worlds' files (decrees, evidence, documents) live as long as the worlds."""
    return module_media_root


def signed_in(user) -> str:
    """The key of a session signed in as this user (``force_login`` once, not per case)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def matrix(module_db):
    with module_db():
        cast = build_cast()
        return SimpleNamespace(
            sessions={role: signed_in(user) for role, user in cast.items()},
            worlds={region: build_world(region, cast) for region in ("own", "foreign")},
        )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role", "region"), CASES)
def test_status_matches_the_matrix(matrix, client, name, role, region):
    entry = MATRIX[name]
    world = matrix.worlds[region]
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[role]
    url = reverse(name, args=entry.args(world))

    response = getattr(client, entry.method)(url, entry.data)

    status = expected(entry, region, role)
    assert response.status_code == status, f"{role} {entry.method.upper()} {url}"
    if status == LOGIN and role == "anonymous":
        assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", OTHER_AGENCY)
def test_an_agency_operator_is_refused_another_agencys_part(matrix, client, case):
    """The matrix reaches the operator's own agency; this, the other agency of its district."""
    name, args, method = OTHER_AGENCY[case]
    client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions["agency_operator"]
    url = reverse(name, args=args(matrix.worlds["own"]))

    response = getattr(client, method)(url, {"answer": "met", "action": "save"})

    assert response.status_code == 403, f"{method.upper()} {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", OTHER_KECAMATAN)
def test_a_kecamatan_operator_is_refused_another_kecamatan_of_its_district(matrix, client, case):
    """The matrix reaches the operator's own kecamatan; this, another one of its district."""
    name, args, method = OTHER_KECAMATAN[case]
    client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions["kecamatan_operator"]
    url = reverse(name, args=args(matrix.worlds["own"]))

    response = getattr(client, method)(url)

    assert response.status_code == 403, f"{method.upper()} {url}"
