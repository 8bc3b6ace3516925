"""Two Balangan admins open a training's edit form and both save: the second save is
refused with what changed, and the first change is still there."""

import pytest
from django.urls import reverse

from kla_portal.models import Role
from tests.concurrent_edits import assert_refused, desks, open_form
from tests.conftest import make_user
from trainings.models import Training


@pytest.fixture
def two_admins(balangan, balangan_admin):
    colleague = make_user("balangan.sekretariat", Role.DISTRICT_ADMIN, district=balangan)
    return desks(balangan_admin, colleague)


def test_the_second_save_of_a_training_is_refused_and_the_first_kept(two_admins, training):
    first, second = two_admins
    url = reverse("trainings:edit", args=[training.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, mine | {"venue": "Aula Bappeda"}).url == training.get_absolute_url()
    posted = theirs | {"title": "Pelatihan KHA bagi guru", "end_date": "22/08/2025"}
    response = second.post(url, posted)

    assert_refused(
        Training,
        response,
        posted,
        ("title", "Pelatihan KHA Balangan", "Pelatihan KHA bagi guru"),
        ("end_date", "21/08/2025", "22/08/2025"),
        ("venue", "Aula Bappeda", "Mahligai Mayang Maurai, Paringin"),
    )
    training.refresh_from_db()
    assert (training.title, training.venue) == ("Pelatihan KHA Balangan", "Aula Bappeda")
    assert training.days.count() == 3  # the refused end date made no day
