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
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from indicators import dashboard, derived, scoring, workflow
from indicators.forms import (
    CommentForm,
    EvidenceForm,
    ItemFillForm,
    SignOffForm,
    StartForm,
    SuggestionForm,
    VerifyItemForm,
)
from indicators.models import Assessment, Framework, ItemAssessment, ItemEvidence, ItemStatus
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
from kla_portal.uploads import serve_upload

STARTED = _("Penilaian %(year)s dibuat dengan %(n)s butir.")
SAVED = _("Butir %(code)s disimpan.")
ACCEPTED = _("Usulan diterima untuk butir %(code)s.")
OVERRIDDEN = _("Usulan diubah untuk butir %(code)s.")
EVIDENCE_ADDED = _("Bukti ditambahkan.")
REVIEWED = _("Penilaian ditandai sudah diperiksa; menunggu persetujuan ketua gugus tugas.")
REDRAFTED = _("Penilaian kembali ke draf.")
SIGNED_OFF = _("Persetujuan ketua gugus tugas dicatat.")
SUBMITTED = _("Penilaian diajukan ke provinsi.")
VERIFIED_ITEM = _("Verifikasi butir %(code)s disimpan.")
RETURNED_ITEM = _("Butir %(code)s dikembalikan ke daerah.")
REOPENED_ITEM = _("Butir %(code)s dibuka kembali.")
RETURNED = _("Penilaian dikembalikan ke daerah.")
VERIFIED = _("Verifikasi selesai.")
LOCKED = _("Penilaian dikunci.")
FORM_ERROR = _("Periksa isian: %(errors)s")


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


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
    return f"{item.item.indicator.number}.{item.item.order}"


# ---------------------------------------------------------------------------
# Dashboards


@login_required
def national(request):
    districts = District.objects.visible_to(request.user)
    province = request.GET.get("province", "")
    if province:
        districts = districts.filter(province_id=province)
    page = dashboard.ranking_page(districts, request.user, _year(request))
    return render(
        request,
        "indicators/national.html",
        {
            "rank": page,
            "table": page.table,
            "can_export": can_export_national(request.user),
            "provinces": dashboard.provinces_for(request.user),
            "province_code": province,
            "chart": page.category_chart,
        },
    )


@login_required
def province(request, code):
    districts = District.objects.visible_to(request.user).filter(province_id=code)
    first = districts.select_related("province").first()
    if first is None:
        raise Http404
    page = dashboard.ranking_page(districts, request.user, _year(request))
    return render(
        request,
        "indicators/province.html",
        {
            "province": first.province,
            "rank": page,
            "table": page.table,
            "chart": page.ranking_chart,
            "can_export": can_export_province(request.user, code),
        },
    )


@login_required
def district(request, code):
    district_obj = district_for_reader(request.user, code)
    data = dashboard.district_dashboard(district_obj, request.user, _year(request))
    return render(
        request,
        "indicators/district.html",
        {
            "district": district_obj,
            "data": data,
            "chart": data.charts(),
            "can_start": can_edit_district(request.user, district_obj),
            "start_form": StartForm(),
        },
    )


@login_required
def method(request):
    framework = Framework.objects.order_by("-first_year").first()
    tops = {value: top for top, value in scoring.BANDS}
    return render(
        request,
        "indicators/method.html",
        {
            "framework": framework,
            "indicators": framework.indicators.all() if framework else [],
            "bands": [
                (value, scoring.THRESHOLDS[value], tops.get(value, Decimal(1000)))
                for value in scoring.ORDER
            ],
            "shares": [(value, scoring.SHARES[value]) for value in ItemStatus.values],
        },
    )


# ---------------------------------------------------------------------------
# The assessment


@require_POST
@login_required
def assessment_start(request, code):
    district_obj = district_for_editor(request.user, code)
    form = StartForm(request.POST)
    target = reverse("indicators:district", args=[district_obj.code])
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return redirect(target)
    try:
        assessment = workflow.start_assessment(
            district=district_obj, year=form.cleaned_data["year"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    messages.success(request, STARTED % {"year": assessment.year, "n": assessment.items.count()})
    return redirect(assessment)


def _grouped(assessment, card, items, suggestions, user, verify_mode):
    """Clusters -> indicators -> item rows, in the score card's order."""
    by_item = {ia.item_id: ia for ia in items}
    clusters = {c.cluster: c for c in card.clusters}
    groups = []
    for indicator in card.indicators:
        if not groups or groups[-1]["cluster"].cluster != indicator.cluster:
            groups.append({"cluster": clusters[indicator.cluster], "indicators": []})
        rows = []
        for score in indicator.items:
            ia = by_item.get(score.item_id)
            if ia is None:
                continue
            fillable = workflow.can_fill_item(user, ia)
            verifiable = verify_mode and workflow.can_verify_item(user, ia)
            rows.append(
                {
                    "ia": ia,
                    "score": score,
                    "code": f"{indicator.number}.{score.order}",
                    "suggestion": suggestions.get(ia.pk),
                    "fill_form": ItemFillForm(instance=ia, prefix=f"i{ia.pk}")
                    if fillable
                    else None,
                    "verify_form": VerifyItemForm(instance=ia, prefix=f"v{ia.pk}")
                    if verifiable
                    else None,
                    "can_return": verify_mode and workflow.can_verify(user, assessment),
                    "can_reopen": verify_mode and workflow.can_reopen_item(user, ia),
                }
            )
        groups[-1]["indicators"].append({"score": indicator, "rows": rows})
    return groups


def _assessment_page(request, pk, verify_mode):
    assessment = _assessment(request.user, pk)
    user = request.user
    if verify_mode and not workflow.is_verifier(user, assessment):
        raise PermissionDenied
    items = list(
        assessment.items.select_related("item__indicator").annotate(
            evidence_count=Count("evidence")
        )
    )
    for ia in items:
        ia.assessment = assessment  # the permission rules read it: no query per item
    indicators = scoring.framework_indicators(assessment.framework_id)
    rows = [(ia.item_id, ia.self_status, ia.verified_status) for ia in items]
    card = scoring.score(indicators, scoring.statuses_of(rows, verified=False))
    verified_card = None
    if any(ia.verified_status for ia in items):
        verified_card = scoring.score(indicators, scoring.statuses_of(rows, verified=True))
    fillable = [ia for ia in items if workflow.can_fill_item(user, ia)]
    suggestions = derived.suggestions_for_assessment(assessment, fillable) if fillable else {}
    blank = sum(1 for ia in items if not ia.self_status)
    return render(
        request,
        "indicators/assessment.html",
        {
            "assessment": assessment,
            "district": assessment.district,
            "card": card,
            "verified_card": verified_card,
            "groups": _grouped(assessment, card, items, suggestions, user, verify_mode),
            "verify_mode": verify_mode,
            "blank": blank,
            "is_verifier": workflow.is_verifier(user, assessment),
            "can_manage": workflow.can_manage(user, assessment),
            "can_review": workflow.can_review(user, assessment),
            "can_redraft": workflow.can_manage(user, assessment)
            and assessment.status == Assessment.Status.REVIEWED,
            "can_sign_off": workflow.can_sign_off(user, assessment),
            "can_submit": workflow.can_submit(user, assessment),
            "can_verify": workflow.can_verify(user, assessment),
            "can_lock": workflow.can_lock(user, assessment),
            "sign_off_form": SignOffForm(initial={"chair_name": _chair_name(assessment, user)}),
            "comment_form": CommentForm(),
            "history": history_of(assessment, limit=20),
        },
    )


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


@login_required
def assessment_detail(request, pk):
    return _assessment_page(request, pk, verify_mode=False)


@login_required
def assessment_verify(request, pk):
    return _assessment_page(request, pk, verify_mode=True)


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
    if not item.item.derived_source:
        return None
    found = derived.suggestions_for(item.assessment.district, [item.item.derived_source])
    return found.get(item.item.derived_source)


@login_required
def item_detail(request, pk):
    item = _item(request.user, pk)
    user = request.user
    fillable = workflow.can_fill_item(user, item)
    verifiable = workflow.can_verify_item(user, item)
    return render(
        request,
        "indicators/item.html",
        {
            "ia": item,
            "assessment": item.assessment,
            "district": item.assessment.district,
            "code": _code(item),
            "suggestion": _suggestion(item),
            "fill_form": ItemFillForm(instance=item) if fillable else None,
            "suggestion_form": SuggestionForm() if fillable else None,
            "evidence_form": EvidenceForm() if fillable else None,
            "verify_form": VerifyItemForm(instance=item) if verifiable else None,
            "can_return": workflow.can_verify(user, item.assessment),
            "can_reopen": workflow.can_reopen_item(user, item),
            "comment_form": CommentForm(),
            "evidence": item.evidence.select_related("uploaded_by"),
            "history": history_of(item),
        },
    )


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
    return _back(request, reverse("indicators:item", args=[item.pk]))


@require_POST
@login_required
def item_fill(request, pk):
    item = _district_item(request, pk)
    form = ItemFillForm(request.POST, instance=item, prefix=request.POST.get("prefix") or None)
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return _back(request, reverse("indicators:item", args=[item.pk]))
    return _item_step(
        request,
        item,
        lambda: workflow.fill_item(
            item=item,
            user=request.user,
            status=form.cleaned_data["self_status"],
            notes=form.cleaned_data["notes"],
        ),
        SAVED,
    )


@require_POST
@login_required
def item_suggestion(request, pk):
    item = _district_item(request, pk)
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return _back(request, reverse("indicators:item", args=[item.pk]))
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
        workflow.add_evidence(item=item, user=request.user, uploaded=form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, EVIDENCE_ADDED)
    return redirect("indicators:item", item.pk)


@require_POST
@login_required
def item_verify(request, pk):
    item = _verifier_item(request, pk)
    form = VerifyItemForm(request.POST, instance=item, prefix=request.POST.get("prefix") or None)
    if not form.is_valid():
        messages.error(request, FORM_ERROR % {"errors": errors_text(form)})
        return _back(request, reverse("indicators:item", args=[item.pk]))
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
