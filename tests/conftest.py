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

import contextlib
import csv
import functools
import io
import itertools
import shutil
import weakref
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.test import override_settings
from django.utils import translation

from indicators import catalogue as indicator_catalogue
from kla_portal.models import District, Membership, Province, Role, Subdistrict, Village
from kla_portal.regions import district_kind
from stakeholders import catalogue as sector_catalogue

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "idn-area"
TEST_PROVINCES = ("63", "64")
CHROMIUM = Path("/usr/bin/chromium")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_DB_BLOCKER = pytest.StashKey()
_SHARED_DEMO = pytest.StashKey()
_NEXT_ITEM = pytest.StashKey()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "early: a long test, run before all others (as the browser tests are): started "
        "last, it ended the run on one xdist worker while the others had nothing left to do",
    )


def _is_early(item) -> bool:
    return item.get_closest_marker("early") is not None or "browser" in item.keywords


def pytest_collection_modifyitems(config, items):
    # The long tests first, transactional or not: pytest-django runs those last, but the
    # reference data they flush is put back after each (pytest_runtest_teardown). The other
    # workers take ("steal", make test's --dist worksteal) what is queued behind them.
    early = [item for item in items if _is_early(item)]
    items[:] = early + [item for item in items if not _is_early(item)]
    _run_the_demo_modules_first(items)  # the early ones among them first of all
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser test: Chromium not found at {CHROMIUM} "
        "(install it with `apt-get install -y chromium`)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _reads_the_demo(item) -> bool:
    return "demo_world" in getattr(item, "fixturenames", ())


def _run_the_demo_modules_first(items):
    """The modules on ``demo_world``, one after another, before the others: the demo is
    seeded once for them all (on one xdist worker: the first tests go to the first worker).
    None is transactional: the flush at its end would empty the demo."""
    modules = {item.path for item in items if _reads_the_demo(item)}
    first = [item for item in items if item.path in modules]
    for item in first:
        if _is_transactional(item):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test in a demo_world module")
    items[:] = first + [item for item in items if item.path not in modules]


@pytest.fixture(scope="session")
def _media_roots(tmp_path_factory):
    """One folder per worker for the tests' uploads, and a counter naming each test's own."""
    return tmp_path_factory.mktemp("media"), itertools.count()


@pytest.fixture
def media_root(_media_roots):
    """Where this test's uploads go (made by the first upload); a module sharing records with
    files overrides it. Not ``tmp_path``: making and numbering a folder for each of the
    thousands of tests that upload nothing cost more than many of them."""
    base, numbers = _media_roots
    root = base / str(next(numbers))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def stash_root(media_root):
    """Where this test's uploads wait for their import to be confirmed: beside its media
    root, not in it, as in production (made by the first upload)."""
    root = media_root.with_name(f"{media_root.name}-stash")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, media_root, stash_root):
    settings.PASSWORD_HASHERS = PASSWORD_HASHERS
    settings.MEDIA_ROOT = media_root
    settings.IMPORT_STASH_ROOT = stash_root
    yield
    # A request in English leaves English active in the thread (LocaleMiddleware activates
    # a request's language and nothing deactivates it): the next test starts in Indonesian.
    translation.activate(settings.LANGUAGE_CODE)


@functools.cache
def _csv(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


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


# Not rows of the reference data: the flush's post_migrate makes them again, with new ids.
_REMADE_BY_POST_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
# The reference rows as first loaded, model by model: a flush is followed by a bulk insert
# of these (a tenth of the loaders' time, and the same rows with the same ids).
_reference_rows: list = []


def _capture_reference_data():
    _reference_rows[:] = [
        (model, rows)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in _REMADE_BY_POST_MIGRATE
        if (rows := list(model._base_manager.order_by("pk")))
    ]


def _restore_reference_data():
    for model, rows in _reference_rows:
        model._base_manager.bulk_create(rows)
    # Whatever the flush did to the sequences, the next row of each table follows these.
    models = [model for model, _rows in _reference_rows]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def ensure_reference_data():
    """Load the reference data unless it is there (``--reuse-db`` keeps it, committed)."""
    if Province.objects.filter(code=TEST_PROVINCES[0]).exists():
        if not _reference_rows:
            _capture_reference_data()
        return
    with transaction.atomic():
        if _reference_rows:
            _restore_reference_data()
        else:
            load_reference_data()
            _capture_reference_data()


# Every connection opened in this process, whichever thread or context opened it.
_opened_connections = weakref.WeakSet()
# Set by every flush (its post_migrate signal); cleared once the reference data is checked.
_flushed = [True]


def _remember_connection(sender, **kwargs):
    _opened_connections.add(kwargs["connection"])


def _note_flush(sender, **kwargs):
    _flushed[0] = True


connection_created.connect(_remember_connection, dispatch_uid="tests.conftest.connections")
post_migrate.connect(_note_flush, dispatch_uid="tests.conftest.flush")


def _close_stray_connections():
    """Close the connections the end of the session would leave open.

    Under Playwright an event loop runs in the test thread, and Django then keeps that
    thread's connections apart from the ones it opened before: pytest-django closes one
    set, and dropping the test database waited five seconds for the other, then failed
    (leaving the database behind).
    """
    current = {id(connections[alias]) for alias in connections}
    for wrapper in list(_opened_connections):
        if id(wrapper) not in current and wrapper.connection is not None:
            with contextlib.suppress(Exception):  # already gone with its thread
                wrapper.connection.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Load the reference data once, committed, before the first test's transaction opens."""
    with django_db_blocker.unblock():
        ensure_reference_data()
    _flushed[0] = False
    request.config.stash[_DB_BLOCKER] = django_db_blocker
    yield
    _close_stray_connections()


def _uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(item.fixturenames)
    )


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the reference data back when a test's teardown emptied the tables.

    pytest-django ends a transactional test (``transaction=True``, ``live_server``)
    with a flush of every table, and every later test on this worker counts on the
    reference data. After any flush (its post_migrate signal) or transactional test the
    database is asked (one query), rather than trusting which tests flush; a test that
    ran in a transaction and flushed nothing leaves the data as it found it.
    """
    item.config.stash[_NEXT_ITEM] = nextitem  # for demo_world's teardown
    result = yield
    blocker = item.config.stash.get(_DB_BLOCKER, None)
    if (
        blocker is not None
        and nextitem is not None
        and _uses_the_database(item)
        and (_flushed[0] or _is_transactional(item))
    ):
        with blocker.unblock():
            ensure_reference_data()
        _flushed[0] = False
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
            # Check the world's deferred foreign keys now, once. Left pending, they were
            # checked again at the end of every test (Django's TestCase checks constraints
            # there, and rolling back the test's savepoint puts them back in the queue).
            connection.check_constraints()

    try:
        yield building
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class SharedDemo:
    """``manage.py seed_demo``, run once in a transaction held open over the modules that
    read the demo (``demo_world``), which run one after another; rolled back after the last.
    """

    def __init__(self, blocker, media_root):
        self.blocker = blocker
        self.media_root = media_root  # the demo's files (the agencies' data matrices)
        self.output = ""  # what the seed printed: the demo logins
        self._outer = None

    def open(self):
        if self._outer is not None:
            return self
        with self.blocker.unblock():
            if connection.in_atomic_block:
                raise RuntimeError("demo_world must come before module_db and every other world")
            self._outer = transaction.atomic()
            self._outer.__enter__()
            try:
                with override_settings(
                    MEDIA_ROOT=self.media_root, PASSWORD_HASHERS=PASSWORD_HASHERS
                ):
                    out = io.StringIO()
                    call_command("seed_demo", stdout=out)
                connection.check_constraints()  # once, not after every test (see module_db)
            except BaseException:
                self.close()
                raise
        self.output = out.getvalue()
        return self

    def close(self):
        if self._outer is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._outer.__exit__(None, None, None)
        self._outer = None
        shutil.rmtree(self.media_root, ignore_errors=True)


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker, tmp_path_factory, request):
    demo = SharedDemo(django_db_blocker, tmp_path_factory.mktemp("demo-media"))
    request.config.stash[_SHARED_DEMO] = demo
    yield demo
    demo.close()


@pytest.fixture(scope="module")
def demo_world(_shared_demo, django_db_blocker, request):
    """The demo as ``manage.py seed_demo`` leaves it (a seed takes seconds): seeded once for
    all the modules that ask for it, which run first and one after another, and rolled back
    after the last. Each module's writes, in a savepoint, are undone at its end; each test's
    at the test's. ``.output`` is what the seed printed, ``.media_root`` where its files are.
    Not for transactional tests, nor with ``module_db`` (whose transaction would enclose it).
    """
    demo = _shared_demo.open()
    with django_db_blocker.unblock():
        savepoint = transaction.atomic()
        savepoint.__enter__()
    try:
        yield demo
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            savepoint.__exit__(None, None, None)
        # The last module on the demo closes it here, not at the end of the session: the
        # browser tests' Playwright runs the later tests in a context of its own, with a
        # database connection of its own, torn down before the session's fixtures are.
        nextitem = request.config.stash.get(_NEXT_ITEM, None)
        if nextitem is None or not _reads_the_demo(nextitem):
            _shared_demo.close()


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
