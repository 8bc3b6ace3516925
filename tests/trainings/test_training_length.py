"""A training lasts at most a month: each calendar day becomes an attendance day, and a
mistyped start (01/01/0001) once made 739,993 of them."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trainings import actions
from trainings.models import Training, TrainingDay

TOO_LONG = str(actions.TRAINING_TOO_LONG % {"max": actions.MAX_TRAINING_DAYS})


def form(start, end):
    return {
        "title": "Pelatihan KHA Sekolah",
        "kind": "pelatihan",
        "status": "planned",
        "start_date": start,
        "end_date": end,
        "venue": "Paringin",
    }


def test_a_training_from_the_year_1_is_refused_by_the_create_form_and_nothing_is_written(
    client_for, balangan, balangan_admin
):
    response = client_for(balangan_admin).post(
        reverse("trainings:create", args=[balangan.code]), form("01/01/0001", "21/08/2025")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [TOO_LONG]
    assert (Training.objects.count(), TrainingDay.objects.count()) == (0, 0)


def test_a_month_long_training_is_accepted(client_for, balangan, balangan_admin):
    client_for(balangan_admin).post(
        reverse("trainings:create", args=[balangan.code]), form("01/08/2025", "31/08/2025")
    )

    assert Training.objects.get().days.count() == actions.MAX_TRAINING_DAYS


def test_an_edit_that_stretches_a_training_past_a_month_is_refused(training, balangan_admin):
    with pytest.raises(ValidationError) as error:
        actions.save_training(user=balangan_admin, training=training, start_date=date(2025, 1, 1))

    assert error.value.message_dict == {"end_date": [TOO_LONG]}
    assert training.days.count() == 3
