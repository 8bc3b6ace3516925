"""Daily reminder emails: each responsible person gets their overdue items and those due soon.

Safe to run from cron as often as wanted: ``ReminderLog`` holds one row per
address and day (a unique constraint), written in the same transaction as the
send, so a second run on the same day sends nothing and a failed send leaves
no log behind.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trainings.plans.models import ActionItem, ReminderLog

DAYS_AHEAD = 7


@dataclass
class Reminder:
    recipient: str
    name: str
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.overdue) + len(self.due_soon)


def recipient_of(item: ActionItem) -> str:
    """The member's own email, else the email of the login linked to them."""
    member = item.responsible_member
    if member is None or not member.is_active:
        return ""
    return (member.email or (member.user.email if member.user else "")).strip().lower()


def reminders_for(today: date) -> list[Reminder]:
    items = (
        ActionItem.objects.filter(
            plan__is_active=True,
            responsible_member__isnull=False,
            due_date__lte=today + timedelta(days=DAYS_AHEAD),
        )
        .open()
        .select_related("plan", "responsible_member__user")
        .order_by("due_date", "pk")
    )
    by_recipient: dict[str, Reminder] = {}
    for item in items:
        address = recipient_of(item)
        if not address:
            continue
        reminder = by_recipient.setdefault(
            address, Reminder(recipient=address, name=item.responsible_member.name)
        )
        item.url = settings.SITE_URL + item.get_absolute_url()
        item.days_left = (item.due_date - today).days
        (reminder.overdue if item.is_overdue_on(today) else reminder.due_soon).append(item)
    return sorted(by_recipient.values(), key=lambda r: r.recipient)


def send_reminders(*, today: date | None = None) -> list[str]:
    """Send today's reminders not sent yet; return one line per address for the command."""
    today = today or timezone.localdate()
    lines = []
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders_for(today):
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        recipient=reminder.recipient, date=today, item_count=reminder.count
                    )
                    _send(reminder, today)
            except IntegrityError:
                lines.append(
                    _("%(to)s: sudah dikirimi pengingat hari ini") % {"to": reminder.recipient}
                )
                continue
            lines.append(
                _("%(to)s: %(overdue)s terlambat, %(soon)s jatuh tempo dalam %(days)s hari")
                % {
                    "to": reminder.recipient,
                    "overdue": len(reminder.overdue),
                    "soon": len(reminder.due_soon),
                    "days": DAYS_AHEAD,
                }
            )
    return lines


def _send(reminder: Reminder, today: date) -> None:
    context = {
        "reminder": reminder,
        "today": today,
        "days": DAYS_AHEAD,
        "my_items_url": settings.SITE_URL + reverse("plans:my_items"),
    }
    subject = _("Pengingat RTL: %(overdue)s terlambat, %(soon)s segera jatuh tempo") % {
        "overdue": len(reminder.overdue),
        "soon": len(reminder.due_soon),
    }
    send_mail(
        subject,
        render_to_string("trainings/plans/reminder_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [reminder.recipient],
    )
