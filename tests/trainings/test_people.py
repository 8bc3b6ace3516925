"""One person across trainings: matched on phone, email, or name plus institution; merged."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from trainings import actions
from trainings.models import Attendance, Participant, Person
from trainings.people import MERGE_SAME_PERSON, PersonDetails, find_or_create_person


def test_a_person_is_found_by_phone_email_or_name_and_institution(
    balangan, institutions, balangan_admin
):
    ahmad, created = find_or_create_person(
        district=balangan,
        details=PersonDetails(
            name="Ahmad Fauzi", phone="+6281211112222", institution=institutions["sdn1"]
        ),
        user=balangan_admin,
    )
    assert created

    by_phone = PersonDetails(name="A. Fauzi", phone="+6281211112222")
    by_email_first = PersonDetails(name="Siti", email="siti@example.id")
    by_name = PersonDetails(name="  AHMAD   fauzi ", institution=institutions["sdn1"])
    other_school = PersonDetails(name="Ahmad Fauzi", institution=institutions["smpn1"])
    other_phone = PersonDetails(
        name="Ahmad Fauzi", phone="+6281299998888", institution=institutions["sdn1"]
    )

    assert find_or_create_person(district=balangan, details=by_phone, user=balangan_admin) == (
        ahmad,
        False,
    )
    siti, _ = find_or_create_person(district=balangan, details=by_email_first, user=None)
    assert find_or_create_person(
        district=balangan, details=PersonDetails(name="S", email="SITI@example.id"), user=None
    ) == (siti, False)
    assert find_or_create_person(district=balangan, details=by_name, user=None) == (ahmad, False)
    assert find_or_create_person(district=balangan, details=other_school, user=None)[1] is True
    assert find_or_create_person(district=balangan, details=other_phone, user=None)[1] is True


def test_merging_moves_participations_and_resolves_the_same_training(
    training, hst, balangan, balangan_admin
):
    keep, _ = actions.add_participant(
        training=training, details=PersonDetails(name="Ahmad Fauzi"), user=balangan_admin
    )
    duplicate, _ = actions.add_participant(
        training=training,
        details=PersonDetails(name="Ahmad F.", phone="+6281211112222"),
        user=balangan_admin,
    )
    day1, day2, _day3 = training.days.all()
    Attendance.objects.create(participant=keep, day=day1)
    Attendance.objects.create(participant=duplicate, day=day2)
    duplicate.post_score = 88
    duplicate.save()
    later = actions.save_training(
        user=balangan_admin,
        district=balangan,
        title="Bimtek lanjutan",
        start_date=date(2025, 9, 1),
        end_date=date(2025, 9, 1),
    )
    moved = Participant.objects.create(training=later, person=duplicate.person)

    from trainings.people import merge_people

    merge_people(keep=keep.person, merge=duplicate.person, user=balangan_admin)

    loser = Person.objects.get(pk=duplicate.person.pk)
    assert (loser.is_active, loser.merged_into) == (False, keep.person)
    keep.refresh_from_db()
    assert keep.person.phone == "+6281211112222"  # blanks filled from the merged record
    assert keep.post_score == 88
    assert sorted(a.day.date.day for a in keep.attendance.filter(present=True)) == [19, 20]
    moved.refresh_from_db()
    assert moved.person == keep.person
    duplicate.refresh_from_db()
    assert duplicate.is_active is False
    assert training.participants.filter(is_active=True).count() == 1


def test_a_person_cannot_be_merged_with_themselves(balangan, balangan_admin):
    person = Person.objects.create(district=balangan, name="Ahmad")
    from trainings.people import merge_people

    with pytest.raises(ValidationError) as error:
        merge_people(keep=person, merge=person, user=balangan_admin)
    assert error.value.messages == [str(MERGE_SAME_PERSON)]
