"""The cast every test shares (healthchecks' Alice/Bob habit), and the reference data under it.

Regions come from the shipped Kemendagri CSVs, limited to Kalimantan Selatan
(63) and Kalimantan Timur (64) so loading them takes milliseconds. With the
sector catalogue and the Perpres 25/2021 framework they are the reference data:
loaded once per test database (one per xdist worker), outside every test's
transaction, so a test that asks for ``regions``, ``sectors`` or ``framework``
only looks rows up. A test about loading those tables, or about what happens
without them, asks for ``empty_reference_tables`` (or ``without_regions``,
``without_sectors``, ``without_framework``). A module whose tests share a world
too costly to build per test builds it once inside ``module_db``.

The users: a ministry evaluator, the Kalimantan Selatan coordinator, Balangan's
Dinas PPPA admin and task-force member, and Hulu Sungai Tengah's admin. Kota
Balikpapan (64.71) is the district outside the coordinator's province.
"""

import csv
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from indicators import catalogue as indicator_catalogue
from kla_portal.models import District, Membership, Province, Role, Subdistrict, Village
from kla_portal.regions import district_kind
from stakeholders import catalogue as sector_catalogue

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "idn-area"
TEST_PROVINCES = ("63", "64")
CHROMIUM = Path("/usr/bin/chromium")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_DB_BLOCKER = pytest.StashKey()


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser test: Chromium not found at {CHROMIUM} "
        "(install it with `apt-get install -y chromium`)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def media_root(tmp_path):
    """Where this test's uploads go; a module sharing records with files overrides it."""
    root = tmp_path / "media"
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, media_root):
    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    settings.MEDIA_ROOT = media_root


def _csv(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_data():
    """The test provinces' regions, the sectors and the framework, as a fresh install has them."""
    Province.objects.bulk_create(
        Province(code=r["code"], name=r["name"])
        for r in _csv("provinces.csv")
        if r["code"] in TEST_PROVINCES
    )
    District.objects.bulk_create(
        District(
            code=r["code"],
            province_id=r["province_code"],
            name=r["name"],
            kind=district_kind(r["name"]),
        )
        for r in _csv("regencies.csv")
        if r["province_code"] in TEST_PROVINCES
    )
    Subdistrict.objects.bulk_create(
        Subdistrict(code=r["code"], district_id=r["regency_code"], name=r["name"])
        for r in _csv("districts.csv")
        if r["regency_code"][:2] in TEST_PROVINCES
    )
    Village.objects.bulk_create(
        Village(code=r["code"], subdistrict_id=r["district_code"], name=r["name"])
        for r in _csv("villages.csv")
        if r["district_code"][:2] in TEST_PROVINCES
    )
    sector_catalogue.load()
    indicator_catalogue.load()


def ensure_reference_data():
    """Load the reference data unless it is there (``--reuse-db`` keeps it, committed)."""
    if not Province.objects.filter(code=TEST_PROVINCES[0]).exists():
        load_reference_data()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Load the reference data once, committed, before the first test's transaction opens."""
    with django_db_blocker.unblock():
        ensure_reference_data()
    request.config.stash[_DB_BLOCKER] = django_db_blocker


def _uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the reference data back when a test's teardown emptied the tables.

    pytest-django ends a transactional test (``transaction=True``, ``live_server``)
    with a flush of every table, and every later test on this worker counts on the
    reference data. Asking the database (one query) rather than re-deriving which
    tests flush keeps this right however a test comes to be transactional.
    """
    result = yield
    blocker = item.config.stash.get(_DB_BLOCKER, None)
    if blocker is not None and nextitem is not None and _uses_the_database(item):
        with blocker.unblock():
            ensure_reference_data()
    return result


@pytest.fixture(scope="module")
def module_media_root(tmp_path_factory):
    """Uploads of the records a module builds once; its tests override ``media_root`` with it."""
    root = tmp_path_factory.mktemp("media")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, module_media_root):
    """A transaction around a whole module, rolled back at its end (djangoproject.com's
    ``setUpTestData``, in pytest).

    Records a module-scoped fixture builds inside ``with module_db():`` are made once
    and seen by each of the module's tests; each test's own atomic block (pytest-django's
    ``db``) nests in this one as a savepoint, so whatever a test writes is undone before
    the next. The module must not hold transactional tests, which would commit (and
    flush) through it. Model instances built here are shared: tests re-read what they
    change or cache on (a user's ``_kla_memberships``).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()

    @contextmanager
    def building():
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=module_media_root, PASSWORD_HASHERS=PASSWORD_HASHERS),
        ):
            yield

    try:
        yield building
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def without_framework(db):
    """No indicator framework, as before ``load_catalogues``: deleted inside the test's
    transaction, so it is back for the next test."""
    from indicators.models import ChecklistItem, Framework, Indicator

    # Children first: each level protects its parent.
    for model in (ChecklistItem, Indicator, Framework):
        model.objects.all().delete()


@pytest.fixture
def without_sectors(db):
    """No sector catalogue, as before ``load_catalogues`` (back for the next test)."""
    from stakeholders.models import MilestoneDefinition, Sector

    for model in (MilestoneDefinition, Sector):
        model.objects.all().delete()


@pytest.fixture
def without_regions(db):
    """No provinces, districts, subdistricts or villages, as before ``load_regions`` (back
    for the next test)."""
    for model in (Village, Subdistrict, District, Province):
        model.objects.all().delete()


@pytest.fixture
def empty_reference_tables(without_framework, without_sectors, without_regions):
    """A database as ``migrate`` leaves it: for tests of the loaders and of what needs them."""


@pytest.fixture
def regions(db):
    """The regions of provinces 63 and 64, loaded for the session: this only asks for the db."""


@pytest.fixture
def kalsel(regions):
    return Province.objects.get(code="63")


@pytest.fixture
def balangan(regions):
    return District.objects.select_related("province").get(code="63.11")


@pytest.fixture
def hst(regions):
    return District.objects.select_related("province").get(code="63.07")


@pytest.fixture
def balikpapan(regions):
    return District.objects.select_related("province").get(code="64.71")


def make_user(username, role=None, *, province=None, district=None, **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password="kata-sandi-uji", email=f"{username}@example.id", **extra
    )
    if role:
        Membership.objects.create(user=user, role=role, province=province, district=district)
    return user


@pytest.fixture
def superuser(regions):
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.fixture
def evaluator(regions):
    return make_user("evaluator", Role.EVALUATOR)


@pytest.fixture
def kalsel_coordinator(kalsel):
    return make_user("kalsel", Role.PROVINCE_COORDINATOR, province=kalsel)


@pytest.fixture
def balangan_admin(balangan):
    return make_user("balangan", Role.DISTRICT_ADMIN, district=balangan)


@pytest.fixture
def balangan_member(balangan):
    return make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan)


@pytest.fixture
def hst_admin(hst):
    return make_user("hst", Role.DISTRICT_ADMIN, district=hst)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client, logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def sectors(db):
    """The shipped sector catalogue (nine sectors with their milestones), by code."""
    from stakeholders.models import Sector

    return {s.code: s for s in Sector.objects.prefetch_related("milestones")}


@pytest.fixture
def framework(db):
    """The shipped Perpres 25/2021 framework (24 indicators, their butir)."""
    from indicators.models import Framework

    return Framework.objects.get(code="perpres-25-2021")
