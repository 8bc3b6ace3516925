"""The cast every test shares (healthchecks' Alice/Bob habit).

Regions come from the shipped Kemendagri CSVs, limited to Kalimantan Selatan
(63) and Kalimantan Timur (64) so each test builds them in milliseconds. The
users: a ministry evaluator, the Kalimantan Selatan coordinator, Balangan's
Dinas PPPA admin and task-force member, and Hulu Sungai Tengah's admin. Kota
Balikpapan (64.71) is the district outside the coordinator's province.
"""

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from kla_portal.models import District, Membership, Province, Role, Subdistrict
from kla_portal.regions import district_kind

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "idn-area"
TEST_PROVINCES = ("63", "64")
CHROMIUM = Path("/usr/bin/chromium")


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


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


def _csv(name):
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def regions(db):
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
    from stakeholders.catalogue import load
    from stakeholders.models import Sector

    load()
    return {s.code: s for s in Sector.objects.prefetch_related("milestones")}
