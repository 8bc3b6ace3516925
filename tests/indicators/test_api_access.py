"""The API (indicators/api/): every route as every role, with a token and with a session,
and what each role reads there.

The worlds and the cast are the authorization matrix's (tests/authorization_world.py),
built once for the module; each case runs in a savepoint, so a write is undone.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from indicators.agency_answers import NOT_YOUR_AGENCY
from indicators.api.marks import NOT_A_DAY
from indicators.api.site import NOT_SIGNED_IN
from indicators.models import AgencyAnswer
from kla_portal import tokens
from kla_portal.models import District
from tests.authorization_world import build_cast, build_world
from tests.indicators.api_authorization import API_ROUTES, expected
from tests.test_authorization_matrix import named_urls
from trainings.models import Attendance
from trainings.plans.actions import FUTURE_UPDATE


@pytest.fixture
def media_root(module_media_root):
    return module_media_root


@pytest.fixture(scope="module")
def api(module_db):
    with module_db():
        cast = build_cast()
        sessions = {}
        for role, user in cast.items():
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return SimpleNamespace(
            cast=cast,
            tokens={role: tokens.create_token(user=u, name="uji")[1] for role, u in cast.items()},
            sessions=sessions,
            worlds={region: build_world(region, cast) for region in ("own", "foreign")},
        )


def _call(client, api, role, auth, method, url, body=None):
    headers = {}
    if role != "anonymous" and auth == "token":
        headers["Authorization"] = f"Bearer {api.tokens[role]}"
    elif role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = api.sessions[role]
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, body or {}, content_type="application/json", headers=headers)


def test_every_api_route_is_covered():
    routes = {n for n in named_urls() if n.startswith("api:")}
    assert routes - {"api:api-root", "api:openapi-view"} == set(API_ROUTES)


# The session takes the same path past sign-in as the token: it is walked in the own
# region, by a reader of every district, the district's admin and member, and an outsider.
REGIONS = {"token": ("own", "foreign"), "session": ("own",)}
SESSION_ROLES = ("evaluator", "admin", "member", "other_admin")


@pytest.mark.django_db
@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("name", list(API_ROUTES))
def test_every_role_gets_the_status_the_rules_give(api, name, auth):
    """One case per route: every role and region in turn, each request in a savepoint
    rolled back (a write changes nothing for the next); all mismatches reported at once."""
    route = API_ROUTES[name]
    wrong = []
    for region in REGIONS[auth]:
        world = api.worlds[region]
        url = reverse(name, args=route.args(world))
        body = route.body(world) if callable(route.body) else route.body
        for role in route.roles:
            if auth == "session" and role not in SESSION_ROLES:
                continue
            with transaction.atomic():
                response = _call(Client(), api, role, auth, route.method, url, body)
                transaction.set_rollback(True)
            status = expected(route, region, role)
            if response.status_code != status:
                wrong.append(f"{role} {region}: {response.status_code}, not {status}")
            elif status == 401:
                assert response.json() == {"detail": str(NOT_SIGNED_IN)}
    assert wrong == [], f"{route.method.upper()} {name} ({auth})"


def _get(client, api, role, name, *args, **query):
    response = _call(client, api, role, "token", "get", reverse(name, args=args))
    if query:
        url = reverse(name, args=args) + "?" + "&".join(f"{k}={v}" for k, v in query.items())
        response = _call(client, api, role, "token", "get", url)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_a_province_coordinators_token_sees_its_province_only(api, client):
    data = _get(client, api, "coordinator", "api:districts", page_size=500)

    assert data["count"] == District.objects.filter(province="63").count()
    assert {d["province"] for d in data["results"]} == {"63"}
    assert _get(client, api, "coordinator", "api:provinces") == [
        {"code": "63", "name": District.objects.get(code="63.11").province.name}
    ]


@pytest.mark.django_db
def test_a_district_lists_stage_totals_of_completed_stages_only(api, client):
    data = _get(client, api, "admin", "api:district", "63.11")

    scores = data["scores"]
    assert (scores["year"], scores["status"]) == (2025, "draft")
    assert scores["total"] is None
    assert {s["stage"]: s["total"] for s in scores["stages"]} == dict.fromkeys(
        ["em", "va", "review", "vl", "final", "award"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "coordinator", "evaluator", "agency_operator"])
def test_personal_fields_are_absent_for_read_only_callers(api, client, role):
    training = api.worlds["own"].training

    data = _get(client, api, role, "api:training", training.pk)

    (participant,) = data["participant_list"]
    assert participant["name"] == "Peserta"
    assert "phone" not in participant
    assert "email" not in participant


@pytest.mark.django_db
def test_the_district_admin_reads_phone_and_email(api, client):
    training = api.worlds["own"].training
    training.participants.get().person.__class__.objects.filter(
        participations__training=training
    ).update(phone="+6281234567890", email="peserta@example.id")

    data = _get(client, api, "admin", "api:training", training.pk)

    (participant,) = data["participant_list"]
    assert (participant["phone"], participant["email"]) == ("+6281234567890", "peserta@example.id")


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [1, 500])
def test_the_district_list_takes_the_same_queries_for_one_row_or_500(
    api, client, page_size, django_assert_max_num_queries
):
    headers = {"Authorization": f"Bearer {api.tokens['evaluator']}"}
    url = reverse("api:districts") + f"?page_size={page_size}"
    with django_assert_max_num_queries(10):
        response = client.get(url, headers=headers)
    assert len(response.json()["results"]) == min(page_size, District.objects.count())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("api:district_trainings", lambda w: [w.district.code]),
        ("api:institutions", lambda w: [w.district.code]),
        ("api:district_plans", lambda w: [w.district.code]),
        ("api:attendance", lambda w: [w.training.pk]),
    ],
)
def test_the_district_lists_take_a_fixed_number_of_queries(
    api, client, name, args, django_assert_max_num_queries
):
    url = reverse(name, args=args(api.worlds["own"]))
    with django_assert_max_num_queries(12):
        response = _call(client, api, "admin", "token", "get", url)
    assert response.status_code == 200


def _marks(client, api, training, marks):
    url = reverse("api:mark_attendance", args=[training.pk])
    return _call(client, api, "admin", "token", "post", url, {"marks": marks})


@pytest.mark.django_db
def test_a_mark_sent_twice_is_stored_once(api, client):
    world = api.worlds["own"]
    mark = {
        "participant_id": world.participant.pk,
        "date": "2025-08-20",
        "status": "sakit",
        "marked_at": timezone.now().isoformat(),
    }

    first = _marks(client, api, world.training, [mark]).json()
    again = _marks(client, api, world.training, [mark]).json()

    assert (first["saved"], again["saved"], again["unchanged"]) == (1, 0, 1)
    row = Attendance.objects.get(participant=world.participant, day__date="2025-08-20")
    assert (row.present, row.absence) == (False, "sakit")
    assert row.history.count() == 2  # created by the world, changed once


@pytest.mark.django_db
def test_an_older_queued_mark_does_not_overwrite_a_later_one(api, client):
    world = api.worlds["own"]
    person = {"participant_id": world.participant.pk, "date": "2025-08-19"}
    _marks(client, api, world.training, [person | {"status": "hadir"}])  # made now, at the door

    queued = person | {"status": "izin", "marked_at": "2025-08-19T08:00:00+08:00"}
    data = _marks(client, api, world.training, [queued]).json()

    assert data["saved"] == 0
    assert [(c["participant_id"], c["status"]) for c in data["conflicts"]] == [
        (world.participant.pk, "hadir")
    ]
    assert Attendance.objects.get(participant=world.participant, day__date="2025-08-19").present


@pytest.mark.django_db
def test_a_mark_on_a_day_outside_the_training_is_refused_whole(api, client):
    world = api.worlds["own"]
    marks = [
        {"participant_id": world.participant.pk, "date": "2025-08-20", "status": "izin"},
        {"participant_id": world.participant.pk, "date": "2025-08-21", "status": "hadir"},
    ]

    response = _marks(client, api, world.training, marks)

    assert response.status_code == 400
    assert response.json() == {"detail": str(NOT_A_DAY % {"date": "2025-08-21"})}
    assert Attendance.objects.get(participant=world.participant, day__date="2025-08-20").present


@pytest.mark.django_db
def test_the_docs_page_serves_its_assets_from_the_site(api, client):
    client.cookies[settings.SESSION_COOKIE_NAME] = api.sessions["member"]

    page = client.get(reverse("api:openapi-view")).content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db
def test_the_schema_documents_every_route(api, client):
    schema = _get(client, api, "member", "api:openapi-json")

    assert schema["openapi"].startswith("3.")
    assert "/api/v1/districts/{code}/" in schema["paths"]
    assert len(schema["paths"]) == 13  # attendance is read and written on one path


@pytest.mark.django_db
def test_a_progress_update_moves_the_items_percent(api, client):
    item = api.worlds["own"].item
    url = reverse("api:post_progress", args=[item.pk])
    body = {"date": timezone.localdate().isoformat(), "percent": 100, "text": "Selesai"}

    response = _call(client, api, "member", "token", "post", url, body)

    assert response.status_code == 201
    item.refresh_from_db()
    assert (item.percent, item.status) == (100, "done")
    assert item.updates.get(pk=response.json()["id"]).author == api.cast["member"]


@pytest.mark.django_db
def test_a_progress_update_dated_tomorrow_is_refused(api, client):
    item = api.worlds["own"].item
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = {"date": tomorrow.isoformat(), "percent": 50, "text": "Nanti"}

    url = reverse("api:post_progress", args=[item.pk])
    response = _call(client, api, "admin", "token", "post", url, body)

    assert response.status_code == 400
    assert response.json() == {"detail": str(FUTURE_UPDATE)}


@pytest.mark.django_db
def test_an_agency_operator_saves_and_sends_an_answer_once(api, client):
    world = api.worlds["own"]
    url = reverse("api:save_answer", args=[world.agency_item.pk, world.agency.pk])
    body = {"answer": "met", "submit": True}

    first = _call(client, api, "agency_operator", "token", "post", url, body)
    again = _call(client, api, "agency_operator", "token", "post", url, body)

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    answer = AgencyAnswer.objects.get(item=world.agency_item, agency=world.agency)
    assert (answer.status, answer.answer) == (AgencyAnswer.Status.SUBMITTED, "met")
    assert answer.history.count() == 2  # saved, then sent; the second call wrote nothing


@pytest.mark.django_db
def test_an_agency_operator_may_not_answer_for_another_agency(api, client):
    world = api.worlds["own"]
    url = reverse("api:save_answer", args=[world.other_agency_item.pk, world.other_agency.pk])

    response = _call(client, api, "agency_operator", "token", "post", url, {"answer": "met"})

    assert response.status_code == 403
    assert response.json() == {
        "detail": str(NOT_YOUR_AGENCY % {"agency": world.other_agency.short_name})
    }


@pytest.mark.django_db
def test_the_district_list_filters_by_province_and_year(api, client):
    data = _get(client, api, "evaluator", "api:districts", province="64", year=2024)

    assert {d["province"] for d in data["results"]} == {"64"}
    (balikpapan,) = [d for d in data["results"] if d["code"] == "64.71"]
    assert (balikpapan["scores"]["year"], balikpapan["scores"]["status"]) == (2024, "submitted")
