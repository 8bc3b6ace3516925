"""A signed-in session lasts eight idle hours: each visit pushes its end forward, at most
once every five minutes, so reading pages does not write the session row every time."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kla_portal.middleware import REFRESHED


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def session_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_a_visit_after_the_interval_moves_the_end_of_the_session(client, balangan_admin):
    client.force_login(balangan_admin)
    url = reverse("notices")
    client.get(url)
    row = session_row(client)
    # As if the last refresh had been an hour ago, and the end were seven hours away.
    session = client.session
    session[REFRESHED] -= 60 * 60
    session.save()
    Session.objects.filter(pk=row.pk).update(expire_date=row.expire_date - timedelta(hours=1))

    assert session_writes(client, url)
    assert session_row(client).expire_date > row.expire_date - timedelta(minutes=1)


def test_pages_read_within_the_interval_do_not_write_the_session(client, balangan_admin):
    client.force_login(balangan_admin)
    url = reverse("notices")
    client.get(url)
    before = session_row(client).expire_date

    assert session_writes(client, url) == []
    assert session_writes(client, url) == []
    assert session_row(client).expire_date == before


def test_a_stale_cookie_makes_no_session_for_an_anonymous_visitor(client, db):
    client.cookies["sessionid"] = "no-such-session-0123456789abcdef"
    client.get(reverse("login"))
    assert not Session.objects.exists()
