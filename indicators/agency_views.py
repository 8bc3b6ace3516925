"""The agencies' pages: an agency's questions, its answer to one of them, the routes.

An agency operator reads what a task-force member reads in the district, and writes
only the answers of its own agency to the questions routed to it (with its own files).
Another district's question, agency or file is a 404 (``get_visible_or_404``); another
agency's, for an operator, a 403; so is a write the user may not make.

The district's assessment page shows, per question, the agencies it is routed to and
their answers, with "Terima" and "Kembalikan" for the Dinas PPPA: ``assessment_extras``
adds them to the page's rows in a fixed number of queries.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators import agency_answers, workflow
from indicators.agency_forms import AgencyAnswerForm, ReturnForm, RoutesForm
from indicators.answer_form import figure_text
from indicators.models import AgencyAnswer, Assessment, ItemAssessment, ItemEvidence, QuestionRoute
from kla_portal.access import (
    can_answer_for_agency,
    can_edit_district,
    get_visible_or_404,
    operator_agency_ids,
)
from kla_portal.redirects import next_or
from stakeholders.models import Agency

Status = AgencyAnswer.Status

SAVED = _("Jawaban %(code)s disimpan sebagai draf.")
SUBMITTED = _("Jawaban %(code)s dikirim ke Dinas PPPA.")
FILES_ADDED = _("%(n)s berkas diunggah.")
FILE_REMOVED = _("Berkas %(name)s dihapus.")
ACCEPTED = _("Jawaban %(agency)s untuk %(code)s diterima dan menjadi jawaban penilaian.")
RETURNED = _("Jawaban %(agency)s untuk %(code)s dikembalikan dengan catatan.")
ROUTED = _("%(n)s penugasan pertanyaan baru dibuat dari daftar perangkat daerah.")
NOTHING_ROUTED = _(
    "Tidak ada penugasan baru: semua pertanyaan sudah ditugaskan, atau belum ada perangkat "
    "daerah yang mencakup nama di instrumen."
)
ROUTES_SAVED = _("Penugasan %(code)s disimpan.")
NOT_SAVED = _("Jawaban belum disimpan: periksa isian di bawah.")

# The operator's filters: (key, label, the states it shows).
FILTERS: list[tuple[str, object, set[str] | None]] = [
    ("semua", _("Semua"), None),
    ("belum", _("Belum dijawab"), {"belum", "draf"}),
    ("dikembalikan", _("Dikembalikan"), {"dikembalikan"}),
    ("dikirim", _("Dikirim"), {"dikirim"}),
    ("diterima", _("Diterima"), {"diterima"}),
]
STATE_OF: dict[str, str] = {
    Status.DRAFT: "draf",
    Status.SUBMITTED: "dikirim",
    Status.ACCEPTED: "diterima",
    Status.RETURNED: "dikembalikan",
}
STATES = {
    "belum": (_("Belum dijawab"), "secondary"),
    "draf": (_("Draf, belum dikirim"), "info"),
    "dikirim": (_("Dikirim, menunggu Dinas PPPA"), "primary"),
    "diterima": (_("Diterima"), "success"),
    "dikembalikan": (_("Dikembalikan"), "warning"),
}


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------------------
# Access


def _check_operator(user, agency: Agency) -> None:
    """An operator answers for one agency: another agency's pages are not theirs."""
    own = operator_agency_ids(user)
    if own and agency.pk not in own:
        raise PermissionDenied


def _agency(user, pk: int) -> Agency:
    agency = get_visible_or_404(Agency.objects.select_related("district__province"), user, pk=pk)
    _check_operator(user, agency)
    return agency


def _assessment(user, pk: int) -> Assessment:
    return get_visible_or_404(
        Assessment.objects.select_related("district__province", "framework"), user, pk=pk
    )


def _question(user, pk: int, agency_pk: int) -> tuple[ItemAssessment, Agency]:
    """A question and an agency it is routed to: 404 outside the user's district, 403 for
    another agency's operator or a question not routed to the agency."""
    item = get_visible_or_404(
        ItemAssessment.objects.select_related(
            "assessment__district__province", "assessment__framework", "item__indicator"
        ),
        user,
        pk=pk,
    )
    agency = get_visible_or_404(Agency.objects, user, pk=agency_pk)
    if agency.district_id != item.assessment.district_id:
        raise PermissionDenied
    _check_operator(user, agency)
    if not agency_answers.is_routed(item, agency):
        raise PermissionDenied
    return item, agency


def _dinas_answer(user, pk: int) -> AgencyAnswer:
    answer = get_visible_or_404(
        AgencyAnswer.objects.select_related(
            "agency",
            "item__assessment__district__province",
            "item__assessment__framework",
            "item__item__indicator",
        ),
        user,
        pk=pk,
    )
    if not can_edit_district(user, answer.item.assessment.district):
        raise PermissionDenied
    return answer


# ---------------------------------------------------------------------------
# The operator's questions


def _state(answer: AgencyAnswer | None) -> str:
    return "belum" if answer is None else STATE_OF[answer.status]


def _figures(item: ItemAssessment, source) -> list[tuple[str, str]]:
    """The figures a question asks for, as (label, value of ``source`` or "")."""
    labels = workflow.figure_labels(item.item, item.assessment.year)
    return [
        (label, figure_text(getattr(source, name)) if source is not None else "")
        for name, label in labels.items()
    ]


def question_rows(assessment: Assessment, agency: Agency) -> list[dict]:
    """The questions of the assessment routed to the agency, in the instrument's order,
    with the agency's answers, the other agencies on each and the agency's file counts:
    four queries, whatever the number of questions."""
    routes = list(
        QuestionRoute.objects.filter(agency=agency, item__assessment=assessment)
        .select_related("item__item__indicator")
        .order_by("item__item__indicator__number", "item__item__order")
    )
    answers = {
        a.item_id: a
        for a in AgencyAnswer.objects.filter(agency=agency, item__assessment=assessment)
    }
    others = defaultdict(list)
    for route in (
        QuestionRoute.objects.filter(item__assessment=assessment, item__routes__agency=agency)
        .exclude(agency=agency)
        .select_related("agency")
        .order_by("-is_lead", "agency__short_name")
    ):
        others[route.item_id].append(route)
    files = dict(
        ItemEvidence.objects.filter(agency=agency, item_assessment__assessment=assessment)
        .values_list("item_assessment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    answer_url = reverse("indicators:agency_answer", args=[0, agency.pk])
    rows = []
    for route in routes:
        ia = route.item
        ia.assessment = assessment  # the rules and the figure labels read it: no query per row
        answer = answers.get(ia.pk)
        state = _state(answer)
        labels = dict(ia.item.statuses)
        rows.append(
            {
                "ia": ia,
                "item": ia.item,
                "code": ia.item.full_code,
                "route": route,
                "others": others.get(ia.pk, []),
                "answer": answer,
                "answer_label": labels.get(answer.answer, "") if answer else "",
                "options": " / ".join(labels.values()),
                "figures": _figures(ia, answer),
                "files": files.get(ia.pk, 0),
                "state": state,
                "todo": state in ("belum", "draf", "dikembalikan"),
                "state_label": STATES[state][0],
                "state_css": STATES[state][1],
                "url": answer_url.replace("/0/", f"/{ia.pk}/", 1),
            }
        )
    return rows


def _open_assessment(agency: Agency) -> Assessment | None:
    """The assessment the agency works on: the district's open one, else its latest."""
    assessments = Assessment.objects.filter(district_id=agency.district_id).select_related(
        "district__province", "framework"
    )
    return (
        assessments.filter(status__in=agency_answers.OPEN).order_by("-year").first()
        or assessments.order_by("-year").first()
    )


def _questions_page(request, agency: Agency, assessment: Assessment | None):
    rows = question_rows(assessment, agency) if assessment is not None else []
    is_open = assessment is not None and agency_answers.is_open(assessment)
    key = request.GET.get("tampil", "semua")
    wanted = {k: states for k, _label, states in FILTERS}
    if key not in wanted:
        key = "semua"
    counts = {
        k: sum(1 for r in rows if states is None or r["state"] in states)
        for k, states in wanted.items()
    }
    chosen = wanted[key]
    shown = [r for r in rows if chosen is None or r["state"] in chosen]
    return render(
        request,
        "indicators/agency_questions.html",
        {
            "agency": agency,
            "district": agency.district,
            "assessment": assessment,
            "is_open": is_open,
            "can_answer": is_open and can_answer_for_agency(request.user, agency),
            "rows": shown,
            "total": len(rows),
            "filters": [(k, label, counts[k]) for k, label, _states in FILTERS],
            "filter_key": key,
        },
    )


@require_GET
@login_required
def agency_home(request, agency):
    """Where an agency operator lands: the questions of the district's open assessment."""
    agency_obj = _agency(request.user, agency)
    return _questions_page(request, agency_obj, _open_assessment(agency_obj))


@require_GET
@login_required
def agency_questions(request, pk, agency):
    assessment = _assessment(request.user, pk)
    agency_obj = _agency(request.user, agency)
    if agency_obj.district_id != assessment.district_id:
        raise PermissionDenied
    return _questions_page(request, agency_obj, assessment)


# ---------------------------------------------------------------------------
# One question, one agency

STEP_CREATED = _("Jawaban dibuat")
STEP_CHANGED = _("Jawaban diubah")
STEP_WORDS = {
    Status.DRAFT: _("Kembali ke draf"),
    Status.SUBMITTED: _("Dikirim ke Dinas PPPA"),
    Status.ACCEPTED: _("Diterima Dinas PPPA: menjadi jawaban penilaian"),
    Status.RETURNED: _("Dikembalikan Dinas PPPA"),
}


def answer_steps(answer: AgencyAnswer, item: ItemAssessment) -> list[dict]:
    """The answer's path, newest first: each step with who and when, what was sent, and the
    note of a return (read from the answer's history, one query)."""
    steps = []
    previous = None
    for record in answer.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        user = record.history_user
        moved = previous is not None and record.status != previous.status
        if previous is None:
            what = STEP_CREATED
        elif moved:
            what = STEP_WORDS[record.status]
        else:
            what = STEP_CHANGED
        if record.status == Status.RETURNED and moved:
            detail = record.return_note
        elif record.status == Status.ACCEPTED:
            detail = ""
        else:
            detail = workflow.describe_answer(
                item.item,
                record.answer,
                record.figure_previous,
                record.figure_current,
                record.notes,
            )
        steps.append(
            {
                "when": record.history_date,
                "who": (user.get_full_name() or user.username) if user else "—",
                "what": what,
                "detail": detail,
                "status": record.status,
            }
        )
        previous = record
    return steps[::-1]


def _answer_page(request, item, agency, *, form=None, status=200):
    user = request.user
    answer = (
        AgencyAnswer.objects.filter(item=item, agency=agency)
        .select_related("submitted_by", "decided_by")
        .first()
    )
    can_write = agency_answers.can_answer(user, item, agency, routed=True)
    editable = can_write and (answer is None or answer.status in agency_answers.EDITABLE)
    if editable and form is None:
        initial = {}
        if answer is not None:
            initial = {
                "answer": answer.answer,
                "figure_previous": figure_text(answer.figure_previous),
                "figure_current": figure_text(answer.figure_current),
                "notes": answer.notes,
            }
        form = AgencyAnswerForm(initial=initial, item=item)
    labels = dict(item.item.statuses)
    routes = list(item.routes.select_related("agency").order_by("-is_lead", "agency__short_name"))
    state = _state(answer)
    return render(
        request,
        "indicators/agency_answer.html",
        {
            "ia": item,
            "item": item.item,
            "code": item.item.full_code,
            "assessment": item.assessment,
            "district": item.assessment.district,
            "agency": agency,
            "answer": answer,
            "answer_label": labels.get(answer.answer, "") if answer else "",
            "state_label": STATES[state][0],
            "state_css": STATES[state][1],
            "figures": _figures(item, answer),
            "options": list(labels.items()),
            "routes": routes,
            "lead": next((r for r in routes if r.is_lead), None),
            "form": form if editable else None,
            "can_write": can_write,
            "evidence": ItemEvidence.objects.filter(item_assessment=item, agency=agency)
            .select_related("uploaded_by")
            .order_by("uploaded_at"),
            "steps": answer_steps(answer, item) if answer is not None else [],
            "questions_url": reverse(
                "indicators:agency_questions", args=[item.assessment_id, agency.pk]
            ),
        },
        status=status,
    )


@require_GET
@login_required
def agency_answer(request, pk, agency):
    item, agency_obj = _question(request.user, pk, agency)
    return _answer_page(request, item, agency_obj)


@require_POST
@login_required
def agency_answer_save(request, pk, agency):
    """Save the agency's answer and its files, and send it when "Kirim" was pressed:
    all of it, or nothing."""
    user = request.user
    item, agency_obj = _question(user, pk, agency)
    if not can_answer_for_agency(user, agency_obj):
        raise PermissionDenied
    form = AgencyAnswerForm(request.POST, request.FILES, item=item)
    code = item.item.full_code
    if not form.is_valid():
        messages.error(request, NOT_SAVED)
        return _answer_page(request, item, agency_obj, form=form, status=400)
    data = form.cleaned_data
    files = [(f, True) for f in data["data_matrix"]] + [(f, False) for f in data["documents"]]
    values = {
        "item": item,
        "agency": agency_obj,
        "answer": data["answer"],
        "figure_previous": data.get("figure_previous"),
        "figure_current": data.get("figure_current"),
        "notes": data["notes"],
    }
    try:
        with transaction.atomic():
            # "Kirim" pressed twice: the second press finds its answer sent, and is the first.
            uploads = [f for f, _is_matrix in files]
            if not (form.submits and agency_answers.is_sent_already(**values, files=uploads)):
                answer = agency_answers.save_agency_answer(**values, user=user)
                for uploaded, is_matrix in files:
                    agency_answers.add_agency_evidence(
                        answer=answer, user=user, file=uploaded, is_data_matrix=is_matrix
                    )
                if form.submits:
                    agency_answers.submit_agency_answer(answer=answer, user=user)
    except ValidationError as error:
        messages.error(request, _errors(error))
        form.add_error(None, error)
        return _answer_page(request, item, agency_obj, form=form, status=400)
    if files:
        messages.info(request, FILES_ADDED % {"n": len(files)})
    if form.submits:
        messages.success(request, SUBMITTED % {"code": code})
        return redirect("indicators:agency_questions", item.assessment_id, agency_obj.pk)
    messages.success(request, SAVED % {"code": code})
    return redirect("indicators:agency_answer", item.pk, agency_obj.pk)


@require_POST
@login_required
def agency_evidence_remove(request, pk):
    user = request.user
    evidence = get_visible_or_404(
        ItemEvidence.objects.select_related(
            "agency", "item_assessment__assessment__district", "item_assessment__item__indicator"
        ),
        user,
        pk=pk,
    )
    if evidence.agency is None:
        raise PermissionDenied
    _check_operator(user, evidence.agency)
    item = evidence.item_assessment
    target = reverse("indicators:agency_answer", args=[item.pk, evidence.agency_id])
    try:
        agency_answers.remove_agency_evidence(evidence=evidence, user=user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, FILE_REMOVED % {"name": evidence.original_name})
    return redirect(target)


# ---------------------------------------------------------------------------
# The Dinas PPPA's side


def _row_url(answer: AgencyAnswer) -> str:
    return f"{answer.item.assessment.get_absolute_url()}#butir-{answer.item_id}"


@require_POST
@login_required
def agency_answer_accept(request, pk):
    answer = _dinas_answer(request.user, pk)
    try:
        agency_answers.accept_agency_answer(answer=answer, user=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            ACCEPTED % {"agency": answer.agency.short_name, "code": answer.item.item.full_code},
        )
    return next_or(request, _row_url(answer))


@require_POST
@login_required
def agency_answer_return(request, pk):
    answer = _dinas_answer(request.user, pk)
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        agency_answers.return_agency_answer(answer=answer, user=request.user, note=note)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            RETURNED % {"agency": answer.agency.short_name, "code": answer.item.item.full_code},
        )
    return next_or(request, _row_url(answer))


@require_POST
@login_required
def assessment_route(request, pk):
    """ "Tugaskan ke perangkat daerah": route what is not routed yet (an assessment started
    before the district had its agencies)."""
    assessment = _assessment(request.user, pk)
    if not workflow.can_manage(request.user, assessment):
        raise PermissionDenied
    try:
        n = agency_answers.route_assessment(assessment=assessment, user=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        if n:
            messages.success(request, ROUTED % {"n": n})
        else:
            messages.info(request, NOTHING_ROUTED)
    return redirect(assessment)


@require_http_methods(["GET", "POST"])
@login_required
def item_routes(request, pk):
    """The routing editor of one question: its agencies and the lead."""
    item = get_visible_or_404(
        ItemAssessment.objects.select_related(
            "assessment__district__province", "assessment__framework", "item__indicator"
        ),
        request.user,
        pk=pk,
    )
    assessment = item.assessment
    if not can_edit_district(request.user, assessment.district):
        raise PermissionDenied
    routes = list(item.routes.select_related("agency"))
    if request.method == "POST":
        form = RoutesForm(request.POST, district=assessment.district)
        if form.is_valid():
            try:
                agency_answers.set_routes(
                    item=item,
                    user=request.user,
                    agencies=list(form.cleaned_data["agencies"]),
                    lead=form.cleaned_data["lead"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, ROUTES_SAVED % {"code": item.item.full_code})
                return redirect(f"{assessment.get_absolute_url()}#butir-{item.pk}")
        status = 400
    else:
        lead = next((r.agency_id for r in routes if r.is_lead), None)
        form = RoutesForm(
            initial={"agencies": [r.agency_id for r in routes], "lead": lead},
            district=assessment.district,
        )
        status = 200
    return render(
        request,
        "indicators/agency_routes.html",
        {
            "ia": item,
            "item": item.item,
            "code": item.item.full_code,
            "assessment": assessment,
            "district": assessment.district,
            "form": form,
            "is_open": agency_answers.is_open(assessment),
            "responsible": ", ".join(item.item.responsible),
        },
        status=status,
    )


# ---------------------------------------------------------------------------
# On the district's assessment page


def assessment_extras(page, assessment: Assessment, user) -> dict:
    """Each question row of ``answer_form.build`` gets its routes (lead first) and the
    agencies' answers; the context gets the forms the rows' buttons post ("Terima",
    "Kembalikan": outside the page's one form, which cannot hold forms). Three queries."""
    rows = [row for group in page.groups for ind in group["indicators"] for row in ind["rows"]]
    routes = defaultdict(list)
    for route in (
        QuestionRoute.objects.filter(item__assessment=assessment)
        .select_related("agency")
        .order_by("-is_lead", "agency__short_name")
    ):
        routes[route.item_id].append(route)
    answers = defaultdict(list)
    pending = []
    for answer in (
        AgencyAnswer.objects.filter(item__assessment=assessment)
        .select_related("agency", "submitted_by", "decided_by")
        .order_by("agency__short_name")
    ):
        answers[answer.item_id].append(answer)
        if answer.status == Status.SUBMITTED:
            pending.append(answer)
    files = defaultdict(list)
    if pending:
        for evidence in ItemEvidence.objects.filter(
            item_assessment__assessment=assessment,
            agency__in={a.agency_id for a in pending},
            item_assessment__in={a.item_id for a in pending},
        ).order_by("uploaded_at"):
            files[(evidence.item_assessment_id, evidence.agency_id)].append(evidence)
    decide = agency_answers.can_decide(user, assessment)
    route_url = reverse("indicators:item_routes", args=[0])
    for row in rows:
        ia = row["ia"]
        labels = dict(ia.item.statuses)
        row["routes"] = routes.get(ia.pk, [])
        row["agency_answers"] = [
            {
                "answer": a,
                "label": labels.get(a.answer, ""),
                "figures": _figures(ia, a),
                "files": files.get((ia.pk, a.agency_id), []),
                "state_label": STATES[_state(a)][0],
                "state_css": STATES[_state(a)][1],
                "decide": decide and a.status == Status.SUBMITTED,
            }
            for a in answers.get(ia.pk, [])
        ]
        row["routes_url"] = route_url.replace("/0/", f"/{ia.pk}/", 1) if decide else ""
    return {
        "agency_pending": pending if decide else [],
        "pending_count": len(pending),
        "can_route": decide,
        "routed_count": len(routes),
    }
