"""Dashboards, the assessment form, the verifier's view and the workflow steps.

Thin views: the access helper (404 outside the user's regions), the permission
rule from ``indicators.workflow`` (403 for a role that may not act), a form, the
write function, a redirect. A step tried at the wrong stage comes back as a
message, not an error page.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators import (
    agency_views,
    answer_form,
    dashboard,
    derived,
    gaps,
    scoring,
    stage_progress,
    stages,
    standings,
    workflow,
)
from indicators.forms import (
    CommentForm,
    EvidenceForm,
    SignOffForm,
    StartForm,
    SuggestionForm,
    VerifyItemForm,
)
from indicators.models import (
    STEPS,
    Assessment,
    Category,
    ChecklistItem,
    Framework,
    ItemAssessment,
    ItemEvidence,
    ItemStatus,
)
from kla_portal.access import (
    can_edit_district,
    can_export_national,
    can_export_province,
    district_for_editor,
    district_for_reader,
    get_visible_or_404,
)
from kla_portal.forms import errors_text
from kla_portal.history import history_of
from kla_portal.models import District
from kla_portal.redirects import next_or
from kla_portal.uploads import serve_upload

STARTED = _("Penilaian %(year)s dibuat dengan %(n)s butir.")
STARTED_CARRIED = _(
    "Penilaian %(year)s dibuat dengan %(n)s butir; %(carried)s jawaban disalin dari "
    "%(source)s dan ditandai perlu diperbarui."
)
SAVED_MANY = _("%(n)s jawaban disimpan.")
NOTHING_CHANGED = _("Tidak ada perubahan untuk disimpan.")
NOT_SAVED = _(
    "Tidak ada yang disimpan: %(n)s pertanyaan perlu diperiksa. Isian Anda masih ada di halaman."
)
SAVED = _("Butir %(code)s disimpan.")
ACCEPTED = _("Usulan diterima untuk butir %(code)s.")
OVERRIDDEN = _("Usulan diubah untuk butir %(code)s.")
REVIEWED = _("Penilaian ditandai sudah diperiksa; menunggu persetujuan ketua gugus tugas.")
REDRAFTED = _("Penilaian kembali ke draf.")
SIGNED_OFF = _("Persetujuan ketua gugus tugas dicatat.")
SUBMITTED = _("Penilaian diajukan ke provinsi.")
VERIFIED_ITEM = _("Verifikasi butir %(code)s disimpan.")
RETURNED_ITEM = _("Butir %(code)s dikembalikan ke daerah.")
REOPENED_ITEM = _("Butir %(code)s dibuka kembali.")
RETURNED = _("Penilaian dikembalikan ke daerah.")
VERIFIED = _("Verifikasi administrasi selesai.")
RESUBMITTED = _("Perbaikan %(n)s pertanyaan dikirim ke %(actor)s.")
LOCKED = _("Penilaian dikunci.")
FORM_ERROR = _("Periksa isian: %(errors)s")


def _year(request):
    """``?year=2025``; anything but a four-digit year is ignored (the page's default round),
    not a 500: a 20-digit number does not fit the database's integers."""
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and len(year) == 4 else None


def _assessment(user, pk):
    return get_visible_or_404(
        Assessment.objects.select_related("district__province", "framework", "verified_by"),
        user,
        pk=pk,
    )


def _item(user, pk):
    return get_visible_or_404(
        ItemAssessment.objects.select_related(
            "assessment__district__province", "assessment__framework", "item__indicator"
        ),
        user,
        pk=pk,
    )


def _code(item: ItemAssessment) -> str:
    return item.item.full_code


# ---------------------------------------------------------------------------
# Dashboards


@login_required
def national(request):
    """The national picture by stage: filtered by province, stage and status
    (``?tahap=va&status=completed``), summarised by province."""
    districts = District.objects.visible_to(request.user)
    province = request.GET.get("province", "")
    if province:
        districts = districts.filter(province_id=province)
    page = dashboard.ranking_page(
        districts,
        request.user,
        _year(request),
        stage=request.GET.get("tahap", ""),
        status=request.GET.get("status", ""),
        coverage=request.GET.get("cakupan", ""),
        sort=request.GET.get("urut", ""),
        page=request.GET.get("page"),
    )
    return render(
        request,
        "indicators/national.html",
        {
            "rank": page,
            "table": page.table,
            "coverage_filters": [
                (value, label) for value, (label, _) in dashboard.COVERAGE.items()
            ],
            "can_export": can_export_national(request.user),
            "provinces": dashboard.provinces_for(request.user),
            "province_code": province,
            "stage_filters": standings.STAGE_FILTERS,
            "status_filters": standings.STATUS_FILTERS,
            "category_labels": [label for _value, label in Category.choices],
            "chart": page.category_chart,
        },
    )


@login_required
def province(request, code):
    districts = District.objects.visible_to(request.user).filter(province_id=code)
    first = districts.select_related("province").first()
    if first is None:
        raise Http404
    page = dashboard.ranking_page(
        districts,
        request.user,
        _year(request),
        sort=request.GET.get("urut", ""),
        page=request.GET.get("page"),
    )
    return render(
        request,
        "indicators/province.html",
        {
            "province": first.province,
            "rank": page,
            "table": page.table,
            "summary": page.provinces[0] if page.provinces else None,
            "chart": page.ranking_chart,
            "can_export": can_export_province(request.user, code),
        },
    )


@login_required
def district(request, code):
    district_obj = district_for_reader(request.user, code)
    data = dashboard.district_dashboard(district_obj, request.user, _year(request))
    can_start = can_edit_district(request.user, district_obj)
    return render(
        request,
        "indicators/district.html",
        {
            "district": district_obj,
            "data": data,
            "chart": data.charts(),
            "can_start": can_start,
            "start_form": StartForm(district=district_obj) if can_start else None,
        },
    )


@login_required
def method(request):
    """How the score is computed: the 2024 instrument's formula, with its own numbers, and
    the draft framework's, which its assessments keep."""
    frameworks = list(Framework.objects.order_by("-first_year"))
    framework = next((f for f in frameworks if f.scoring == scoring.POINTS), None)
    draft = next((f for f in frameworks if f.scoring == scoring.WEIGHTED), None)
    indicators = []
    if framework is not None:
        indicators = list(
            framework.indicators.annotate(
                questions=Count("items"), questions_max=Sum("items__max_points")
            ).order_by("number")
        )
    groups: dict[str, dict] = {}
    for indicator in indicators:
        group = groups.setdefault(
            indicator.cluster,
            {"label": indicator.get_cluster_display(), "max_points": Decimal(0), "indicators": 0},
        )
        group["max_points"] += indicator.max_points
        group["indicators"] += 1
    tops = {value: top for top, value in scoring.BANDS}
    return render(
        request,
        "indicators/method.html",
        {
            "framework": framework,
            "draft": draft,
            "indicators": indicators,
            "capped": [i for i in indicators if (i.questions_max or 0) > i.max_points],
            "groups": list(groups.values()),
            "total": sum((g["max_points"] for g in groups.values()), Decimal(0)),
            "bands": [
                (value, scoring.THRESHOLDS[value], tops.get(value, Decimal(1000)))
                for value in scoring.ORDER
            ],
            "steps": [
                (label, scoring.SHARES[value])
                for value, label in STEPS[ChecklistItem.Kind.QUARTERS]
            ],
            "shares": [
                (value, scoring.SHARES[value])
                for value in (ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET)
            ],
        },
    )


# ---------------------------------------------------------------------------
# The assessment


@require_POST
@login_required
def assessment_start(request, code):
    district_obj = district_for_editor(request.user, code)
    form = StartForm(request.POST, district=district_obj)
    target = reverse("indicators:district", args=[district_obj.code])
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return redirect(target)
    try:
        assessment = workflow.start_assessment(
            district=district_obj,
            year=form.cleaned_data["year"],
            user=request.user,
            carry_from=form.cleaned_data["carry_from"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    n = assessment.items.count()
    if form.cleaned_data["carry_from"]:
        carried = assessment.items.filter(carried_from__isnull=False).count()
        messages.success(
            request,
            STARTED_CARRIED
            % {
                "year": assessment.year,
                "n": n,
                "carried": carried,
                "source": form.cleaned_data["carry_from"],
            },
        )
    else:
        messages.success(request, STARTED % {"year": assessment.year, "n": n})
    return redirect(assessment)


def _assessment_page(request, assessment, verify_mode, *, posted=None, refused=None):
    """The assessment with all its questions; after a refused save, with the user's input."""
    user = request.user
    if verify_mode and not workflow.is_verifier(user, assessment):
        raise PermissionDenied
    # The stages as they stand now (after this request's write, if any), read once for
    # every rule the page asks.
    prefetch_related_objects([assessment], "stages")
    items = answer_form.page_items(assessment)
    scores = answer_form.scores_of(
        assessment, [(ia.item_id, ia.self_status, ia.verified_status) for ia in items]
    )
    filter_key = answer_form.filter_of(request.GET.get("tampil", ""))
    page = answer_form.build(
        assessment,
        items,
        scores,
        user,
        verify_mode=verify_mode,
        filter_key=filter_key,
        posted=posted,
        refused=refused,
    )
    progress = stage_progress.standing(assessment, user, items)
    if progress.closed and page.fillable:
        _close_after_deadline(page)
    can_review = workflow.can_review(user, assessment)
    can_sign_off = workflow.can_sign_off(user, assessment)
    can_submit = workflow.can_submit(user, assessment) and not progress.closed
    codes = {ia.pk: ia.item.full_code for ia in items}
    return render(
        request,
        "indicators/assessment.html",
        {
            **_summary(assessment, scores, user, progress.rows, verify_mode=verify_mode),
            **agency_views.assessment_extras(page, assessment, user),
            "district": assessment.district,
            "page": page,
            "progress": progress,
            "acting_line": _acting_line(progress, assessment, user),
            "gaps": gaps.submission_gaps(assessment, items)
            if can_review or can_sign_off or can_submit
            else None,
            "resubmitted": [ia for ia in items if ia.resubmitted_at] if verify_mode else [],
            "filters": [(key, label, page.counts[key]) for key, label in answer_form.FILTERS],
            "filter_key": filter_key,
            "today": timezone.localdate(),
            "verify_mode": verify_mode,
            "problems": [
                (pk, codes.get(pk, ""), message)
                for pk, found in (refused.problems.items() if refused else [])
                for message in found
            ],
            "is_verifier": workflow.is_verifier(user, assessment),
            "can_manage": workflow.can_manage(user, assessment),
            "can_review": can_review,
            "can_redraft": workflow.can_manage(user, assessment)
            and assessment.status == Assessment.Status.REVIEWED,
            "can_sign_off": can_sign_off,
            "can_submit": can_submit,
            "can_verify": workflow.can_verify(user, assessment),
            "can_lock": workflow.can_lock(user, assessment),
            "sign_off_form": SignOffForm(
                initial={"chair_name": _chair_name(assessment, user) if can_sign_off else ""}
            ),
            "comment_form": CommentForm(),
            "history": history_of(assessment, limit=20),
        },
    )


def _summary(assessment, scores, user, rows, *, verify_mode=False) -> dict:
    """The score bar: the district's own running total, and the VA's only once the VA is
    completed (the province sees its own running VA total while it verifies)."""
    context = answer_form.summary_context(assessment, scores)
    va_done = rows[stages.Stage.VA].is_completed
    if not (va_done or (verify_mode and workflow.is_verifier(user, assessment))):
        context["verified_card"] = None
    return context


def _acting_line(progress, assessment, user):
    """The ministry's stage running now, when the user is the evaluator who runs it: the
    page links to it."""
    current = progress.current
    if current is None or current.stage not in stages.CENTRAL + [stages.Stage.AWARD]:
        return None
    return current if stages.can_act(user, assessment, current.stage) else None


def _close_after_deadline(page) -> None:
    """After the upload deadline the district's answers show, disabled, except the
    questions a verifier returned or reopened (``workflow.deadline_refusal``, which the
    write enforces); the form posts only the rows still open."""
    versions = []
    for group in page.groups:
        for indicator in group["indicators"]:
            for row in indicator["rows"]:
                if not row["fill"]:
                    continue
                if workflow.deadline_refusal(row["ia"]):
                    row["answer"]["locked"] = True
                else:
                    versions.append(
                        f"{row['pk']}:{row['answer']['version']}:{row['answer']['was']}"
                    )
    page.versions = ";".join(versions)
    page.fillable = len(versions)


def _chair_name(assessment, user) -> str:
    from stakeholders.models import Member

    chair = (
        Member.objects.visible_to(user)
        .filter(
            task_force__district=assessment.district,
            task_force__is_current=True,
            task_force__is_active=True,
            role=Member.Role.KETUA,
            is_active=True,
        )
        .values_list("name", flat=True)
        .first()
    )
    return chair or ""


def _wants_json(request) -> bool:
    """The page's script saves in the background and reads the answer as JSON."""
    return "application/json" in request.headers.get("Accept", "")


def _posted_suggestions(assessment, changes):
    """The live suggestions of the rows that accept or override one (none: no query)."""
    wanted = [c.pk for c in changes if c.accept_suggestion or c.reason.strip()]
    if not wanted:
        return {}
    rows = ItemAssessment.objects.filter(assessment=assessment, pk__in=wanted).select_related(
        "item"
    )
    return derived.suggestions_for_assessment(assessment, rows)


def _saved_json(request, assessment, result) -> dict:
    """What the page's script updates after a save: the saved rows' versions and points,
    the indicators' points, and the score bar and index, rendered as on the page."""
    rows = list(assessment.items.values_list("item_id", "self_status", "verified_status"))
    scores = answer_form.scores_of(assessment, rows)
    points = {i.item_id: i.points for ind in scores.card.indicators for i in ind.items}
    context = _summary(assessment, scores, request.user, stages.stage_rows(assessment))
    return {
        "ok": True,
        "message": str(SAVED_MANY % {"n": len(result.saved)} if result.saved else NOTHING_CHANGED),
        "saved_at": date_format(timezone.localtime(), "H:i"),
        "saved": {
            str(ia.pk): {
                "version": workflow.version_of(ia),
                "was": workflow.digest_of(ia),
                "points": f"{points.get(ia.item_id, Decimal(0)):.2f}",
                "answered": bool(ia.self_status),
            }
            for ia in result.saved
        },
        "indicators": {
            str(i.indicator_id): {
                "points": f"{i.points:.2f}",
                "answered": scores.answered.get(i.indicator_id, 0),
            }
            for i in scores.card.indicators
        },
        "groups": {c.cluster: f"{c.points:.2f}" for c in scores.card.clusters},
        "summary_html": render_to_string(
            "indicators/_assessment_score.html", context, request=request
        ),
        "index_html": render_to_string(
            "indicators/_assessment_index.html", context, request=request
        ),
    }


def _fill(request, assessment):
    """The page's one save: every changed row, or none of them."""
    if not workflow.can_manage(request.user, assessment):
        raise PermissionDenied
    changes = answer_form.posted_changes(request.POST)
    try:
        result = workflow.fill_items(
            assessment=assessment,
            user=request.user,
            changes=changes,
            suggestions=_posted_suggestions(assessment, changes),
        )
    except workflow.FillRefused as refused:
        if _wants_json(request):
            return JsonResponse(
                {
                    "ok": False,
                    "message": str(NOT_SAVED % {"n": len(refused.problems)}),
                    "errors": {str(pk): found for pk, found in refused.problems.items()},
                    "versions": {
                        str(pk): workflow.version_of(row) for pk, row in refused.stale.items()
                    },
                },
                status=409 if refused.stale else 400,
            )
        messages.error(request, NOT_SAVED % {"n": len(refused.problems)})
        return _assessment_page(request, assessment, False, posted=changes, refused=refused)
    if _wants_json(request):
        return JsonResponse(_saved_json(request, assessment, result))
    if result.saved:
        messages.success(request, SAVED_MANY % {"n": len(result.saved)})
    else:
        messages.info(request, NOTHING_CHANGED)
    return redirect(request.get_full_path())


@require_http_methods(["GET", "POST"])
@login_required
def assessment_detail(request, pk):
    assessment = _assessment(request.user, pk)
    if request.method == "POST":
        return _fill(request, assessment)
    return _assessment_page(request, assessment, verify_mode=False)


@require_GET
@login_required
def assessment_verify(request, pk):
    return _assessment_page(request, _assessment(request.user, pk), verify_mode=True)


def _district_step(request, pk, step, message, **kwargs):
    assessment = _assessment(request.user, pk)
    if not workflow.can_manage(request.user, assessment):
        raise PermissionDenied
    try:
        step(assessment=assessment, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(assessment)


def _verifier_step(request, pk, step, message, **kwargs):
    assessment = _assessment(request.user, pk)
    if not workflow.is_verifier(request.user, assessment):
        raise PermissionDenied
    try:
        step(assessment=assessment, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(assessment)


@require_POST
@login_required
def assessment_review(request, pk):
    return _district_step(request, pk, workflow.review_assessment, REVIEWED)


@require_POST
@login_required
def assessment_redraft(request, pk):
    return _district_step(request, pk, workflow.reopen_draft, REDRAFTED)


@require_POST
@login_required
def assessment_sign_off(request, pk):
    form = SignOffForm(request.POST)
    name = form.cleaned_data["chair_name"] if form.is_valid() else ""
    return _district_step(request, pk, workflow.sign_off, SIGNED_OFF, chair_name=name)


@require_POST
@login_required
def assessment_submit(request, pk):
    return _district_step(request, pk, workflow.submit_assessment, SUBMITTED)


@require_POST
@login_required
def assessment_resubmit(request, pk):
    """The district's fixes of the returned questions go back to the stage that returned
    them, all at once."""
    assessment = _assessment(request.user, pk)
    if not workflow.can_manage(request.user, assessment):
        raise PermissionDenied
    current = stages.current_stage(stages.stage_rows(assessment))
    try:
        sent = stages.resubmit_returned(assessment=assessment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        assert current is not None  # resubmit_returned refuses when no stage runs
        actor = stages.ACTOR_LABELS[stages.ACTOR[current.stage]]
        messages.success(request, RESUBMITTED % {"n": sent, "actor": actor})
    return redirect(assessment)


@require_POST
@login_required
def assessment_return(request, pk):
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _verifier_step(request, pk, workflow.return_assessment, RETURNED, comment=comment)


@require_POST
@login_required
def assessment_finish(request, pk):
    return _verifier_step(request, pk, workflow.finish_verification, VERIFIED)


@require_POST
@login_required
def assessment_lock(request, pk):
    return _verifier_step(request, pk, workflow.lock_assessment, LOCKED)


# ---------------------------------------------------------------------------
# One item


def _suggestion(item):
    return derived.suggestion_for_item(item)


def _item_page(request, item, *, change=None, refused=None, status=200):
    user = request.user
    closed = workflow.deadline_refusal(item) if workflow.can_fill_item(user, item) else None
    fillable = workflow.can_fill_item(user, item) and not closed
    verifiable = workflow.can_verify_item(user, item)
    answer = None
    if fillable:
        stale = refused.stale.get(item.pk) if refused else None
        answer = answer_form.answer_row(
            item,
            year=item.assessment.year,
            change=change,
            version=workflow.version_of(stale) if stale else (change.version if change else None),
            was=change.was if change else None,
        ) | {"errors": refused.problems.get(item.pk, []) if refused else []}
    return render(
        request,
        "indicators/item.html",
        {
            "ia": item,
            "assessment": item.assessment,
            "district": item.assessment.district,
            "code": _code(item),
            "status_labels": dict(item.item.statuses),
            "figure_values": [
                (label, answer_form.figure_text(getattr(item, name)))
                for name, label in workflow.figure_labels(item.item, item.assessment.year).items()
            ],
            "suggestion": _suggestion(item),
            "answer": answer,
            "closed_message": closed,
            "stage_answers": stage_progress.question_stages(item),
            "suggestion_form": SuggestionForm() if fillable else None,
            "evidence_form": EvidenceForm() if fillable else None,
            "verify_form": VerifyItemForm(instance=item) if verifiable else None,
            "can_return": workflow.can_verify(user, item.assessment),
            "can_reopen": workflow.can_reopen_item(user, item),
            "comment_form": CommentForm(),
            "evidence": item.evidence.select_related("uploaded_by"),
            "history": history_of(item),
        },
        status=status,
    )


@login_required
def item_detail(request, pk):
    return _item_page(request, _item(request.user, pk))


def _district_item(request, pk):
    item = _item(request.user, pk)
    if not workflow.can_manage(request.user, item.assessment):
        raise PermissionDenied
    return item


def _verifier_item(request, pk):
    item = _item(request.user, pk)
    if not workflow.is_verifier(request.user, item.assessment):
        raise PermissionDenied
    return item


def _item_step(request, item, action, message):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message % {"code": _code(item)})
    return next_or(request, reverse("indicators:item", args=[item.pk]))


@require_POST
@login_required
def item_fill(request, pk):
    """One question from its own page, through the same write as the assessment page."""
    item = _district_item(request, pk)
    changes = answer_form.posted_changes(request.POST, only=item.pk)
    try:
        result = workflow.fill_items(
            assessment=item.assessment,
            user=request.user,
            changes=changes,
            suggestions=_posted_suggestions(item.assessment, changes),
        )
    except workflow.FillRefused as refused:
        messages.error(request, " ".join(refused.messages))
        change = changes[0] if changes and item.pk in refused.changed else None
        return _item_page(request, item, change=change, refused=refused)
    if result.saved:
        messages.success(request, SAVED % {"code": _code(item)})
    else:
        messages.info(request, NOTHING_CHANGED)
    return next_or(request, reverse("indicators:item", args=[item.pk]))


@require_POST
@login_required
def item_suggestion(request, pk):
    item = _district_item(request, pk)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return next_or(request, reverse("indicators:item", args=[item.pk]))
    suggestion = _suggestion(item)
    if form.cleaned_data["action"] == SuggestionForm.ACCEPT:
        return _item_step(
            request,
            item,
            lambda: workflow.accept_suggestion(item=item, user=request.user, suggestion=suggestion),
            ACCEPTED,
        )
    return _item_step(
        request,
        item,
        lambda: workflow.override_suggestion(
            item=item,
            user=request.user,
            suggestion=suggestion,
            status=form.cleaned_data["status"] or item.self_status,
            reason=form.cleaned_data["reason"],
        ),
        OVERRIDDEN,
    )


@require_POST
@login_required
def item_evidence_add(request, pk):
    item = _district_item(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return redirect("indicators:item", item.pk)
    try:
        added = workflow.add_evidence(
            item=item, user=request.user, files=form.cleaned_data["files"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        n = len(added)
        messages.success(
            request,
            ngettext("%(n)s berkas bukti ditambahkan.", "%(n)s berkas bukti ditambahkan.", n)
            % {"n": n},
        )
    return redirect("indicators:item", item.pk)


@require_POST
@login_required
def item_verify(request, pk):
    item = _verifier_item(request, pk)
    form = VerifyItemForm(request.POST, instance=item, prefix=request.POST.get("prefix") or None)
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return next_or(request, reverse("indicators:item", args=[item.pk]))
    return _item_step(
        request,
        item,
        lambda: workflow.verify_item(
            item=item,
            user=request.user,
            status=form.cleaned_data["verified_status"],
            comment=form.cleaned_data["verifier_comment"],
        ),
        VERIFIED_ITEM,
    )


@require_POST
@login_required
def item_return(request, pk):
    item = _verifier_item(request, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _item_step(
        request,
        item,
        lambda: workflow.return_item(item=item, user=request.user, comment=comment),
        RETURNED_ITEM,
    )


@require_POST
@login_required
def item_reopen(request, pk):
    item = _verifier_item(request, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _item_step(
        request,
        item,
        lambda: workflow.reopen_item(item=item, user=request.user, comment=comment),
        REOPENED_ITEM,
    )


@login_required
def evidence_file(request, pk):
    evidence = get_visible_or_404(ItemEvidence.objects, request.user, pk=pk)
    return serve_upload(evidence.file, evidence.original_name)
