"""Trainings, their participants and attendance, coverage per sector; attendance marks.

A participant's phone and email are personal data: they are sent only to callers
who may edit the district (``can_edit_district``), and absent otherwise.
"""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q
from ninja import Field, Query, Router, Schema

from indicators.api.marks import STATUSES, Mark, record_marks
from indicators.api.pages import PageQuery, page_of
from indicators.figures import coverage_of
from kla_portal.access import (
    can_edit_district,
    district_for_reader,
    get_editable_or_403,
    get_visible_or_404,
)
from kla_portal.models import District
from trainings.models import Attendance, Participant, Training

router = Router(tags=["pelatihan"])


class TrainingOut(Schema):
    id: int
    district: str
    title: str
    kind: str
    status: str
    start_date: date
    end_date: date
    venue: str
    hours: int | None
    participants: int


class TrainingPage(Schema):
    count: int
    results: list[TrainingOut]


class ParticipantOut(Schema):
    id: int
    person_id: int
    name: str
    gender: str
    position: str
    institution: str
    function: str
    pre_score: Decimal | None
    post_score: Decimal | None
    certificate_code: str | None
    phone: str | None = Field(None, description="Hanya untuk yang boleh mengubah data kabupaten.")
    email: str | None = Field(None, description="Hanya untuk yang boleh mengubah data kabupaten.")


class TrainingDetail(TrainingOut):
    days: list[date]
    participant_list: list[ParticipantOut]


class MarkOut(Schema):
    participant_id: int
    status: str


class DayOut(Schema):
    date: date
    marks: list[MarkOut]


class MarkIn(Schema):
    participant_id: int
    date: date
    status: str = Field(description=" / ".join(STATUSES), pattern="^(" + "|".join(STATUSES) + ")$")
    marked_at: datetime | None = Field(
        None, description="Kapan tanda dibuat (di ponsel); kosong: sekarang."
    )


class MarksIn(Schema):
    marks: list[MarkIn] = Field(max_length=2000)


class ConflictOut(Schema):
    participant_id: int
    date: date
    status: str = Field(description="Yang tersimpan di server, lebih baru dari tanda yang dikirim.")
    changed_at: datetime


class MarksOut(Schema):
    saved: int
    unchanged: int
    conflicts: list[ConflictOut]


class SectorOut(Schema):
    sector: str
    name: str
    institutions: int
    institutions_with_trained: int
    trained_people: int
    trained_female: int
    trained_male: int


class CoverageOut(Schema):
    district: str
    task_force_members: int
    trained_task_force_members: int
    sectors: list[SectorOut]


def _trainings():
    return (
        Training.objects.filter(is_active=True)
        .select_related("district")
        .annotate(participant_count=Count("participants", filter=Q(participants__is_active=True)))
    )


def _training_row(training: Training) -> dict:
    return {
        "id": training.pk,
        "district": training.district_id,
        "title": training.title,
        "kind": training.kind,
        "status": training.status,
        "start_date": training.start_date,
        "end_date": training.end_date,
        "venue": training.venue,
        "hours": training.hours,
        "participants": training.participant_count,  # type: ignore[attr-defined]  # _trainings
    }


def _participant_row(participant: Participant, personal: bool) -> dict:
    person = participant.person
    row = {
        "id": participant.pk,
        "person_id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "position": person.position,
        "institution": person.institution.name if person.institution else "",
        "function": participant.function.code if participant.function else "",
        "pre_score": participant.pre_score,
        "post_score": participant.post_score,
        "certificate_code": participant.certificate_code,
    }
    if personal:
        row |= {"phone": person.phone, "email": person.email}
    return row


@router.get("/districts/{code}/trainings/", response=TrainingPage)
def district_trainings(request, code: str, page: Query[PageQuery], year: int | None = None):
    district = district_for_reader(request.user, code)
    queryset = _trainings().filter(district=district)
    if year is not None:
        queryset = queryset.filter(start_date__year=year)
    count, rows = page_of(queryset, page)
    return {"count": count, "results": [_training_row(t) for t in rows]}


# Fields left out of the dict stay out of the JSON: the contact fields of read-only callers.
@router.get("/trainings/{training_id}/", response=TrainingDetail, exclude_unset=True)
def training(request, training_id: int):
    found = get_visible_or_404(_trainings(), request.user, pk=training_id)
    personal = can_edit_district(request.user, found.district)
    participants = (
        found.participants.filter(is_active=True)
        .select_related("person__institution", "function")
        .order_by("person__name")
    )
    return {
        **_training_row(found),
        "days": [d.date for d in found.days.all()],
        "participant_list": [_participant_row(p, personal) for p in participants],
    }


@router.get("/trainings/{training_id}/attendance/", response=list[DayOut])
def attendance(request, training_id: int):
    """Each day's marks of the active participants; no mark: not present, no reason."""
    found = get_visible_or_404(_trainings(), request.user, pk=training_id)
    marks: dict[int, list] = {}
    for record in Attendance.objects.filter(
        day__training=found, participant__is_active=True
    ).order_by("participant_id"):
        marks.setdefault(record.day_id, []).append(
            {"participant_id": record.participant_id, "status": record.status}
        )
    return [{"date": d.date, "marks": marks.get(d.pk, [])} for d in found.days.all()]


@router.post("/trainings/{training_id}/attendance/", response=MarksOut)
def mark_attendance(request, training_id: int, payload: MarksIn):
    """Record marks, perhaps made offline: a mark older than the stored row's last change
    is not applied and comes back in ``conflicts``; the same mark sent twice is stored once."""
    found = get_editable_or_403(_trainings(), request.user, pk=training_id)
    outcome = record_marks(
        training=found,
        marks=[Mark(m.participant_id, m.date, m.status, m.marked_at) for m in payload.marks],
        user=request.user,
    )
    return {"saved": outcome.saved, "unchanged": outcome.unchanged, "conflicts": outcome.conflicts}


@router.get("/districts/{code}/coverage/", response=CoverageOut)
def coverage(request, code: str):
    """How far KHA training reached, per sector and in the task force (``trainings.coverage``)."""
    district = district_for_reader(request.user, code)
    found = coverage_of(District.objects.filter(code=district.code))[district.code]
    return {
        "district": district.code,
        "task_force_members": found.task_force_members,
        "trained_task_force_members": found.trained_task_force_members,
        "sectors": [
            {
                "sector": s.sector_code,
                "name": s.sector_name,
                "institutions": s.institutions,
                "institutions_with_trained": s.institutions_with_trained,
                "trained_people": s.trained_people,
                "trained_female": s.trained_female,
                "trained_male": s.trained_male,
            }
            for s in found.sectors.values()
        ],
    }
