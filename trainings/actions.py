"""Every change to a training: its days, facilitators, documents, participants and scores.

Each write is a keyword-only function in a transaction (``@figures.write``, which
also brings the district's figure rows up to date before it commits) that names
who acted, so a change reads the same in the history whether it came from a
page, an import or the command line.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from kla_portal import conflicts, figures
from kla_portal.history import save_with_history
from trainings.models import (
    Attendance,
    Facilitator,
    Participant,
    ParticipantFunction,
    Training,
    TrainingDay,
    TrainingDocument,
)
from trainings.people import PersonDetails, find_or_create_person

TRAINING_FIELDS = (
    "title",
    "kind",
    "start_date",
    "end_date",
    "venue",
    "organiser",
    "funding_source",
    "hours",
    "status",
    "min_days_attended",
    "description",
)
DAY_HAS_ATTENDANCE = gettext_lazy(
    "Tanggal %(dates)s sudah punya catatan kehadiran, jadi tidak bisa dihapus dari pelatihan. "
    "Hapus dulu tanda hadir pada hari itu."
)
MIN_DAYS_TOO_MANY = gettext_lazy(
    "Minimal hari hadir (%(min)s) melebihi jumlah hari pelatihan (%(days)s)."
)
PARTICIPANT_EXISTS = gettext_lazy("%(name)s sudah menjadi peserta pelatihan ini.")
# A training gets one attendance day per calendar day: a start typed as 01/01/0001 once
# made 739,993 of them, and a page that took two minutes to show them.
MAX_TRAINING_DAYS = 31
TRAINING_TOO_LONG = gettext_lazy(
    "Pelatihan paling lama %(max)s hari. Periksa tanggal mulai dan selesainya; kegiatan yang "
    "lebih panjang dicatat sebagai beberapa pelatihan."
)
SCORE_RANGE = gettext_lazy("Nilai harus antara 0 dan 100.")


def training_dates(start, end):
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@figures.write("district", "training")
def save_training(
    *,
    user,
    district=None,
    training: Training | None = None,
    version: int | None = None,
    **values,
) -> Training:
    """Create a training (``district``) or change one (``training``, opened on ``version``:
    ``kla_portal.conflicts``); days follow the dates."""
    unknown = set(values) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"Training has no editable fields {sorted(unknown)}")
    creating = training is None
    if creating:
        training = Training(district=district)
    else:
        training = Training.objects.select_for_update().get(pk=training.pk)
    changed = [name for name, value in values.items() if getattr(training, name) != value]
    for name in changed:
        setattr(training, name, values[name])
    if training.start_date and training.end_date and training.end_date >= training.start_date:
        if (training.end_date - training.start_date).days >= MAX_TRAINING_DAYS:
            raise ValidationError({"end_date": TRAINING_TOO_LONG % {"max": MAX_TRAINING_DAYS}})
        wanted = training_dates(training.start_date, training.end_date)
        if training.min_days_attended and training.min_days_attended > len(wanted):
            raise ValidationError(
                {
                    "min_days_attended": MIN_DAYS_TOO_MANY
                    % {"min": training.min_days_attended, "days": len(wanted)}
                }
            )
    if creating:
        save_with_history(training, user=user)
    elif changed:
        conflicts.claim(training, version)
        save_with_history(training, user=user, fields=changed)
    _sync_days(training)
    return training


def _sync_days(training: Training):
    wanted = set(training_dates(training.start_date, training.end_date))
    existing = {d.date: d for d in training.days.all()}
    dropped = [d for day_date, d in existing.items() if day_date not in wanted]
    if dropped:
        blocked = sorted(
            d.date for d in dropped if Attendance.objects.filter(day=d, present=True).exists()
        )
        if blocked:
            raise ValidationError(
                DAY_HAS_ATTENDANCE % {"dates": ", ".join(date_format(d, "d/m/Y") for d in blocked)}
            )
        TrainingDay.objects.filter(pk__in=[d.pk for d in dropped]).delete()
    TrainingDay.objects.bulk_create(
        TrainingDay(training=training, date=d) for d in sorted(wanted - set(existing))
    )


@figures.write("training")
def deactivate_training(*, training: Training, user):
    training.is_active = False
    save_with_history(training, user=user, fields=["is_active"])


@figures.write("training")
def add_facilitator(
    *, training: Training, user, name, organisation="", is_certified=False, topic=""
) -> Facilitator:
    facilitator = Facilitator(
        training=training,
        name=name,
        organisation=organisation,
        is_certified=is_certified,
        topic=topic,
    )
    save_with_history(facilitator, user=user)
    return facilitator


@figures.write("facilitator")
def remove_facilitator(*, facilitator: Facilitator, user):
    facilitator.is_active = False
    save_with_history(facilitator, user=user, fields=["is_active"])


@figures.write("training")
def add_document(*, training: Training, user, kind, file) -> TrainingDocument:
    document = TrainingDocument(
        training=training, kind=kind, file=file, original_name=file.name, uploaded_by=user
    )
    save_with_history(document, user=user)
    return document


@figures.write("document")
def remove_document(*, document: TrainingDocument, user):
    document.is_active = False
    save_with_history(document, user=user, fields=["is_active"])


@figures.write("training")
def add_participant(
    *,
    training: Training,
    details: PersonDetails,
    user,
    pre_score=None,
    post_score=None,
    function: ParticipantFunction | None = None,
) -> tuple[Participant, bool]:
    """Find or create the person, then enrol them; returns (participant, person_created).

    Enrolling someone already enrolled is refused; someone removed earlier is
    enrolled again (with ``function`` if given, else the one they had).
    """
    person, created = find_or_create_person(district=training.district, details=details, user=user)
    participant = Participant.objects.filter(training=training, person=person).first()
    if participant and participant.is_active:
        raise ValidationError(PARTICIPANT_EXISTS % {"name": person.name})
    if participant is None:
        participant = Participant(training=training, person=person)
    participant.is_active = True
    participant.pre_score = pre_score if pre_score is not None else participant.pre_score
    participant.post_score = post_score if post_score is not None else participant.post_score
    if function is not None:
        participant.function = function
    save_with_history(participant, user=user)
    return participant, created


@figures.write("participant")
def remove_participant(*, participant: Participant, user):
    participant.is_active = False
    save_with_history(participant, user=user, fields=["is_active"])


@figures.write("day")
def record_attendance(*, day: TrainingDay, present_ids, user, absences=None) -> int:
    """Set the day's attendance of every active participant: present if listed, else
    absent with the reason ``absences`` gives them (participant id: izin or sakit).

    Returns how many are present. Only rows that change are written, so the same
    save sent twice (a double tap at the door) is stored once: the day's row is
    locked first, and the second finds the first's rows (on SQLite the immediate
    transaction waits the same way).
    """
    TrainingDay.objects.select_for_update().values_list("pk").get(pk=day.pk)
    present_ids = {int(pk) for pk in present_ids}
    absences = absences or {}
    participants = Participant.objects.filter(training_id=day.training_id, is_active=True)
    existing = {a.participant_id: a for a in Attendance.objects.filter(day=day)}
    count = 0
    for participant in participants:
        present = participant.pk in present_ids
        count += present
        set_attendance(
            participant=participant,
            day=day,
            present=present,
            absence=absences.get(participant.pk, ""),
            user=user,
            existing=existing.get(participant.pk, False),
        )
    return count


def set_attendance(
    *, participant, day, present: bool, user, existing=None, absence: str = ""
) -> bool:
    """Record one person's presence on one day, or the reason they were away (izin,
    sakit; none: tanpa keterangan); returns whether anything changed.

    ``existing`` may pass the Attendance row already fetched (``False``: known absent).
    """
    absence = "" if present else absence
    if absence not in ("", *Attendance.Absence.values):
        raise ValueError(f"unknown absence reason {absence!r}")
    record = (
        Attendance.objects.filter(participant=participant, day=day).first()
        if existing is None
        else existing or None
    )
    if record is None:
        if not present and not absence:
            return False  # no row means not present, no reason given: nothing to record
        record = Attendance(participant=participant, day=day, present=present, absence=absence)
        save_with_history(record, user=user, clean=False)
        return True
    if record.present == present and record.absence == absence:
        return False
    record.present = present
    record.absence = absence
    save_with_history(record, user=user, fields=["present", "absence"], clean=False)
    return True


def _check_score(value):
    if value is not None and not Decimal(0) <= Decimal(value) <= Decimal(100):
        raise ValidationError(SCORE_RANGE)


@figures.write("participant")
def record_scores(
    *, participant: Participant, user, pre_score=None, post_score=None, clear_missing=False
) -> bool:
    """Set pre/post-test scores (0-100); ``None`` keeps a score unless ``clear_missing``."""
    changed = []
    for name, value in (("pre_score", pre_score), ("post_score", post_score)):
        if value is None and not clear_missing:
            continue
        _check_score(value)
        if getattr(participant, name) != value:
            setattr(participant, name, value)
            changed.append(name)
    if changed:
        save_with_history(participant, user=user, fields=changed)
    return bool(changed)
