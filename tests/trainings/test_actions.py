"""Writing trainings: days follow the dates, attendance and scores are recorded."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from trainings import actions
from trainings.models import Attendance, Participant
from trainings.people import PersonDetails


def days_of(training):
    return [d.date for d in training.days.all()]


def test_a_new_training_gets_one_day_per_date(training):
    assert days_of(training) == [date(2025, 8, 19), date(2025, 8, 20), date(2025, 8, 21)]


def test_moving_the_dates_adds_and_removes_days(training, balangan_admin):
    actions.save_training(
        user=balangan_admin,
        training=training,
        start_date=date(2025, 8, 20),
        end_date=date(2025, 8, 22),
    )
    assert days_of(training) == [date(2025, 8, 20), date(2025, 8, 21), date(2025, 8, 22)]


def test_a_day_with_attendance_cannot_be_dropped(training, balangan_admin):
    participant, _ = actions.add_participant(
        training=training, details=PersonDetails(name="Ahmad"), user=balangan_admin
    )
    first = training.days.first()
    actions.record_attendance(day=first, present_ids=[participant.pk], user=balangan_admin)

    with pytest.raises(ValidationError) as error:
        actions.save_training(
            user=balangan_admin,
            training=training,
            start_date=date(2025, 8, 20),
            end_date=date(2025, 8, 21),
        )

    assert error.value.messages == [
        "Tanggal 19/08/2025 sudah punya catatan kehadiran, jadi tidak bisa dihapus dari "
        "pelatihan. Hapus dulu tanda hadir pada hari itu."
    ]
    assert len(days_of(training)) == 3
    training.refresh_from_db()
    assert training.start_date == date(2025, 8, 19)


def test_attendance_is_set_for_everyone_on_the_day(training, balangan_admin):
    ahmad, _ = actions.add_participant(
        training=training, details=PersonDetails(name="Ahmad"), user=balangan_admin
    )
    siti, _ = actions.add_participant(
        training=training, details=PersonDetails(name="Siti"), user=balangan_admin
    )
    day = training.days.all()[1]
    actions.record_attendance(day=day, present_ids=[ahmad.pk, siti.pk], user=balangan_admin)

    count = actions.record_attendance(day=day, present_ids=[str(siti.pk)], user=balangan_admin)

    assert count == 1
    assert dict(Attendance.objects.values_list("participant__person__name", "present")) == {
        "Ahmad": False,
        "Siti": True,
    }


def test_scores_must_be_between_0_and_100(training, balangan_admin):
    participant, _ = actions.add_participant(
        training=training, details=PersonDetails(name="Ahmad"), user=balangan_admin
    )
    with pytest.raises(ValidationError) as error:
        actions.record_scores(participant=participant, user=balangan_admin, post_score=101)
    assert error.value.messages == ["Nilai harus antara 0 dan 100."]

    actions.record_scores(
        participant=participant, user=balangan_admin, pre_score=Decimal("55.5"), post_score=80
    )
    participant.refresh_from_db()
    assert (participant.pre_score, participant.post_score) == (Decimal("55.5"), 80)


def test_adding_the_same_person_twice_is_refused(training, balangan_admin):
    details = PersonDetails(name="Ahmad", phone="+6281211112222")
    actions.add_participant(training=training, details=details, user=balangan_admin)

    with pytest.raises(ValidationError) as error:
        actions.add_participant(
            training=training,
            details=PersonDetails(name="Ahmad Fauzi", phone="+6281211112222"),
            user=balangan_admin,
        )

    assert error.value.messages == ["Ahmad sudah menjadi peserta pelatihan ini."]
    assert Participant.objects.count() == 1


def test_writes_record_who_acted(training, balangan_admin):
    assert training.history.first().history_user == balangan_admin
