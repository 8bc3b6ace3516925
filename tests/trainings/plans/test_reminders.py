from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from trainings.plans.models import ActionItem, ReminderLog
from trainings.plans.reminders import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(plan, gugus, other_member, today, settings):
    settings.SITE_URL = "https://kla.example.go.id"

    def make(activity, days, member, status="planned"):
        return ActionItem.objects.create(
            plan=plan,
            activity=activity,
            due_date=today + timedelta(days=days),
            responsible_member=member,
            status=status,
        )

    return {
        "late": make("Rapat sekolah ramah anak", -3, gugus),
        "soon": make("Pembentukan tim SRA", 6, gugus),
        "far": make("Deklarasi SRA", 8, gugus),
        "late_done": make("Sosialisasi orang tua", -3, gugus, status="done"),
        "other": make("Ruang laktasi", 1, other_member),
    }


def test_each_person_gets_one_email_with_overdue_and_due_soon_items(due, mailoutbox):
    send_reminders()

    assert sorted(m.to[0] for m in mailoutbox) == ["gugus.balangan@example.id", "siti@example.id"]
    mail = next(m for m in mailoutbox if m.to == ["gugus.balangan@example.id"])
    assert mail.subject == "Pengingat RTL: 1 terlambat, 1 segera jatuh tempo"
    assert "Yth. Rahmat Hidayat" in mail.body
    assert "SUDAH LEWAT TENGGAT" in mail.body
    assert "Rapat sekolah ramah anak" in mail.body
    assert "Pembentukan tim SRA" in mail.body
    assert f"https://kla.example.go.id/rtl/kegiatan/{due['late'].pk}/" in mail.body
    assert "Deklarasi SRA" not in mail.body  # due in 8 days
    assert "Sosialisasi orang tua" not in mail.body  # done


def test_running_twice_on_the_same_day_sends_once(due, mailoutbox):
    call_command("send_reminders", stdout=StringIO())
    call_command("send_reminders", stdout=StringIO())

    assert len(mailoutbox) == 2
    assert ReminderLog.objects.count() == 2


def test_the_next_day_sends_again(due, mailoutbox, today):
    send_reminders(today=today)
    send_reminders(today=today + timedelta(days=1))

    assert len(mailoutbox) == 4


def test_the_members_own_email_comes_before_their_logins(due, gugus, mailoutbox):
    gugus.email = "rahmat@disdik.example.id"
    gugus.save()

    send_reminders()

    assert "rahmat@disdik.example.id" in [m.to[0] for m in mailoutbox]


def test_people_without_an_email_and_items_of_inactive_plans_get_nothing(
    due, plan, other_member, mailoutbox
):
    other_member.email = ""
    other_member.save()
    send_reminders()
    assert [m.to[0] for m in mailoutbox] == ["gugus.balangan@example.id"]

    ReminderLog.objects.all().delete()
    mailoutbox.clear()
    plan.is_active = False
    plan.save()
    send_reminders()
    assert mailoutbox == []
