from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command

from kla_portal.demo import DEMO_PASSWORD, DEMO_USERS
from kla_portal.models import Membership


def test_every_demo_login_works_and_seeding_twice_changes_nothing(regions, rf):
    call_command("seed_demo", stdout=StringIO())
    memberships = Membership.objects.count()

    call_command("seed_demo", stdout=StringIO())

    assert Membership.objects.count() == memberships
    for username, *_ in DEMO_USERS:
        request = rf.post("/akun/masuk/")
        assert authenticate(request, username=username, password=DEMO_PASSWORD), username


def test_it_prints_the_demo_logins(regions, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username, *_ in DEMO_USERS:
        assert username in out
    assert DEMO_PASSWORD in out
