"""``manage.py seed_demo``: logins that work, printed for the newcomer, and a second run that
changes nothing. The demo is seeded once for this module and the other modules on it
(``demo_world``); each test's writes are rolled back."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from kla_portal.demo import DEMO_PASSWORD, DEMO_USERS
from kla_portal.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def first_run(demo_world) -> str:
    """What the first run printed (tests/conftest.py's demo_world)."""
    return demo_world.output


def test_every_demo_login_works_and_seeding_twice_changes_nothing(first_run, rf):
    memberships = Membership.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert Membership.objects.count() == memberships
    for username, *_ in DEMO_USERS:
        request = rf.post("/akun/masuk/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_it_prints_the_demo_logins(first_run):
    for username, *_ in DEMO_USERS:
        assert username in first_run
    assert DEMO_PASSWORD in first_run


def test_it_prints_the_operator_logins_with_the_others(first_run):
    logins = first_run.split("Login demo")[1]
    for username in ("disdukcapil.balangan", "dinkes.balangan", "kemenag.balangan"):
        assert username in logins
    assert "kec.paringin.balangan" in logins
