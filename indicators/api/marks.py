"""Attendance marks sent through the API, perhaps long after they were made.

A phone at a venue without signal queues its marks and sends them later, each
with the time it was made. The person's row for the day may have changed in the
meantime (another officer at the door, the attendance page): the latest change
wins. A mark made before the stored row last changed is not applied, and is
reported back as a conflict, so nobody's later mark is overwritten by an older
one; a mark sent twice changes nothing the second time.

The marks are written one by one through ``trainings.actions.set_attendance``,
as the attendance page writes them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kla_portal import figures
from trainings.actions import set_attendance
from trainings.models import Attendance, Participant, Training

NOT_A_PARTICIPANT = _("Peserta %(id)s bukan peserta aktif pelatihan ini.")
NOT_A_DAY = _("Tanggal %(date)s bukan hari pelatihan ini.")
STATUSES = [choice.value for choice in Attendance.Status]


@dataclass(frozen=True)
class Mark:
    participant_id: int
    date: date
    status: str  # an Attendance.Status value
    marked_at: datetime | None = None  # None: now


@dataclass
class Outcome:
    saved: int = 0
    unchanged: int = 0
    # The marks not applied: the stored row changed after they were made.
    conflicts: list[dict] = field(default_factory=list)


def _last_changes(training: Training) -> dict[tuple[int, int], datetime]:
    """``{(participant id, day id): when the row last changed}``, in one query."""
    rows = (
        Attendance.history.filter(day_id__in=training.days.values("pk"))
        .values("participant_id", "day_id")
        .annotate(last=Max("history_date"))
        .order_by()
    )
    return {(r["participant_id"], r["day_id"]): r["last"] for r in rows}


@figures.write("training")
def record_marks(*, training: Training, marks: list[Mark], user) -> Outcome:
    """Apply the marks that are not older than the stored rows; report the others."""
    days = {d.date: d for d in training.days.all()}
    participants = {p.pk: p for p in Participant.objects.filter(training=training, is_active=True)}
    for mark in marks:
        if mark.participant_id not in participants:
            raise ValidationError(NOT_A_PARTICIPANT % {"id": mark.participant_id})
        if mark.date not in days:
            raise ValidationError(NOT_A_DAY % {"date": mark.date.isoformat()})
    existing = {
        (a.participant_id, a.day_id): a for a in Attendance.objects.filter(day__in=days.values())
    }
    changed_at = _last_changes(training)
    now = timezone.now()
    outcome = Outcome()
    # Oldest first: two queued marks of one person and day end on the later one. A phone
    # whose clock runs ahead cannot date its marks after the server's present.
    for mark in sorted(marks, key=lambda m: min(m.marked_at or now, now)):
        marked_at = min(mark.marked_at or now, now)
        day = days[mark.date]
        key = (mark.participant_id, day.pk)
        record = existing.get(key)
        stored_at = changed_at.get(key)
        if stored_at and stored_at > marked_at:
            outcome.conflicts.append(
                {
                    "participant_id": mark.participant_id,
                    "date": mark.date,
                    "status": record.status if record else Attendance.Status.TANPA_KETERANGAN,
                    "changed_at": stored_at,
                }
            )
            continue
        absent_with = "" if mark.status == Attendance.Status.TANPA_KETERANGAN else mark.status
        if set_attendance(
            participant=participants[mark.participant_id],
            day=day,
            present=mark.status == Attendance.Status.HADIR,
            absence="" if mark.status == Attendance.Status.HADIR else absent_with,
            user=user,
            existing=record or False,
        ):
            outcome.saved += 1
            record = Attendance.objects.get(participant_id=mark.participant_id, day=day)
            _date_change(record, marked_at)
            existing[key] = record
            changed_at[key] = marked_at
        else:
            outcome.unchanged += 1
    return outcome


def _date_change(record: Attendance, marked_at: datetime) -> None:
    """Date the history entry just written with the time the mark was made, not sent:
    the history is what a later queued mark is compared with."""
    latest = record.history.order_by("-history_id").values_list("history_id", flat=True)[:1]
    Attendance.history.filter(history_id__in=list(latest)).update(history_date=marked_at)
