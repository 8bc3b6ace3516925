"""Pages of the KHA trainings: lists, the training and its participants, attendance,
scores, report, import and export, and merging duplicate people (the certificates are in
``certificate_views``, the PDF documents in ``document_views``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kla_portal import conflicts
from kla_portal.access import (
    can_edit_district,
    district_for_editor,
    district_for_reader,
    get_editable_or_403,
    get_visible_or_404,
)
from kla_portal.activity import download
from kla_portal.forms import MAX_SEARCH_LENGTH, add_write_errors, errors_text
from kla_portal.history import history_of
from kla_portal.imports import ALREADY_IMPORTED, import_done
from kla_portal.spreadsheets import (
    SheetError,
    StashTaken,
    claim_stash,
    discard_stash,
    normalize_header,
    release_stash,
    stash_upload,
    stashed_path,
)
from kla_portal.uploads import serve_upload
from trainings import actions, participant_import, people, reports
from trainings.forms import (
    AttendanceForm,
    BulkParticipantsForm,
    DocumentForm,
    FacilitatorForm,
    MergeForm,
    ParticipantForm,
    ParticipantUploadForm,
    TrainingFilterForm,
    TrainingForm,
    parse_score_input,
)
from trainings.models import (
    Attendance,
    Facilitator,
    Participant,
    Person,
    Training,
    TrainingDocument,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 20
SAVED = gettext_lazy("Pelatihan disimpan.")
DEACTIVATED = gettext_lazy("Pelatihan dihapus (dinonaktifkan).")
FACILITATOR_ADDED = gettext_lazy("Narasumber %(name)s ditambahkan.")
FACILITATOR_REMOVED = gettext_lazy("Narasumber %(name)s dihapus.")
DOCUMENT_ADDED = gettext_lazy("Dokumen %(name)s diunggah.")
DOCUMENT_REMOVED = gettext_lazy("Dokumen %(name)s dihapus.")
PARTICIPANT_ADDED = gettext_lazy("%(name)s ditambahkan sebagai peserta.")
PARTICIPANT_REMOVED = gettext_lazy("%(name)s dikeluarkan dari daftar peserta.")
BULK_ADDED = gettext_lazy("%(added)s peserta ditambahkan, %(skipped)s sudah terdaftar.")
ATTENDANCE_SAVED = gettext_lazy("Kehadiran hari %(n)s disimpan: %(count)s hadir.")
SCORES_SAVED = gettext_lazy("Nilai disimpan (%(count)s peserta berubah).")
SCORES_INVALID = gettext_lazy("Sebagian nilai tidak terbaca; periksa kotak yang ditandai merah.")
IMPORT_EXPIRED = gettext_lazy("Berkas impor sudah tidak tersedia. Unggah lagi.")
IMPORT_HAS_ERRORS = gettext_lazy(
    "Ada baris yang ditolak. Perbaiki berkasnya, atau centang 'impor hanya baris yang valid'."
)
MERGED = gettext_lazy("%(merge)s digabung ke %(keep)s.")


def _trainings():
    return Training.objects.filter(is_active=True).select_related("district")


def _training_for_reader(user, pk) -> Training:
    return get_visible_or_404(_trainings(), user, pk=pk)


def _training_for_editor(user, pk) -> Training:
    return get_editable_or_403(_trainings(), user, pk=pk)


# Lists


@login_required
def training_list(request, code):
    district = district_for_reader(request.user, code)
    form = TrainingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    trainings = (
        Training.objects.visible_to(request.user)
        .filter(district=district, is_active=True)
        .annotate(participant_count=Count("participants", filter=Q(participants__is_active=True)))
    )
    if filters.get("q"):
        q = filters["q"]
        trainings = trainings.filter(
            Q(title__icontains=q) | Q(venue__icontains=q) | Q(organiser__icontains=q)
        )
    if filters.get("kind"):
        trainings = trainings.filter(kind=filters["kind"])
    if filters.get("status"):
        trainings = trainings.filter(status=filters["status"])
    if filters.get("year"):
        trainings = trainings.filter(start_date__year=filters["year"])
    if filters.get("function"):
        with_function = Participant.objects.filter(function=filters["function"], is_active=True)
        trainings = trainings.filter(pk__in=with_function.values("training_id"))
    today = timezone.localdate()
    upcoming = list(trainings.filter(end_date__gte=today).order_by("start_date", "title"))
    past = Paginator(
        trainings.filter(end_date__lt=today).order_by("-start_date", "title"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/list.html",
        {
            "district": district,
            "form": form,
            "upcoming": upcoming,
            "past": past,
            "can_edit": can_edit_district(request.user, district),
        },
    )


@login_required
def training_calendar(request, code):
    """Upcoming trainings as an agenda, month by month."""
    district = district_for_reader(request.user, code)
    today = timezone.localdate()
    trainings = (
        Training.objects.visible_to(request.user)
        .filter(district=district, is_active=True, end_date__gte=today)
        .order_by("start_date", "title")
    )
    months = []
    for training in trainings:
        key = training.start_date.replace(day=1)
        if not months or months[-1][0] != key:
            months.append((key, []))
        months[-1][1].append(training)
    return render(
        request,
        "trainings/calendar.html",
        {"district": district, "months": months, "today": today},
    )


# The training itself


@login_required
def training_create(request, code):
    district = district_for_editor(request.user, code)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = actions.save_training(
                user=request.user, district=district, **form.cleaned_data
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect(training)
    return render(request, "trainings/form.html", {"district": district, "form": form})


@login_required
def training_edit(request, pk):
    training = _training_for_editor(request.user, pk)
    # The form writes the submitted values onto its instance as it validates: a copy
    # of its own keeps ``training`` as stored.
    form = TrainingForm(
        request.POST or None, instance=Training.objects.visible_to(request.user).get(pk=pk)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_training(user=request.user, training=training, **form.cleaned_data)
        except ValidationError as exc:
            conflict = conflicts.conflict_of(form, exc)
            if conflict is None:
                add_write_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect(training)
    return render(
        request,
        "trainings/form.html",
        {"district": training.district, "training": training, "form": form, "conflict": conflict},
    )


@require_POST
@login_required
def training_deactivate(request, pk):
    training = _training_for_editor(request.user, pk)
    actions.deactivate_training(training=training, user=request.user)
    messages.success(request, DEACTIVATED)
    return redirect("trainings:list", training.district_id)


def participants_table(training):
    return (
        training.participants.filter(is_active=True)
        .select_related(
            "person__institution__sector", "person__sector", "person__member", "function"
        )
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.filter(present=True)))
        .order_by("person__name")
    )


def _rows(participants, days):
    rows = []
    for participant in participants:
        present = {a.day_id for a in participant.attendance.all()}
        rows.append((participant, [day.pk in present for day in days]))
    return rows


@login_required
def training_detail(request, pk):
    training = _training_for_reader(request.user, pk)
    days = list(training.days.all())
    can_edit = can_edit_district(request.user, training.district)
    return render(
        request,
        "trainings/detail.html",
        {
            "training": training,
            "district": training.district,
            "days": days,
            "rows": _rows(participants_table(training), days),
            "facilitators": training.facilitators.filter(is_active=True),
            "documents": training.documents.filter(is_active=True),
            "can_edit": can_edit,
            "facilitator_form": FacilitatorForm() if can_edit else None,
            "document_form": DocumentForm() if can_edit else None,
            "history": history_of(training),
        },
    )


@require_POST
@login_required
def facilitator_add(request, pk):
    training = _training_for_editor(request.user, pk)
    form = FacilitatorForm(request.POST)
    if form.is_valid():
        facilitator = actions.add_facilitator(
            training=training, user=request.user, **form.cleaned_data
        )
        messages.success(request, FACILITATOR_ADDED % {"name": facilitator.name})
    else:
        messages.error(request, errors_text(form, "; "))
    return redirect(training)


@require_POST
@login_required
def facilitator_remove(request, pk):
    facilitator = get_editable_or_403(
        Facilitator.objects.filter(is_active=True), request.user, pk=pk
    )
    actions.remove_facilitator(facilitator=facilitator, user=request.user)
    messages.success(request, FACILITATOR_REMOVED % {"name": facilitator.name})
    return redirect(facilitator.training)


@require_POST
@login_required
def document_add(request, pk):
    training = _training_for_editor(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = actions.add_document(
            training=training,
            user=request.user,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, DOCUMENT_ADDED % {"name": document.original_name})
    else:
        messages.error(request, errors_text(form, "; "))
    return redirect(training)


@login_required
def document_file(request, pk):
    document = get_visible_or_404(
        TrainingDocument.objects.filter(is_active=True, training__is_active=True),
        request.user,
        pk=pk,
    )
    return serve_upload(document.file, document.original_name)


@require_POST
@login_required
def document_remove(request, pk):
    document = get_editable_or_403(
        TrainingDocument.objects.filter(is_active=True).select_related("training"),
        request.user,
        pk=pk,
    )
    actions.remove_document(document=document, user=request.user)
    messages.success(request, DOCUMENT_REMOVED % {"name": document.original_name})
    return redirect(document.training)


# Participants


@login_required
def participant_add(request, pk):
    training = _training_for_editor(request.user, pk)
    form = ParticipantForm(request.POST or None, district=training.district)
    if request.method == "POST" and form.is_valid():
        try:
            participant, _created = actions.add_participant(
                training=training,
                details=form.details(),
                user=request.user,
                function=form.cleaned_data.get("function"),
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(request, PARTICIPANT_ADDED % {"name": participant.person.name})
            if "again" in request.POST:
                return redirect("trainings:participant_add", training.pk)
            return redirect(training)
    return render(
        request,
        "trainings/participant_form.html",
        {"training": training, "district": training.district, "form": form},
    )


@login_required
def participants_bulk(request, pk):
    training = _training_for_editor(request.user, pk)
    form = BulkParticipantsForm(request.POST or None, district=training.district)
    if request.method == "POST" and form.is_valid():
        added = skipped = 0
        for details in form.cleaned_data["lines"]:
            try:
                actions.add_participant(training=training, details=details, user=request.user)
                added += 1
            except ValidationError:
                skipped += 1
        messages.success(request, BULK_ADDED % {"added": added, "skipped": skipped})
        return redirect(training)
    return render(
        request,
        "trainings/participants_bulk.html",
        {"training": training, "district": training.district, "form": form},
    )


@require_POST
@login_required
def participant_remove(request, pk):
    participant = get_editable_or_403(
        Participant.objects.filter(is_active=True).select_related("person", "training"),
        request.user,
        pk=pk,
    )
    actions.remove_participant(participant=participant, user=request.user)
    messages.success(request, PARTICIPANT_REMOVED % {"name": participant.person.name})
    return redirect(participant.training)


@login_required
def attendance(request, pk, number):
    """One day's attendance: a big tick box per person, for a phone at the door."""
    training = _training_for_editor(request.user, pk)
    days = list(training.days.all())
    if not 1 <= number <= len(days):
        raise Http404
    day = days[number - 1]
    form = AttendanceForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_valid():
        count = actions.record_attendance(
            day=day,
            present_ids=form.cleaned_data["present"],
            absences=_absences(request.POST),
            user=request.user,
        )
        messages.success(request, ATTENDANCE_SAVED % {"n": number, "count": count})
        return redirect("trainings:attendance", training.pk, number)
    if form.is_bound:
        messages.error(request, errors_text(form))
        status = 400
    participants = (
        training.participants.filter(is_active=True)
        .select_related("person__institution", "person__member")
        .order_by("person__name")
    )
    records = {a.participant_id: a for a in Attendance.objects.filter(day=day)}
    present = {pk for pk, record in records.items() if record.present}
    return render(
        request,
        "trainings/attendance.html",
        {
            "training": training,
            "district": training.district,
            "days": days,
            "day": day,
            "number": number,
            "rows": [
                (p, p.pk in present, getattr(records.get(p.pk), "absence", ""))
                for p in participants
            ],
            "absences": Attendance.Absence.choices,
            "present_count": len(present),
        },
        status=status,
    )


def _absences(data) -> dict[int, str]:
    """The reasons chosen for those not ticked (``absence-<participant id>``: izin, sakit)."""
    return {
        int(key.removeprefix("absence-")): value
        for key, value in data.items()
        if key.startswith("absence-")
        and key.removeprefix("absence-").isdigit()
        and value in Attendance.Absence.values
    }


@login_required
def scores(request, pk):
    training = _training_for_editor(request.user, pk)
    participants = list(
        training.participants.filter(is_active=True)
        .select_related("person__institution")
        .order_by("person__name")
    )
    errors = {}
    if request.method == "POST":
        parsed = {}
        for participant in participants:
            for name in ("pre", "post"):
                key = f"{name}-{participant.pk}"
                try:
                    parsed[key] = parse_score_input(request.POST.get(key))
                except ValueError as exc:
                    errors[key] = str(exc)
        if not errors:
            changed = 0
            for participant in participants:
                changed += actions.record_scores(
                    participant=participant,
                    user=request.user,
                    pre_score=parsed[f"pre-{participant.pk}"],
                    post_score=parsed[f"post-{participant.pk}"],
                    clear_missing=True,
                )
            messages.success(request, SCORES_SAVED % {"count": changed})
            return redirect(training)
        messages.error(request, SCORES_INVALID)
    rows = []
    for participant in participants:
        rows.append(
            {
                "participant": participant,
                "pre": request.POST.get(f"pre-{participant.pk}", _score(participant.pre_score)),
                "post": request.POST.get(f"post-{participant.pk}", _score(participant.post_score)),
                "pre_error": errors.get(f"pre-{participant.pk}"),
                "post_error": errors.get(f"post-{participant.pk}"),
            }
        )
    return render(
        request,
        "trainings/scores.html",
        {"training": training, "district": training.district, "rows": rows},
    )


def _score(value):
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


# Import and export


@login_required
def participants_export(request, pk):
    training = _training_for_reader(request.user, pk)
    return _xlsx(
        request,
        training,
        participant_import.export_participants(training),
        f"peserta-{slugify(training.title)[:60]}.xlsx",
    )


@login_required
def participants_template(request, pk):
    training = _training_for_reader(request.user, pk)
    return _xlsx(
        request,
        training,
        participant_import.export_participants(training, template=True),
        "templat-peserta.xlsx",
    )


def _xlsx(request, training, data, name):
    return download(request, data, name=name, content_type=XLSX, region=training.district)


@login_required
def import_upload(request, pk):
    training = _training_for_editor(request.user, pk)
    form = ParticipantUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = stash_upload(request, form.cleaned_data["file"])
        except SheetError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(
                reverse("trainings:import_preview", args=[training.pk])
                + "?"
                + urlencode({"token": token})
            )
    return render(
        request,
        "trainings/import_upload.html",
        {"training": training, "district": training.district, "form": form},
    )


def _picks(data):
    """The institution the user picked for each unmatched name (``inst-<key>``)."""
    return {key: value for key, value in data.items() if key.startswith("inst-") and value}


def _mapping_headers(data):
    """Header texts the user mapped, keyed as the form sends them back."""
    return {
        data.get(f"hdr-{key.removeprefix('map-')}", ""): value
        for key, value in data.items()
        if key.startswith("map-") and value
    }


@login_required
def import_preview(request, pk):
    training = _training_for_editor(request.user, pk)
    token = request.GET.get("token", "")
    path = stashed_path(request, token)
    if path is None:
        messages.error(request, IMPORT_EXPIRED)
        return redirect("trainings:import", training.pk)
    picks = _picks(request.GET)
    mapping = _mapping_headers(request.GET)
    days = list(training.days.all())
    context = {
        "training": training,
        "district": training.district,
        "token": token,
        "field_choices": participant_import.field_choices(days),
        "mapping_params": [(_header_key(h), h, f) for h, f in mapping.items()],
        "picks": picks,
    }
    try:
        preview = participant_import.read_participants(
            path, training=training, mapping=mapping, picks=picks
        )
    except SheetError as exc:
        context["sheet_error"] = str(exc)
        try:
            headers = participant_import.candidate_headers(path)
        except SheetError:  # not a readable sheet at all: nothing to map
            headers = []
        context["unmapped"] = [(h, _header_key(h)) for h in headers]
        return render(request, "trainings/import_preview.html", context)
    labels = dict(participant_import.field_choices(days))
    context.update(
        preview=preview,
        report=preview.report,
        mapped=[(header, labels.get(name, name)) for name, header in preview.columns.items()],
        unmapped=[(h, _header_key(h)) for h in preview.ignored_headers],
    )
    return render(request, "trainings/import_preview.html", context)


def _header_key(header):
    return normalize_header(header) or "x"


@require_POST
@login_required
def import_confirm(request, pk):
    training = _training_for_editor(request.user, pk)
    token = request.POST.get("token", "")
    try:
        path = claim_stash(request, token)
    except StashTaken:
        messages.info(request, ALREADY_IMPORTED)
        return redirect(training)
    if path is None:
        messages.error(request, IMPORT_EXPIRED)
        return redirect("trainings:import", training.pk)
    picks = _picks(request.POST)
    mapping = _mapping_headers(request.POST)
    valid_only = bool(request.POST.get("valid_only"))
    try:
        preview = participant_import.import_participants(
            path,
            training=training,
            user=request.user,
            mapping=mapping,
            picks=picks,
            commit=True,
            valid_only=valid_only,
        )
    except SheetError as exc:
        discard_stash(request, token)
        messages.error(request, str(exc))
        return redirect("trainings:import", training.pk)
    if preview.report.has_errors and not valid_only:
        release_stash(path)
        messages.error(request, IMPORT_HAS_ERRORS)
        query = {
            "token": token,
            **{k: v for k, v in request.POST.items() if k.startswith(("map-", "hdr-", "inst-"))},
        }
        return redirect(
            reverse("trainings:import_preview", args=[training.pk]) + "?" + urlencode(query)
        )
    import_done(request, token, preview.report)
    return redirect(training)


# Report


@login_required
def training_report(request, pk):
    training = _training_for_reader(request.user, pk)
    return render(
        request,
        "trainings/report.html",
        {
            "training": training,
            "district": training.district,
            "report": reports.build_report(training),
        },
    )


@login_required
def training_report_xlsx(request, pk):
    training = _training_for_reader(request.user, pk)
    return _xlsx(
        request,
        training,
        reports.report_workbook(reports.build_report(training)),
        f"laporan-{slugify(training.title)[:60]}.xlsx",
    )


# People


@login_required
def people_merge(request, code):
    district = district_for_editor(request.user, code)
    q = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    candidates = (
        Person.objects.visible_to(request.user)
        .filter(district=district, is_active=True)
        .select_related("institution", "member")
        .annotate(training_count=Count("participations", filter=Q(participations__is_active=True)))
        .order_by("name", "pk")
    )
    if q:
        candidates = candidates.filter(name__icontains=q)
    form = MergeForm(request.POST or None, people=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            keep = people.merge_people(
                keep=form.cleaned_data["keep"],
                merge=form.cleaned_data["merge"],
                user=request.user,
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(
                request, MERGED % {"merge": form.cleaned_data["merge"].name, "keep": keep.name}
            )
            return redirect(
                reverse("trainings:people_merge", args=[district.code]) + "?" + urlencode({"q": q})
            )
    listed = list(candidates[:200])
    duplicates = _likely_duplicates(listed)
    return render(
        request,
        "trainings/merge.html",
        {"district": district, "form": form, "people": listed, "duplicates": duplicates, "q": q},
    )


def _likely_duplicates(candidates):
    groups = {}
    for person in candidates:
        groups.setdefault(people.normalize_name(person.name), []).append(person)
    return [group for group in groups.values() if len(group) > 1]
