"""Attendance per day is hadir, izin, sakit or tanpa keterangan."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from trainings import actions
from trainings.models import Attendance
from trainings.people import PersonDetails


@pytest.fixture
def people(training, balangan_admin):
    return [
        actions.add_participant(
            training=training, details=PersonDetails(name=name), user=balangan_admin
        )[0]
        for name in ("Ahmad", "Siti", "Budi")
    ]


def statuses(day):
    return {
        a.participant.person.name: a.status
        for a in day.attendance.select_related("participant__person")
    }


def test_those_not_ticked_are_recorded_with_their_reason(training, people, balangan_admin):
    ahmad, siti, budi = people
    day = training.days.first()

    count = actions.record_attendance(
        day=day,
        present_ids=[ahmad.pk],
        absences={siti.pk: "sakit", ahmad.pk: "izin"},
        user=balangan_admin,
    )

    assert count == 1
    # Budi gave no reason: no row, which the report reads as tanpa keterangan.
    assert statuses(day) == {"Ahmad": "hadir", "Siti": "sakit"}


def test_a_reason_is_dropped_once_the_person_is_ticked_present(training, people, balangan_admin):
    siti = people[1]
    day = training.days.first()
    actions.set_attendance(
        participant=siti, day=day, present=False, absence="izin", user=balangan_admin
    )

    changed = actions.set_attendance(
        participant=siti, day=day, present=True, absence="izin", user=balangan_admin
    )

    record = Attendance.objects.get(participant=siti, day=day)
    assert changed and record.present and record.absence == ""
    assert record.status == Attendance.Status.HADIR


def test_the_database_refuses_a_reason_for_someone_present(training, people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            participant=people[0], day=training.days.first(), present=True, absence="sakit"
        )


def test_an_absence_without_reason_is_tanpa_keterangan(training, people, balangan_admin):
    day = training.days.first()
    actions.set_attendance(participant=people[0], day=day, present=True, user=balangan_admin)
    actions.set_attendance(participant=people[0], day=day, present=False, user=balangan_admin)

    assert Attendance.objects.get(participant=people[0], day=day).status == "alpa"
    assert Attendance.Status("alpa").label == "Tanpa keterangan"


def test_the_attendance_page_takes_a_reason_beside_each_name(
    client_for, training, people, balangan_admin
):
    ahmad, siti, budi = people
    client = client_for(balangan_admin)
    url = reverse("trainings:attendance", args=[training.pk, 1])

    response = client.post(
        url,
        {
            "present": [str(ahmad.pk)],
            f"absence-{siti.pk}": "sakit",
            f"absence-{budi.pk}": "libur",  # not a reason the list knows: ignored
        },
    )

    assert response.status_code == 302
    assert statuses(training.days.first()) == {"Ahmad": "hadir", "Siti": "sakit"}
    page = client.get(url).content.decode()
    assert f'name="absence-{siti.pk}"' in page
    assert '<option value="sakit" selected>Sakit</option>' in page
