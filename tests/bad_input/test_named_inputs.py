"""The bad inputs issue 20 names, each answered with a 400 or the form's own message.

``test_every_form`` sends these and more to every form; here each named case is pinned
to the answer it gets.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kla_portal.forms import DATE_OUT_OF_RANGE
from kla_portal.redirects import next_or
from trainings.forms import ATTENDANCE_UNREADABLE
from trainings.models import Attendance, Participant, Person

BAD_NEXT = ["\x00", "🙂", "zzz", "9" * 20, "-1", "//evil.example/", "https://evil.example/"]


@pytest.mark.parametrize("value", ["zzz", "", "\x00", "1" * 100_000])
def test_an_attendance_tick_that_is_no_participant_is_refused_with_a_message(
    admin, training, value
):
    person = Person.objects.create(district=training.district, name="Siti")
    Participant.objects.create(training=training, person=person)
    url = reverse("trainings:attendance", args=[training.pk, 1])

    response = admin.post(url, {"present": [value]})

    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]] == [str(ATTENDANCE_UNREADABLE)]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("field", ["start_date", "due_date"])
@pytest.mark.parametrize("value", ["31/12/9999", "01/01/0001"])
def test_an_rtl_item_date_at_the_end_of_the_calendar_is_refused_beside_the_field(
    admin, action_item, field, value
):
    due = action_item.due_date
    data = {
        "activity": action_item.activity,
        "due_date": due.strftime("%d/%m/%Y"),
        "status": action_item.status,
        "version": action_item.version,
        field: value,
    }

    response = admin.post(reverse("plans:item_edit", args=[action_item.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        DATE_OUT_OF_RANGE % {"earliest": "01/01/2006", "latest": "31/12/2100"}
    ]
    action_item.refresh_from_db()
    assert (action_item.start_date, action_item.due_date) == (None, due)


@pytest.mark.parametrize("value", BAD_NEXT)
def test_a_next_that_is_no_path_of_this_site_falls_back_to_the_views_own_page(value):
    request = RequestFactory().post("/", {"next": value})

    assert next_or(request, "/kabupaten/63.11/").url == "/kabupaten/63.11/"


def test_a_next_on_this_site_is_followed():
    request = RequestFactory().post("/", {"next": "/kabupaten/63.11/aktivitas/?user=2"})

    assert next_or(request, "/").url == "/kabupaten/63.11/aktivitas/?user=2"


@pytest.mark.parametrize("value", BAD_NEXT)
def test_choosing_a_region_with_a_bad_next_goes_to_the_region(admin, balangan, value):
    response = admin.post(reverse("select_region"), {"region": "63.11", "next": value})

    assert (response.status_code, response.url) == (302, balangan.get_absolute_url())


@pytest.mark.parametrize("value", BAD_NEXT)
def test_filling_a_question_with_a_bad_next_goes_back_to_the_question(
    admin, assessment_item, value
):
    response = admin.post(
        reverse("indicators:item_fill", args=[assessment_item.pk]),
        {"status": "met", "next": value},
    )

    assert response.status_code == 302
    assert response.url == reverse("indicators:item", args=[assessment_item.pk])
