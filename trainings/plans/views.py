"""Pages of the follow-up action plans (RTL): district board, plan, item, my items, import.

Thin views: an access helper from trainings/plans/actions.py (404 outside the user's
region, 403 for a read-only role), a form, a write function, a redirect.
"""

import re
from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kla_portal import conflicts
from kla_portal.access import can_edit_district, district_for_editor, district_for_reader
from kla_portal.activity import download
from kla_portal.forms import add_write_errors
from kla_portal.history import history_of
from kla_portal.imports import ALREADY_IMPORTED, NOTHING_WRITTEN, import_done
from kla_portal.spreadsheets import (
    SheetError,
    StashTaken,
    claim_stash,
    discard_stash,
    release_stash,
    stash_upload,
)
from kla_portal.uploads import serve_upload
from trainings.models import Training
from trainings.plans import actions as plans
from trainings.plans import imports as item_import
from trainings.plans.completion import completion_rates, total
from trainings.plans.forms import (
    BoardFilterForm,
    ImportForm,
    ItemForm,
    PlanForm,
    ProgressUpdateForm,
)
from trainings.plans.models import ActionItem, ActionPlan

PAGE_SIZE = 50
PLAN_CREATED = _("RTL dibuat. Tambahkan kegiatannya, atau impor dari Excel.")
PLAN_SAVED = _("RTL disimpan.")
PLAN_DEACTIVATED = _("RTL dinonaktifkan: tidak tampil lagi di papan dan hitungan.")
PLAN_RESTORED = _("RTL diaktifkan kembali.")
ITEM_ADDED = _("Kegiatan ditambahkan.")
ITEM_SAVED = _("Kegiatan disimpan.")
ITEM_UNCHANGED = _("Tidak ada yang berubah.")
UPDATE_POSTED = _("Perkembangan dikirim. Terima kasih!")
IMPORT_EXPIRED = _("Berkas yang diunggah sudah kedaluwarsa. Unggah lagi.")


# District board.

# What a board row loads with its item: its plan (with the owner) comes from the plan
# list, the district is the page's (each join costs the planner time on a large table).
BOARD_ROW_RELATIONS = ("indicator", "question__indicator", "responsible_member")
_KEY = 987654321  # stands for a record's key while a link pattern is made


def _path_pattern(viewname: str) -> str:
    """The page's path with ``{}`` for the key: one ``reverse`` for all the rows of a list."""
    return reverse(viewname, args=[_KEY]).replace(str(_KEY), "{}")


@login_required
def board(request, code):
    district = district_for_reader(request.user, code)
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None, district=district)
    # Every item and plan of a district the user may read is visible to them
    # (``visible_to`` goes by district), so filtering by the district is enough.
    items = ActionItem.objects.filter(plan__district=district, plan__is_active=True)
    counts = total(
        completion_rates(form.filter(items, today=today, with_status=False), by="district")
    )
    plan_list = list(
        ActionPlan.objects.filter(district=district)
        .select_related("owner_institution__sector", "owner_working_group")
        .annotate(
            # A subquery per plan rather than a join: the planner would hash all trainings.
            training_title=Subquery(
                Training.objects.filter(pk=OuterRef("training_id")).values("title")
            ),
            item_count=Count("items"),
            done_count=Count("items", filter=Q(items__status=ActionItem.Status.DONE)),
        )
        .order_by("-is_active", "title")
    )
    plan_path = _path_pattern("plans:plan")
    for plan in plan_list:
        plan.url = plan_path.format(plan.pk)
    rows = (
        form.filter(items, today=today)
        .select_related(*BOARD_ROW_RELATIONS)
        .order_by("due_date", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # The rows' plans, with their owners, are in the plan list already (a plan added
    # between the two queries is loaded when its row asks for it).
    plans_by_pk = {plan.pk: plan for plan in plan_list}
    item_path = _path_pattern("plans:item")
    for item in page.object_list:
        if item.plan_id in plans_by_pk:
            item.plan = plans_by_pk[item.plan_id]
        item.url = item_path.format(item.pk)
    return render(
        request,
        "trainings/plans/board.html",
        {
            "district": district,
            "form": form,
            "counts": counts,
            "page": page,
            "plans": plan_list,
            "today": today,
            "can_edit": can_edit_district(request.user, district),
        },
    )


# Plans.


@login_required
def plan_create(request, code):
    district = district_for_editor(request.user, code)
    # Coming from a gap step ("Buat kegiatan RTL"): the new plan's first item serves it.
    question = _question_param(request)
    form = PlanForm(request.POST or None, district=district)
    if form.is_valid():
        try:
            plan = plans.create_plan(district=district, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_write_errors(form, error)
        else:
            messages.success(request, PLAN_CREATED)
            if question is not None:
                return redirect(_item_for_question_url(plan, question))
            return redirect(plan)
    return render(
        request,
        "trainings/plans/plan_form.html",
        {"district": district, "form": form, "plan": None, "question": question},
    )


@login_required
def plan_detail(request, pk):
    plan = plans.plan_for_reader(request.user, pk)
    items = plan.items.for_lists().order_by("due_date", "pk")
    return render(
        request,
        "trainings/plans/plan.html",
        {
            "plan": plan,
            "district": plan.district,
            "items": items,
            "counts": completion_rates(plan.items.all(), by="district").get(plan.district_id),
            "can_edit": can_edit_district(request.user, plan.district),
            "history": history_of(plan),
        },
    )


@login_required
def plan_edit(request, pk):
    plan = plans.plan_for_manager(request.user, pk)
    form = PlanForm(request.POST or None, instance=copy(plan), district=plan.district)
    conflict = None
    if form.is_valid():
        try:
            plans.edit_plan(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            conflict = conflicts.conflict_of(form, error)
            if conflict is None:
                add_write_errors(form, error)
        else:
            messages.success(request, PLAN_SAVED)
            return redirect(plan)
    return render(
        request,
        "trainings/plans/plan_form.html",
        {"district": plan.district, "form": form, "plan": plan, "conflict": conflict},
    )


@require_POST
@login_required
def plan_deactivate(request, pk):
    plan = plans.plan_for_manager(request.user, pk)
    plans.deactivate_plan(plan=plan, user=request.user)
    messages.success(request, PLAN_DEACTIVATED)
    return redirect(plan)


@require_POST
@login_required
def plan_restore(request, pk):
    plan = plans.plan_for_manager(request.user, pk)
    plans.restore_plan(plan=plan, user=request.user)
    messages.success(request, PLAN_RESTORED)
    return redirect(plan)


# Items.


def _question_param(request):
    """The question named by ``?question=<id>``, or None when there is none."""
    value = request.GET.get("question", "")
    # ASCII digits, and few: "²".isdigit() is true, and the database wants an integer.
    return plans.question_or_404(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


def _item_for_question_url(plan, question) -> str:
    return f"{reverse('plans:item_create', args=[plan.pk])}?question={question.pk}"


@login_required
def item_for_question(request, code):
    """The "Buat kegiatan RTL" button of a step of the gap to the next category.

    The item goes into one of the district's active plans: with one, straight to its
    item form, prefilled from the question; with several, the user picks one; with
    none, the page offers to create a plan, whose first item then serves the question.
    """
    district = district_for_editor(request.user, code)
    question = _question_param(request)
    choices = list(_active_plans(request.user, district).order_by("-created_at", "title"))
    if question is not None and len(choices) == 1:
        return redirect(_item_for_question_url(choices[0], question))
    for plan in choices:
        plan.url = _item_for_question_url(plan, question) if question else plan.get_absolute_url()
    return render(
        request,
        "trainings/plans/item_plan_choice.html",
        {"district": district, "question": question, "plans": choices},
    )


@login_required
def item_create(request, pk):
    plan = plans.plan_for_manager(request.user, pk)
    question = _question_param(request)
    initial = plans.item_values_for_question(question) if question is not None else None
    form = ItemForm(request.POST or None, initial=initial, plan=plan)
    if form.is_valid():
        try:
            item = plans.add_item(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_write_errors(form, error)
        else:
            messages.success(request, ITEM_ADDED)
            return redirect(item)
    return render(
        request,
        "trainings/plans/item_form.html",
        {
            "plan": plan,
            "district": plan.district,
            "form": form,
            "item": None,
            "question": question,
        },
    )


@login_required
def item_detail(request, pk):
    item = plans.item_for_reader(request.user, pk)
    can_manage = plans.can_manage(request.user, item)
    can_update = can_manage or plans.can_update(request.user, item)
    open_plan = item.plan.is_active
    return render(
        request,
        "trainings/plans/item.html",
        {
            "item": item,
            "plan": item.plan,
            "district": item.plan.district,
            "updates": item.updates.select_related("author").prefetch_related("evidence"),
            "update_form": ProgressUpdateForm(item=item)
            if can_update and open_plan and item.status != ActionItem.Status.CANCELLED
            else None,
            "edit_form": ItemForm(instance=item, plan=item.plan)
            if can_manage and open_plan
            else None,
            "history": history_of(item),
        },
    )


@login_required
def item_edit(request, pk):
    item = plans.item_for_manager(request.user, pk)
    # The form validates on a copy: the write function compares against the item as stored.
    form = ItemForm(request.POST or None, instance=copy(item), plan=item.plan)
    conflict = None
    if form.is_valid():
        try:
            changed = plans.edit_item(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            conflict = conflicts.conflict_of(form, error)
            if conflict is None:
                add_write_errors(form, error)
        else:
            messages.success(request, ITEM_SAVED if changed else ITEM_UNCHANGED)
            return redirect(item)
    return render(
        request,
        "trainings/plans/item_form.html",
        {
            "plan": item.plan,
            "district": item.plan.district,
            "form": form,
            "item": item,
            "conflict": conflict,
        },
    )


@login_required
def item_update(request, pk):
    """Post a progress update: the district admin, or the member the item is assigned to."""
    item = plans.item_for_updater(request.user, pk)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, item=item)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plans.post_progress_update(
                item=item,
                user=request.user,
                date=data["date"],
                text=data["text"],
                percent=data["percent"],
                files=data["files"],
            )
        except ValidationError as error:
            add_write_errors(form, error)
        else:
            messages.success(request, UPDATE_POSTED)
            return redirect(item)
    return render(
        request,
        "trainings/plans/update_form.html",
        {"item": item, "plan": item.plan, "district": item.plan.district, "form": form},
    )


@login_required
def evidence(request, pk):
    """An evidence file, streamed only to users who may see its plan."""
    obj = plans.evidence_for_reader(request.user, pk)
    return serve_upload(obj.file, obj.original_name)


# My items.


@login_required
def my_items(request):
    today = timezone.localdate()
    items = list(
        ActionItem.objects.assigned_to(request.user)
        .filter(plan__is_active=True)
        .for_lists()
        .annotate(
            closed=Case(
                When(status__in=["done", "cancelled"], then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "due_date", "pk")
    )
    for item in items:
        item.days_left = (item.due_date - today).days
        item.days_late = -item.days_left
    return render(
        request,
        "trainings/plans/my_items.html",
        {
            "open_items": [i for i in items if not i.is_closed],
            "closed_items": [i for i in items if i.is_closed],
            "today": today,
        },
    )


# Import.


def _active_plans(user, district):
    """The district's active plans the user may add items to."""
    return ActionPlan.objects.editable_by(user).filter(district=district, is_active=True)


@login_required
def import_items(request, code):
    district = district_for_editor(request.user, code)
    choices = _active_plans(request.user, district)
    context = {"district": district}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        plan = get_object_or_404(choices, pk=request.POST.get("plan"))
        try:
            path = claim_stash(request, token)
        except StashTaken:
            messages.info(request, ALREADY_IMPORTED)
            return redirect(plan)
        if path is None:
            messages.error(request, IMPORT_EXPIRED)
            return redirect("plans:import_items", code=district.code)
        try:
            report, written = item_import.apply_import(
                path,
                plan=plan,
                user=request.user,
                only_valid=bool(request.POST.get("only_valid")),
            )
        except SheetError as error:
            discard_stash(request, token)
            messages.error(request, str(error))
            return redirect("plans:import_items", code=district.code)
        if written:
            import_done(request, token, report)
            return redirect(plan)
        release_stash(path)
        context.update(
            report=report,
            plan=plan,
            token=token,
            error=NOTHING_WRITTEN % {"count": report.rejected_count},
        )
        return render(request, "trainings/plans/import_preview.html", context)

    initial = {"plan": request.GET.get("rtl")} if request.GET.get("rtl") else None
    form = ImportForm(request.POST or None, request.FILES or None, plans=choices, initial=initial)
    if form.is_valid():
        plan = form.cleaned_data["plan"]
        uploaded = form.cleaned_data["file"]
        try:
            report = item_import.preview_import(uploaded, plan=plan).report
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            token = stash_upload(request, uploaded)
            context.update(report=report, plan=plan, token=token)
            return render(request, "trainings/plans/import_preview.html", context)
    context.update(form=form, headers=item_import.TEMPLATE_HEADERS)
    return render(request, "trainings/plans/import.html", context)


@login_required
def import_template(request, code):
    district = district_for_editor(request.user, code)
    return download(
        request,
        item_import.template_workbook(),
        name="templat-rtl.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        region=district,
    )
