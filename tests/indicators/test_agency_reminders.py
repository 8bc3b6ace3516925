"""Reminder emails to agency operators: one per operator address per day at most, listing
the agency's open questions (untouched, draft, returned with the note), none when nothing
is open, and only for assessments the district still fills in."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators import agency_reminders
from indicators.agency_reminders import send_agency_reminders
from indicators.models import (
    AgencyAnswer,
    Assessment,
    ChecklistItem,
    Framework,
    ItemAssessment,
    ItemStatus,
    QuestionRoute,
)
from kla_portal.models import Membership, Role
from stakeholders.models import Agency
from tests.conftest import make_user
from trainings.plans.models import ReminderLog

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)
Status = AgencyAnswer.Status


def operator(username, agency, **extra):
    user = make_user(username, **extra)
    Membership.objects.create(
        user=user, role=Role.AGENCY_OPERATOR, district=agency.district, agency=agency
    )
    return user


@pytest.fixture
def world(balangan, settings):
    """Disdukcapil with five questions on Balangan's 2026 draft: q1 untouched, q2 a draft,
    q3 returned, q4 submitted, q5 accepted; Dinkes with one question, all sent."""
    settings.SITE_URL = "https://kla.example.go.id"
    assessment = Assessment.objects.create(
        district=balangan, year=2026, framework=Framework.objects.get(code="kla-2024")
    )
    items = ChecklistItem.objects.filter(indicator__framework=assessment.framework).order_by(
        "indicator__number", "order"
    )[:6]
    q = [ItemAssessment.objects.create(assessment=assessment, item=item) for item in items]
    dukcapil = Agency.objects.create(
        district=balangan, short_name="Disdukcapil", name="Dinas Kependudukan dan Pencatatan Sipil"
    )
    dinkes = Agency.objects.create(district=balangan, short_name="Dinkes", name="Dinas Kesehatan")
    for row in q[:5]:
        QuestionRoute.objects.create(item=row, agency=dukcapil, is_lead=row != q[1])
    QuestionRoute.objects.create(item=q[5], agency=dinkes, is_lead=True)
    AgencyAnswer.objects.create(item=q[1], agency=dukcapil, answer=ItemStatus.MET)
    AgencyAnswer.objects.create(
        item=q[2],
        agency=dukcapil,
        status=Status.RETURNED,
        answer=ItemStatus.PARTLY,
        return_note="Lampirkan SK penerbitan akta kelahiran 2025.",
    )
    AgencyAnswer.objects.create(item=q[3], agency=dukcapil, status=Status.SUBMITTED)
    AgencyAnswer.objects.create(item=q[4], agency=dukcapil, status=Status.ACCEPTED)
    AgencyAnswer.objects.create(item=q[5], agency=dinkes, status=Status.SUBMITTED)
    return {
        "assessment": assessment,
        "q": q,
        "dukcapil": dukcapil,
        "dinkes": dinkes,
        "rina": operator("rina.dukcapil", dukcapil, first_name="Rina", last_name="Amalia"),
        "dinkes_operator": operator("dinkes", dinkes),
    }


def code(row):
    return row.item.full_code


def test_each_operator_gets_one_email_listing_the_agencys_open_questions(world, mailoutbox):
    send_agency_reminders(today=TODAY)

    assert [m.to for m in mailoutbox] == [["rina.dukcapil@example.id"]]  # Dinkes sent all
    mail = mailoutbox[0]
    assert mail.subject == "Pengingat KLA: 3 pertanyaan Disdukcapil belum dikirim ke Dinas PPPA"
    body = mail.body
    assert "Yth. Rina Amalia," in body
    assert (
        "Dinas Kependudukan dan Pencatatan Sipil · Penilaian Kabupaten Balangan 2026: 3 pertanyaan"
    ) in body
    q = world["q"]
    agency = world["dukcapil"].pk
    assessment = world["assessment"].pk
    assert (
        "Semua pertanyaan perangkat daerah Anda: "
        f"https://kla.example.go.id/penilaian/{assessment}/perangkat-daerah/{agency}/"
    ) in body
    for row in q[:3]:
        assert f"- {code(row)} " in body
        assert (
            f"https://kla.example.go.id/penilaian/butir/{row.pk}/perangkat-daerah/{agency}/" in body
        )
    for row in q[3:]:
        assert f"- {code(row)} " not in body  # submitted, accepted, another agency's
    assert "Belum diisi" in body
    assert "Draf, belum dikirim" in body
    assert "DIKEMBALIKAN Dinas PPPA: Lampirkan SK penerbitan akta kelahiran 2025." in body
    assert "(kontribusi)" in body  # q2: Disdukcapil contributes, another agency leads
    # The returned answer first, then the draft, then the untouched question.
    positions = [body.index(f"- {code(row)} ") for row in (q[2], q[1], q[0])]
    assert positions == sorted(positions)
    assert "sebelum batas waktu yang ditetapkan Dinas PPPA" in body


def test_running_twice_on_the_same_day_sends_once_per_operator(world, mailoutbox):
    operator("andi.dukcapil", world["dukcapil"])
    out = StringIO()
    call_command("send_agency_reminders", "--date", "2026-03-10", stdout=out)
    call_command("send_agency_reminders", "--date", "2026-03-10", stdout=out)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "andi.dukcapil@example.id",
        "rina.dukcapil@example.id",
    ]
    assert sorted(ReminderLog.objects.values_list("recipient", flat=True)) == [
        "perangkat-daerah:andi.dukcapil@example.id",
        "perangkat-daerah:rina.dukcapil@example.id",
    ]
    assert out.getvalue().splitlines() == [
        "andi.dukcapil@example.id: 3 pertanyaan terbuka, 1 dikembalikan",
        "rina.dukcapil@example.id: 3 pertanyaan terbuka, 1 dikembalikan",
        "andi.dukcapil@example.id: sudah dikirimi pengingat hari ini",
        "rina.dukcapil@example.id: sudah dikirimi pengingat hari ini",
    ]


def test_the_next_day_sends_again(world, mailoutbox):
    send_agency_reminders(today=TODAY)
    send_agency_reminders(today=TODAY + timedelta(days=1))

    assert len(mailoutbox) == 2


def test_an_rtl_reminder_the_same_day_does_not_hold_this_one_back(world, mailoutbox):
    ReminderLog.objects.create(recipient="rina.dukcapil@example.id", date=TODAY, item_count=2)

    send_agency_reminders(today=TODAY)

    assert [m.to for m in mailoutbox] == [["rina.dukcapil@example.id"]]


def test_nothing_is_sent_when_nothing_is_open(world, mailoutbox):
    AgencyAnswer.objects.filter(agency=world["dukcapil"]).update(status=Status.SUBMITTED)
    AgencyAnswer.objects.create(item=world["q"][0], agency=world["dukcapil"], status="accepted")
    out = StringIO()

    call_command("send_agency_reminders", stdout=out)

    assert mailoutbox == []
    assert out.getvalue().strip() == "Tidak ada pengingat untuk dikirim."


@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.VERIFIED])
def test_an_assessment_past_the_district_is_not_reminded_of(world, mailoutbox, status):
    Assessment.objects.filter(pk=world["assessment"].pk).update(status=status)

    send_agency_reminders(today=TODAY)

    assert mailoutbox == []


def test_a_reviewed_assessment_is_still_open(world, mailoutbox):
    Assessment.objects.filter(pk=world["assessment"].pk).update(status=Assessment.Status.REVIEWED)

    send_agency_reminders(today=TODAY)

    assert len(mailoutbox) == 1


def test_operators_without_an_email_inactive_logins_and_inactive_agencies_get_nothing(
    world, mailoutbox
):
    rina = world["rina"]
    rina.email = ""
    rina.save()
    operator("lama.dukcapil", world["dukcapil"], is_active=False)
    send_agency_reminders(today=TODAY)
    assert mailoutbox == []

    rina.email = "rina@disdukcapil.example.id"
    rina.save()
    Agency.objects.filter(pk=world["dukcapil"].pk).update(is_active=False)
    send_agency_reminders(today=TODAY)
    assert mailoutbox == []


def test_the_deadline_given_to_the_command_is_in_the_email(world, mailoutbox):
    call_command(
        "send_agency_reminders",
        "--date",
        "2026-03-10",
        "--deadline",
        "31/03/2026",
        stdout=StringIO(),
    )

    assert "Mohon lengkapi dan kirim sebelum 31/03/2026." in mailoutbox[0].body
    assert "sudah lewat" not in mailoutbox[0].body


def test_a_deadline_passed_is_said_so(world, mailoutbox):
    send_agency_reminders(today=TODAY, deadline=date(2026, 3, 1))

    assert "Batas waktu itu sudah lewat: mohon segera dikirim." in mailoutbox[0].body


def test_the_command_can_keep_to_one_district(world, mailoutbox):
    call_command("send_agency_reminders", "--district", "63.07", stdout=StringIO())
    assert mailoutbox == []

    call_command("send_agency_reminders", "--district", "63.11", stdout=StringIO())
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--deadline", "2026-03-31"], "Batas waktu 2026-03-31 tidak terbaca."),
        (["--date", "10/03/2026"], "Tanggal 10/03/2026 tidak terbaca."),
        (["--district", "99.99"], "Kabupaten/kota 99.99 tidak ada."),
    ],
)
def test_the_command_refuses_what_it_cannot_read(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_agency_reminders", *args, stdout=StringIO())


def test_finding_the_reminders_takes_a_fixed_number_of_queries(world, django_assert_num_queries):
    for n in range(3):
        operator(f"operator{n}", world["dukcapil"])
    with django_assert_num_queries(2):
        reminders = agency_reminders.reminders_for()
    assert len(reminders) == 4
