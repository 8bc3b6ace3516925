"""The agencies' part of an assessment: which agency answers which question, and their answers.

The Dinas PPPA does not hold the data of most questions: the instrument names, per
question, the agencies that do (``ChecklistItem.responsible``). ``route_assessment``
sends each question of a district's assessment to the district's agencies that cover
those names (``Agency.covers``), the first name found being the lead; the district
reassigns a question with ``set_routes``. An agency's operator answers its questions
(``save_agency_answer``, with files), sends them to the Dinas PPPA
(``submit_agency_answer``), and the Dinas PPPA accepts an answer (it becomes the
district's self-assessed answer, through ``workflow.fill_items`` like any other) or
returns it with a note. Who did each step, and when, is on the answer and in its history.

All of it happens while the assessment is open in the district: draft, or reviewed.
An accepted answer changes the district's own answer, which only a draft allows
(``workflow.can_fill_item``): a reviewed assessment goes back to draft first, so the
task-force chair never signs off answers that changed after the check.

Permission problems raise ``PermissionDenied`` (the views answer 403); a step the
answer's or the assessment's state does not allow raises ``ValidationError`` with a
message for the user.
"""

import hashlib
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from indicators import workflow
from indicators.models import AgencyAnswer, Assessment, ItemAssessment, ItemEvidence, QuestionRoute
from kla_portal import figures
from kla_portal.access import can_answer_for_agency, can_edit_district
from kla_portal.history import save_with_history
from stakeholders.models import Agency

Status = AgencyAnswer.Status
OPEN = (Assessment.Status.DRAFT, Assessment.Status.REVIEWED)
EDITABLE = (Status.DRAFT, Status.RETURNED)

NOT_OPEN = _(
    "Penilaian ini tidak lagi terbuka untuk jawaban perangkat daerah (sudah diajukan ke provinsi)."
)
NOT_ROUTED = _("Pertanyaan %(code)s tidak ditugaskan ke %(agency)s.")
NOT_YOUR_AGENCY = _("Anda tidak menjawab untuk %(agency)s.")
ONLY_DINAS = _("Hanya Dinas PPPA kabupaten/kota ini yang dapat melakukan langkah ini.")
ALREADY_SENT = _("Jawaban ini sudah dikirim ke Dinas PPPA: tunggu diterima atau dikembalikan.")
ALREADY_ACCEPTED = _("Jawaban ini sudah diterima Dinas PPPA dan tidak dapat diubah lagi.")
NOTHING_TO_SEND = _("Pilih jawaban atau isi angkanya sebelum mengirim ke Dinas PPPA.")
NOT_SUBMITTED = _(
    "Hanya jawaban yang sudah dikirim ke Dinas PPPA yang dapat diterima atau dikembalikan."
)
NOTE_REQUIRED = _("Tuliskan catatan untuk perangkat daerah: apa yang perlu diperbaiki.")
ACCEPT_NEEDS_DRAFT = _(
    "Penilaian sudah ditandai diperiksa: kembalikan ke draf dulu untuk menerima jawaban ini."
)
OTHER_DISTRICT_AGENCY = _("%(agency)s bukan perangkat daerah aktif kabupaten/kota ini.")
LEAD_REQUIRED = _("Pilih perangkat daerah utama di antara perangkat daerah yang dipilih.")
NOT_AGENCY_FILE = _("Berkas ini bukan unggahan perangkat daerah.")


# ---------------------------------------------------------------------------
# Who may do what


def is_open(assessment: Assessment) -> bool:
    """The agencies work on an assessment the district has not sent to the province yet."""
    return assessment.status in OPEN


def is_routed(item: ItemAssessment, agency: Agency) -> bool:
    return QuestionRoute.objects.filter(item=item, agency=agency).exists()


def can_answer(user, item: ItemAssessment, agency: Agency, *, routed: bool | None = None) -> bool:
    """Whether the user writes this agency's answer to this question now: its operator
    (or the Dinas PPPA, on its behalf), the question routed to it, the assessment open.
    ``routed``: already known by the caller (a page that loaded the routes)."""
    assessment = item.assessment
    if agency.district_id != assessment.district_id or not is_open(assessment):
        return False
    if not can_answer_for_agency(user, agency):
        return False
    return is_routed(item, agency) if routed is None else routed


def can_decide(user, assessment: Assessment) -> bool:
    """The Dinas PPPA accepts or returns the agencies' answers and routes the questions."""
    return can_edit_district(user, assessment.district) and is_open(assessment)


def _check_answerer(user, item: ItemAssessment, agency: Agency) -> None:
    assessment = item.assessment
    if agency.district_id != assessment.district_id or not can_answer_for_agency(user, agency):
        raise PermissionDenied(NOT_YOUR_AGENCY % {"agency": agency.short_name})
    if not is_routed(item, agency):
        raise PermissionDenied(
            NOT_ROUTED % {"code": item.item.full_code, "agency": agency.short_name}
        )
    if not is_open(assessment):
        raise ValidationError(NOT_OPEN)


def _check_dinas(user, assessment: Assessment) -> None:
    if not can_edit_district(user, assessment.district):
        raise PermissionDenied(ONLY_DINAS)
    if not is_open(assessment):
        raise ValidationError(NOT_OPEN)


def _check_editable(answer: AgencyAnswer) -> None:
    if answer.status == Status.SUBMITTED:
        raise ValidationError(ALREADY_SENT)
    if answer.status == Status.ACCEPTED:
        raise ValidationError(ALREADY_ACCEPTED)


def _locked(answer: AgencyAnswer) -> AgencyAnswer:
    """The answer as stored now, its row locked till the end of the transaction: two
    presses of "kirim" (or "terima" and "kembalikan" at once) are taken one after the other."""
    stored = AgencyAnswer.objects.select_for_update().get(pk=answer.pk)
    for name in ("status", "answer", "figure_previous", "figure_current", "notes", "return_note"):
        setattr(answer, name, getattr(stored, name))
    return answer


# ---------------------------------------------------------------------------
# Routes


def _agencies_by_name(agencies: Iterable[Agency]) -> dict[str, list[Agency]]:
    by_name: dict[str, list[Agency]] = {}
    for agency in agencies:
        for name in agency.covers:
            by_name.setdefault(name, []).append(agency)
    return by_name


@transaction.atomic
def route_assessment(*, assessment: Assessment, user) -> int:
    """Send every question of the assessment to the district's active agencies that cover
    the names of its ``responsible``; return the number of routes made.

    The agency of the first name found is the lead, unless the question has a lead
    already. Run again (after the district added agencies), it adds only what is
    missing and keeps the district's reassignments: a route the district removed is
    not made again. Who may run it is the caller's business (``start_assessment`` runs
    it for whoever started the assessment; the page's button for the Dinas PPPA).
    """
    if not is_open(assessment):
        raise ValidationError(NOT_OPEN)
    agencies = list(
        Agency.objects.filter(district_id=assessment.district_id, is_active=True).order_by(
            "short_name"
        )
    )
    if not agencies:
        return 0
    by_name = _agencies_by_name(agencies)
    existing: dict[int, set[int]] = {}
    leads: set[int] = set()
    for item_id, agency_id, is_lead in QuestionRoute.objects.filter(
        item__assessment=assessment
    ).values_list("item_id", "agency_id", "is_lead"):
        existing.setdefault(item_id, set()).add(agency_id)
        if is_lead:
            leads.add(item_id)
    removed = set(
        QuestionRoute.history.filter(item__assessment=assessment, history_type="-").values_list(
            "item_id", "agency_id"
        )
    )
    rows = []
    for item_id, responsible in assessment.items.values_list("pk", "item__responsible"):
        routed = existing.get(item_id, set())
        has_lead = item_id in leads
        for name in responsible or []:
            for agency in by_name.get(name, []):
                if agency.pk in routed or (item_id, agency.pk) in removed:
                    continue
                rows.append(QuestionRoute(item_id=item_id, agency=agency, is_lead=not has_lead))
                routed.add(agency.pk)
                has_lead = True
        existing[item_id] = routed
    if rows:
        bulk_create_with_history(rows, QuestionRoute, default_user=user)
    return len(rows)


@transaction.atomic
def set_routes(
    *, item: ItemAssessment, user, agencies: Sequence[Agency], lead: Agency | None
) -> list[QuestionRoute]:
    """The district reassigns a question: these agencies, ``lead`` among them. No agency
    at all means the Dinas PPPA answers the question itself. An agency's answer to a
    question taken from it stays, with its history, but no longer shows to the agency."""
    assessment = item.assessment
    _check_dinas(user, assessment)
    wanted = {agency.pk: agency for agency in agencies}
    for agency in wanted.values():
        if agency.district_id != assessment.district_id or not agency.is_active:
            raise ValidationError(OTHER_DISTRICT_AGENCY % {"agency": agency.short_name})
    if wanted and (lead is None or lead.pk not in wanted):
        raise ValidationError(LEAD_REQUIRED)
    ItemAssessment.objects.select_for_update().filter(pk=item.pk).values_list("pk").get()
    current = {route.agency_id: route for route in QuestionRoute.objects.filter(item=item)}
    lead_id = lead.pk if lead is not None else None
    # Removed routes and the old lead first: one lead per question, at every step.
    for agency_id, route in current.items():
        if agency_id not in wanted:
            route._history_user = user  # type: ignore[attr-defined]
            route.delete()
        elif route.is_lead and agency_id != lead_id:
            route.is_lead = False
            save_with_history(route, user=user, fields=["is_lead"], clean=False)
    routes = []
    for agency_id, agency in wanted.items():
        is_lead = agency_id == lead_id
        existing = current.get(agency_id)
        if existing is None:
            route = QuestionRoute(item=item, agency=agency, is_lead=is_lead)
            save_with_history(route, user=user, clean=False)
        else:
            route = existing
            if route.is_lead != is_lead:
                route.is_lead = is_lead
                save_with_history(route, user=user, fields=["is_lead"], clean=False)
        route.agency = agency
        routes.append(route)
    routes.sort(key=lambda r: (not r.is_lead, r.agency.short_name))
    return routes


def merge_agency_routes(*, keep: Agency, merge: Agency, user) -> None:
    """``stakeholders.agencies.merge_agencies`` folds ``merge`` into ``keep``: its routes,
    its answers and its files move over where ``keep`` has none on the same question."""
    kept = {route.item_id: route for route in QuestionRoute.objects.filter(agency=keep)}
    for route in QuestionRoute.objects.filter(agency=merge):
        own = kept.get(route.item_id)
        if own is None:
            route.agency = keep
            save_with_history(route, user=user, fields=["agency"], clean=False)
            continue
        was_lead = route.is_lead
        route._history_user = user  # type: ignore[attr-defined]
        route.delete()
        if was_lead and not own.is_lead:
            own.is_lead = True
            save_with_history(own, user=user, fields=["is_lead"], clean=False)
    answered = set(AgencyAnswer.objects.filter(agency=keep).values_list("item_id", flat=True))
    for answer in AgencyAnswer.objects.filter(agency=merge).exclude(item_id__in=answered):
        answer.agency = keep
        save_with_history(answer, user=user, fields=["agency", "updated_at"], clean=False)
    for evidence in ItemEvidence.objects.filter(agency=merge):
        evidence.agency = keep
        save_with_history(evidence, user=user, fields=["agency"], clean=False)


# ---------------------------------------------------------------------------
# The agency's answer


def _figure(item: ItemAssessment, name: str, labels: dict, value, problems: list) -> Decimal | None:
    if name not in labels or value is None or value == "":
        return None
    if isinstance(value, Decimal | int | float):
        # Two decimals always: "1.250" would read as a count of 1250 (workflow.parse_figure).
        value = str(Decimal(str(value)).quantize(Decimal("0.01")))
    return workflow._checked_figure(item.item, name, labels[name], value, problems)


@transaction.atomic
def save_agency_answer(
    *,
    item: ItemAssessment,
    agency: Agency,
    user,
    answer: str,
    figure_previous=None,
    figure_current=None,
    notes: str = "",
) -> AgencyAnswer:
    """The agency's answer, saved without sending it: a draft, or a returned answer
    being fixed (it stays returned, with its note, until sent again).

    Checked as the assessment form checks a row (``workflow.fill_items``): an answer the
    question allows, figures it asks for as numbers of at least 0 (a percentage at most
    100, a count whole); figures the question does not ask for are dropped. Figures may
    be typed text ("12,5") or numbers.
    """
    _check_answerer(user, item, agency)
    row = _locked_row(item, agency) or AgencyAnswer(item=item, agency=agency)
    _check_editable(row)
    values = _checked_values(item, answer, figure_previous, figure_current, notes)
    if row.pk is not None and _stored_values(row) == values:
        return row  # the same answer saved again (a double tap): nothing to record
    row.answer, row.figure_previous, row.figure_current, row.notes = values
    save_with_history(row, user=user, clean=False)
    return row


def _locked_row(item: ItemAssessment, agency: Agency) -> AgencyAnswer | None:
    """The agency's answer as stored, once the question's row is locked: two saves of the
    same form (a double tap) are taken one after the other, and the second finds the
    first's answer rather than making another (on SQLite the immediate transaction waits
    the same way)."""
    ItemAssessment.objects.select_for_update().values_list("pk").get(pk=item.pk)
    return AgencyAnswer.objects.filter(item=item, agency=agency).first()


def _checked_values(item: ItemAssessment, answer, figure_previous, figure_current, notes):
    """(answer, figure_previous, figure_current, notes) as they would be stored."""
    problems: list[str] = []
    answer = answer or ""
    if answer and answer not in dict(item.item.statuses):
        problems.append(workflow.ROW_BAD_STATUS % {"code": item.item.full_code, "value": answer})
    labels = workflow.figure_labels(item.item, item.assessment.year)
    previous = _figure(item, "figure_previous", labels, figure_previous, problems)
    current = _figure(item, "figure_current", labels, figure_current, problems)
    if problems:
        raise ValidationError(problems)
    return answer, previous, current, (notes or "").replace("\r\n", "\n").strip()


def _stored_values(row: AgencyAnswer) -> tuple:
    return row.answer, row.figure_previous, row.figure_current, row.notes


def is_sent_already(
    *,
    item: ItemAssessment,
    agency: Agency,
    answer: str,
    figure_previous=None,
    figure_current=None,
    notes: str = "",
    files: Sequence = (),
) -> bool:
    """Whether this is the answer already sent to the Dinas PPPA, sent again: the same
    values, and no file that is not on it already (a double tap on "Kirim", or a browser
    sending the form again). The caller then answers as it did the first time, writing
    nothing. Call it in the transaction of the save: it locks the question's row."""
    row = _locked_row(item, agency)
    if row is None or row.status != Status.SUBMITTED:
        return False
    try:
        values = _checked_values(item, answer, figure_previous, figure_current, notes)
    except ValidationError:
        return False
    return _stored_values(row) == values and all(
        _attached_already(answer=row, file=file) for file in files
    )


def _attached_already(*, answer: AgencyAnswer, file) -> ItemEvidence | None:
    """The agency's file on this question with the same name and the same bytes."""
    same_name = ItemEvidence.objects.filter(
        item_assessment=answer.item, agency=answer.agency, original_name=file.name
    )
    digest = _digest(file)
    for evidence in same_name:
        try:
            with evidence.file.open("rb") as stored:
                if stored.size == file.size and _digest(stored) == digest:
                    return evidence
        except FileNotFoundError:  # its stored file is gone: not the same file
            continue
    return None


def _digest(file) -> str:
    """The SHA-256 of a whole file, an upload or a stored one, read from its start."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def submit_agency_answer(*, answer: AgencyAnswer, user) -> AgencyAnswer:
    """'Kirim ke Dinas PPPA': the answer waits for the Dinas PPPA's decision."""
    _check_answerer(user, answer.item, answer.agency)
    _check_editable(_locked(answer))
    if not answer.answer and answer.figure_previous is None and answer.figure_current is None:
        raise ValidationError(NOTHING_TO_SEND)
    answer.status = Status.SUBMITTED
    answer.submitted_at = timezone.now()
    answer.submitted_by = user
    save_with_history(
        answer,
        user=user,
        fields=["status", "submitted_at", "submitted_by", "updated_at"],
        clean=False,
    )
    return answer


def _text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


@figures.write("answer")
def accept_agency_answer(*, answer: AgencyAnswer, user) -> AgencyAnswer:
    """The Dinas PPPA takes the agency's answer as the district's own.

    Its answer, figures and notes go into the question's self-assessed answer through
    ``workflow.fill_items``, so the row's history, its carried-from mark and the
    assessment's figures come out as for any answer the Dinas PPPA types; what the
    agency left blank keeps the district's value.
    """
    item = answer.item
    assessment = item.assessment
    _check_dinas(user, assessment)
    if _locked(answer).status != Status.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    if not workflow.can_fill_item(user, item):
        raise ValidationError(ACCEPT_NEEDS_DRAFT)
    current = ItemAssessment.objects.get(pk=item.pk)
    workflow.fill_items(
        assessment=assessment,
        user=user,
        changes=[
            workflow.ItemChange(
                pk=item.pk,
                status=answer.answer or current.self_status,
                figure_previous=_text(
                    answer.figure_previous
                    if answer.figure_previous is not None
                    else current.figure_previous
                ),
                figure_current=_text(
                    answer.figure_current
                    if answer.figure_current is not None
                    else current.figure_current
                ),
                notes=answer.notes or current.notes,
                confirm=True,
            )
        ],
    )
    answer.status = Status.ACCEPTED
    answer.decided_at = timezone.now()
    answer.decided_by = user
    answer.return_note = ""
    save_with_history(
        answer,
        user=user,
        fields=["status", "decided_at", "decided_by", "return_note", "updated_at"],
        clean=False,
    )
    return answer


@transaction.atomic
def return_agency_answer(*, answer: AgencyAnswer, user, note: str) -> AgencyAnswer:
    """The Dinas PPPA sends the answer back to the agency, saying what to fix."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(NOTE_REQUIRED)
    _check_dinas(user, answer.item.assessment)
    if _locked(answer).status != Status.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    answer.status = Status.RETURNED
    answer.return_note = note
    answer.decided_at = timezone.now()
    answer.decided_by = user
    save_with_history(
        answer,
        user=user,
        fields=["status", "return_note", "decided_at", "decided_by", "updated_at"],
        clean=False,
    )
    return answer


# ---------------------------------------------------------------------------
# The agency's files


@transaction.atomic
def add_agency_evidence(*, answer: AgencyAnswer, user, file, is_data_matrix: bool) -> ItemEvidence:
    """Attach a checked upload (``agency_forms``: the data matrix as xlsx, csv or pdf; a
    document as pdf, image, docx or xlsx) to the question, as this agency's file."""
    _check_answerer(user, answer.item, answer.agency)
    _check_editable(answer)
    if attached := _attached_already(answer=answer, file=file):
        return attached  # the same file sent again (a double tap): kept once
    evidence = ItemEvidence(
        item_assessment=answer.item,
        agency=answer.agency,
        is_data_matrix=is_data_matrix,
        file=file,
        original_name=file.name,
        uploaded_by=user,
    )
    save_with_history(evidence, user=user, clean=False)
    return evidence


@transaction.atomic
def remove_agency_evidence(*, evidence: ItemEvidence, user) -> None:
    """Take one of the agency's own files off its answer, while the answer is editable.
    The stored file stays: the history names it, and a later year's assessment carried
    from this one may point at it."""
    if evidence.agency is None:
        raise PermissionDenied(NOT_AGENCY_FILE)
    item = evidence.item_assessment
    _check_answerer(user, item, evidence.agency)
    answer = AgencyAnswer.objects.filter(item=item, agency=evidence.agency).first()
    if answer is not None:
        _check_editable(answer)
    evidence._history_user = user  # type: ignore[attr-defined]
    evidence.delete()
