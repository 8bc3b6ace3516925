"""Certificates: who qualifies, when they may be issued, their numbers, revocation, and the
public page that checks a code."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats

from tests.letterhead_world import KEPALA, SEKRETARIS, make_letterhead
from trainings import actions, certificates
from trainings.models import Attendance, Certificate
from trainings.people import PersonDetails

AFTER = date(2025, 8, 28)  # a week after the training's last day, 21/08/2025


@pytest.fixture
def letterhead(balangan, balangan_admin):
    return make_letterhead(balangan, balangan_admin)


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
    training, attended, letterhead, balangan_admin
):
    result = certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)

    assert [c.participant.person.name for c in result.issued] == ["Ahmad"]
    assert result.below_rule == ["Budi", "Siti"]
    assert holders(training) == ["Ahmad"]
    again = certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    assert again.issued == []


def test_a_training_can_ask_for_fewer_days(training, attended, letterhead, balangan_admin):
    training.min_days_attended = 2
    training.save()

    certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)

    assert holders(training) == ["Ahmad", "Siti"]
    codes = set(training.participants.values_list("certificate_code", flat=True)) - {None}
    assert len(codes) == 2
    assert all(c.startswith("KHA-") and len(c) == 14 for c in codes)


def test_numbers_follow_the_letterhead_format_in_a_sequence_per_year(
    training, attended, letterhead, balangan_admin
):
    training.min_days_attended = 1
    training.save()

    result = certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)

    assert [c.number for c in result.issued] == [
        "400.14/001/DPPPA/2025",
        "400.14/002/DPPPA/2025",
        "400.14/003/DPPPA/2025",
    ]
    first = result.issued[0]
    assert (first.signatory_name, first.signatory_nip) == (KEPALA["name"], KEPALA["nip"])


def test_a_certificate_keeps_the_signatory_it_was_issued_with(
    training, attended, letterhead, balangan_admin
):
    certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    kepala = letterhead.signatories.get(order=1)
    kepala.name = "Pejabat Baru, S.H."
    kepala.save()

    certificate = Certificate.objects.get(participant=attended["Ahmad"])

    assert certificate.signatory_name == KEPALA["name"]


def test_the_training_may_choose_another_signatory(training, attended, letterhead, balangan_admin):
    sekretaris = letterhead.signatories.get(order=2)
    certificates.set_signatory(training=training, signatory=sekretaris, user=balangan_admin)

    result = certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)

    assert result.issued[0].signatory_name == SEKRETARIS["name"]


def test_no_certificate_before_the_last_day_of_the_training(
    training, attended, letterhead, balangan_admin
):
    last_day = formats.date_format(training.end_date, "d/m/Y")
    with pytest.raises(ValidationError) as caught:
        certificates.issue_certificates(
            training=training, user=balangan_admin, on=date(2025, 8, 20)
        )
    assert caught.value.messages == [certificates.BEFORE_LAST_DAY % {"date": last_day}]
    assert "21/08/2025" in caught.value.messages[0]
    assert holders(training) == []
    # On the last day itself, at the closing, they may be handed out.
    certificates.issue_certificates(training=training, user=balangan_admin, on=training.end_date)
    assert holders(training) == ["Ahmad"]


def test_someone_below_the_attendance_rule_is_told_why(
    training, attended, letterhead, balangan_admin
):
    with pytest.raises(ValidationError) as caught:
        certificates.issue_certificate(participant=attended["Budi"], user=balangan_admin, on=AFTER)
    assert caught.value.messages == [
        certificates.BELOW_RULE % {"name": "Budi", "present": 1, "days": 3, "needed": 3}
    ]
    assert caught.value.messages[0] == (
        "Budi hadir 1 dari 3 hari; syarat sertifikat: hadir minimal 3 hari."
    )


def test_a_district_without_letterhead_is_told_to_set_one_up(training, attended, balangan_admin):
    with pytest.raises(ValidationError) as caught:
        certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    assert caught.value.messages == [str(certificates.NO_LETTERHEAD)]


def test_a_letterhead_without_an_active_signatory_cannot_issue(
    training, attended, balangan, balangan_admin
):
    make_letterhead(balangan, balangan_admin, signatories=[])
    with pytest.raises(ValidationError) as caught:
        certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    assert caught.value.messages == [
        certificates.NO_SIGNATORY % {"office": "DINAS PPKBPPPA KABUPATEN BALANGAN"}
    ]


def test_a_revoked_certificate_stops_counting_and_is_not_reissued_in_bulk(
    training, attended, letterhead, balangan_admin
):
    certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    certificate = Certificate.objects.get(participant=attended["Ahmad"])

    certificates.revoke_certificate(
        certificate=certificate, reason="Nama tertukar", user=balangan_admin
    )

    assert holders(training) == []
    again = certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    assert again.issued == [] and again.revoked == ["Ahmad"]
    # Re-issued one by one, it takes the next number.
    new = certificates.issue_certificate(
        participant=attended["Ahmad"], user=balangan_admin, on=AFTER
    )
    assert new.number == "400.14/002/DPPPA/2025" and new.code != certificate.code


def test_a_revocation_needs_a_reason(training, attended, letterhead, balangan_admin):
    certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    certificate = Certificate.objects.get(participant=attended["Ahmad"])
    with pytest.raises(ValidationError) as caught:
        certificates.revoke_certificate(certificate=certificate, reason="  ", user=balangan_admin)
    assert caught.value.message_dict == {"reason": [str(certificates.REASON_REQUIRED)]}


# The public page


@pytest.fixture
def issued(training, attended, letterhead, balangan_admin):
    certificates.issue_certificates(training=training, user=balangan_admin, on=AFTER)
    return Certificate.objects.get(participant=attended["Ahmad"])


def test_the_public_page_confirms_a_code_without_login(client, training, issued):
    response = client.get(reverse("trainings:verify", args=[issued.code.lower()]))

    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="verify-ok"' in text
    assert "Ahmad" in text and training.title in text and "19/08/2025 – 21/08/2025" in text
    assert "Kabupaten Balangan" in text and "400.14/001/DPPPA/2025" in text


def test_a_revoked_code_shows_as_revoked(client, issued, balangan_admin):
    certificates.revoke_certificate(
        certificate=issued,
        reason="Peserta tidak mengikuti seluruh sesi",
        user=balangan_admin,
        on=date(2025, 9, 1),
    )

    response = client.get(reverse("trainings:verify", args=[issued.code]))

    assert response.status_code == 410
    text = response.content.decode()
    assert 'data-testid="verify-revoked"' in text and 'data-testid="verify-ok"' not in text
    assert "DICABUT pada 01/09/2025" in text
    assert "Peserta tidak mengikuti seluruh sesi" in text


def test_an_unknown_code_is_not_confirmed(client, regions):
    response = client.get(reverse("trainings:verify", args=["KHA-TIDAKADA"]))
    assert response.status_code == 404
    assert "Tidak ada sertifikat dengan kode" in response.content.decode()


# The certificates page


def test_the_page_lists_each_participant_with_their_days_and_certificate(
    client_for, training, issued, balangan_member
):
    response = client_for(balangan_member).get(
        reverse("trainings:certificates", args=[training.pk])
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "400.14/001/DPPPA/2025" in text and "Belum memenuhi syarat" in text
    assert "1 dari 3" in text
    assert reverse("trainings:certificates_issue", args=[training.pk]) not in text  # read only


def test_the_issue_button_reports_who_is_left_out(
    client_for, training, attended, letterhead, balangan_admin
):
    client = client_for(balangan_admin)
    response = client.post(reverse("trainings:certificates_issue", args=[training.pk]), follow=True)

    text = response.content.decode()
    assert "1 sertifikat diterbitkan." in text
    assert "Belum memenuhi syarat kehadiran (hadir semua hari): Budi, Siti." in text


def test_the_admin_revokes_with_a_reason_from_the_page(
    client_for, training, issued, balangan_admin
):
    response = client_for(balangan_admin).post(
        reverse("trainings:certificate_revoke", args=[issued.pk]),
        {"reason": "Nama salah ketik"},
        follow=True,
    )

    assert "Sertifikat 400.14/001/DPPPA/2025 dicabut." in response.content.decode()
    issued.refresh_from_db()
    assert issued.is_revoked and issued.revoked_by == balangan_admin
