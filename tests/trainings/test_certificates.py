"""Certificates go only to those who met the attendance rule, each with its own code."""

import pytest
from django.urls import reverse

from trainings import actions, certificates
from trainings.models import Attendance
from trainings.people import PersonDetails


@pytest.fixture
def attended(training, balangan_admin):
    """Ahmad came all three days, Siti two, Budi one."""
    days = list(training.days.all())
    result = {}
    for name, count in [("Ahmad", 3), ("Siti", 2), ("Budi", 1)]:
        participant, _ = actions.add_participant(
            training=training, details=PersonDetails(name=name), user=balangan_admin
        )
        for day in days[:count]:
            Attendance.objects.create(participant=participant, day=day)
        result[name] = participant
    return result


def holders(training):
    return sorted(
        training.participants.filter(certificate_code__isnull=False).values_list(
            "person__name", flat=True
        )
    )


def test_by_default_only_those_present_every_day_get_a_certificate(
    training, attended, balangan_admin
):
    assert certificates.issue_certificates(training=training, user=balangan_admin) == 1
    assert holders(training) == ["Ahmad"]
    assert certificates.issue_certificates(training=training, user=balangan_admin) == 0


def test_a_training_can_ask_for_fewer_days(training, attended, balangan_admin):
    training.min_days_attended = 2
    training.save()

    certificates.issue_certificates(training=training, user=balangan_admin)

    assert holders(training) == ["Ahmad", "Siti"]
    codes = set(training.participants.values_list("certificate_code", flat=True)) - {None}
    assert len(codes) == 2
    assert all(c.startswith("KHA-") and len(c) == 14 for c in codes)


def test_the_public_page_confirms_a_code_without_login(client, training, attended, balangan_admin):
    certificates.issue_certificates(training=training, user=balangan_admin)
    attended["Ahmad"].refresh_from_db()
    code = attended["Ahmad"].certificate_code

    response = client.get(reverse("trainings:verify", args=[code.lower()]))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Ahmad" in text and training.title in text and "19/08/2025 – 21/08/2025" in text


def test_an_unknown_code_is_not_confirmed(client, regions):
    response = client.get(reverse("trainings:verify", args=["KHA-TIDAKADA"]))
    assert response.status_code == 404
    assert "Tidak ada sertifikat dengan kode" in response.content.decode()
