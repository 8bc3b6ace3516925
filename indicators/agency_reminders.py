"""Daily reminder emails to agency operators: their agency's questions still open.

A question is open for an agency while it is routed to it on an assessment the
district still fills in (draft or reviewed) and the agency has not sent an
answer the Dinas PPPA holds (submitted) or took (accepted): untouched, still in
draft, or returned with the Dinas PPPA's note.

Once a day at most per address, as the RTL reminders: the sent-log is theirs,
``trainings.plans.models.ReminderLog`` (one row per recipient and day, written
in the same transaction as the send), with the address prefixed by
``LOG_PREFIX`` so that an operator who also has RTL items still gets both
emails. A second run on the same day sends nothing; a failed send leaves no
log behind.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.models import AgencyAnswer, Assessment, QuestionRoute
from kla_portal.models import Membership, Role
from stakeholders.models import Agency
from trainings.plans.models import ReminderLog

OPEN_ASSESSMENTS = (Assessment.Status.DRAFT, Assessment.Status.REVIEWED)
# What an agency still owes on a question: no answer row, or one in these states.
STILL_WITH_AGENCY = (AgencyAnswer.Status.DRAFT, AgencyAnswer.Status.RETURNED)
# Returned answers first (the Dinas PPPA is waiting on a fix), then drafts, then the rest;
# within each, in the instrument's order.
URGENCY = {"returned": 0, "draft": 1, "untouched": 2}
LOG_PREFIX = "perangkat-daerah:"
LOG_LENGTH = 254  # ReminderLog.recipient's max_length


@dataclass
class OpenQuestion:
    code: str
    text: str
    is_lead: bool
    state: str  # "untouched", "draft" or "returned"
    return_note: str
    url: str


@dataclass
class Section:
    """One agency's open questions on one assessment."""

    agency: Agency
    assessment: Assessment
    url: str  # the agency's page of questions on this assessment
    questions: list[OpenQuestion] = field(default_factory=list)


@dataclass
class Reminder:
    recipient: str
    name: str
    sections: list[Section] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    @property
    def returned(self) -> int:
        return sum(q.state == "returned" for s in self.sections for q in s.questions)


def log_key(address: str) -> str:
    """The address as this reminder's sent-log records it (apart from the RTL reminders')."""
    return (LOG_PREFIX + address)[:LOG_LENGTH]


def open_sections(district_code: str | None = None) -> dict[int, list[Section]]:
    """Per agency id, its open questions on each open assessment, newest year first.

    One query: only agencies someone could be reminded for (an active operator login
    with an email), their answers' state looked up in the database, not in Python.
    """
    scope = Q(item__assessment__status__in=OPEN_ASSESSMENTS, agency__is_active=True)
    if district_code:
        scope &= Q(item__assessment__district_id=district_code)
    answer = AgencyAnswer.objects.filter(
        item_id=OuterRef("item_id"), agency_id=OuterRef("agency_id")
    )
    routes = (
        QuestionRoute.objects.filter(scope)
        .filter(Exists(_operators().filter(agency_id=OuterRef("agency_id"))))
        .annotate(
            answer_status=Subquery(answer.values("status")[:1]),
            return_note=Subquery(answer.values("return_note")[:1]),
        )
        .filter(Q(answer_status__isnull=True) | Q(answer_status__in=STILL_WITH_AGENCY))
        .select_related("agency", "item__assessment__district", "item__item__indicator")
        .order_by(
            "agency_id",
            "-item__assessment__year",
            "item__item__indicator__number",
            "item__item__order",
        )
    )
    sections: dict[int, list[Section]] = {}
    for route in routes:
        assessment = route.item.assessment
        agency_sections = sections.setdefault(route.agency_id, [])
        if not agency_sections or agency_sections[-1].assessment.pk != assessment.pk:
            url = reverse("indicators:agency_questions", args=[assessment.pk, route.agency_id])
            agency_sections.append(
                Section(agency=route.agency, assessment=assessment, url=settings.SITE_URL + url)
            )
        question = route.item.item
        agency_sections[-1].questions.append(
            OpenQuestion(
                code=question.full_code,
                text=question.text,
                is_lead=route.is_lead,
                state=route.answer_status or "untouched",
                return_note=route.return_note or "",
                url=settings.SITE_URL
                + reverse("indicators:agency_answer", args=[route.item_id, route.agency_id]),
            )
        )
    for agency_sections in sections.values():
        for section in agency_sections:
            section.questions.sort(key=lambda q: URGENCY[q.state])
    return sections


def _operators():
    """The agency operator logins a reminder can reach."""
    return Membership.objects.filter(role=Role.AGENCY_OPERATOR, user__is_active=True).exclude(
        user__email=""
    )


def reminders_for(district_code: str | None = None) -> list[Reminder]:
    """One reminder per operator address whose agency has open questions, by address."""
    sections = open_sections(district_code)
    if not sections:
        return []
    operators = (
        _operators()
        .filter(agency_id__in=list(sections))
        .select_related("user")
        .order_by("user__email", "agency_id", "pk")
    )
    by_address: dict[str, Reminder] = {}
    for membership in operators:
        user = membership.user
        address = user.email.strip().lower()
        if not address:
            continue
        reminder = by_address.setdefault(
            address,
            Reminder(recipient=address, name=user.get_full_name() or user.username),
        )
        if not any(s.agency.pk == membership.agency_id for s in reminder.sections):
            reminder.sections.extend(sections[membership.agency_id])
    return sorted(by_address.values(), key=lambda r: r.recipient)


def send_agency_reminders(
    *, today: date | None = None, deadline: date | None = None, district_code: str | None = None
) -> list[str]:
    """Send today's reminders not sent yet; return one line per address for the command.

    ``deadline`` is the district's own date for the agencies' answers, when the caller
    knows it (nothing records it yet); ``district_code`` limits the run to one district.
    """
    today = today or timezone.localdate()
    lines = []
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders_for(district_code):
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        recipient=log_key(reminder.recipient),
                        date=today,
                        item_count=min(reminder.count, 32767),
                    )
                    _send(reminder, today, deadline)
            except IntegrityError:
                lines.append(
                    _("%(to)s: sudah dikirimi pengingat hari ini") % {"to": reminder.recipient}
                )
                continue
            lines.append(
                _("%(to)s: %(n)s pertanyaan terbuka, %(returned)s dikembalikan")
                % {"to": reminder.recipient, "n": reminder.count, "returned": reminder.returned}
            )
    return lines


def subject_of(reminder: Reminder) -> str:
    agencies = {s.agency.pk: s.agency.short_name for s in reminder.sections}
    if len(agencies) == 1:
        return _("Pengingat KLA: %(n)s pertanyaan %(agency)s belum dikirim ke Dinas PPPA") % {
            "n": reminder.count,
            "agency": next(iter(agencies.values())),
        }
    return _("Pengingat KLA: %(n)s pertanyaan belum dikirim ke Dinas PPPA") % {"n": reminder.count}


def _send(reminder: Reminder, today: date, deadline: date | None) -> None:
    context = {
        "reminder": reminder,
        "today": today,
        "deadline": deadline,
        "deadline_passed": deadline is not None and deadline < today,
    }
    send_mail(
        subject_of(reminder),
        render_to_string("indicators/agency_reminder_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [reminder.recipient],
    )
