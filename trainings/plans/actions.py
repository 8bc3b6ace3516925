"""Every change to an action plan (RTL), its items and their progress updates.

Each write is a keyword-only function in a transaction (``@figures.write``, which
also brings the district's figure rows up to date before it commits) that names
who acted. A plan or an item is saved only if it is still at the ``version`` its
edit form was opened on (``kla_portal.conflicts``): when two people edit the same
item, the second save is refused, so the first person's change is never silently
overwritten.

Who may call which write is decided by ``ActionItemQuerySet.editable_by`` /
``managed_by`` (trainings/plans/models.py), through the access helpers below.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import ChecklistItem, Framework, Indicator
from kla_portal import conflicts, figures
from kla_portal.access import get_editable_or_403, get_visible_or_404
from kla_portal.history import save_with_history
from kla_portal.restore import restore_record
from kla_portal.uploads import DOCUMENT_TYPES, check_upload, safe_name
from trainings.plans.models import ActionItem, ActionPlan, Evidence, ProgressUpdate

CANCEL_NEEDS_REASON = _("Kegiatan yang dibatalkan harus diberi alasan.")
OWNER_REQUIRED = _("Pilih pemilik RTL: satu lembaga atau satu kelompok kerja.")
NOT_IN_DISTRICT = _("%(field)s bukan milik %(district)s.")
PLAN_INACTIVE = _("RTL ini nonaktif: aktifkan dulu sebelum mengubah kegiatannya.")
ITEM_CANCELLED = _("Kegiatan yang dibatalkan tidak bisa diberi perkembangan.")
FUTURE_UPDATE = _("Tanggal perkembangan tidak boleh sesudah hari ini.")
DATES_OUT_OF_ORDER = _("Tenggat tidak boleh sebelum tanggal mulai.")

PLAN_FIELDS = ("title", "training", "owner_institution", "owner_working_group")
ITEM_FIELDS = (
    "activity",
    "objective",
    "target_group",
    "indicator",
    "question",
    "start_date",
    "due_date",
    "venue",
    "responsible_member",
    "responsible_name",
    "budget_source",
    "budget_amount",
    "success_measure",
    "status",
    "cancel_reason",
)


# Access: every view gets plans, items and evidence through these.


def plan_for_reader(user, pk) -> ActionPlan:
    return get_visible_or_404(ActionPlan.objects.select_related("district__province"), user, pk=pk)


def plan_for_manager(user, pk) -> ActionPlan:
    return get_editable_or_403(ActionPlan.objects.select_related("district__province"), user, pk=pk)


def item_for_reader(user, pk) -> ActionItem:
    return get_visible_or_404(ActionItem.objects.for_lists(), user, pk=pk)


def item_for_updater(user, pk) -> ActionItem:
    """The district admin, or the member the item is assigned to (progress updates)."""
    return get_editable_or_403(ActionItem.objects.for_lists(), user, pk=pk)


def item_for_manager(user, pk) -> ActionItem:
    """The district admin only (every field of the item)."""
    item = item_for_reader(user, pk)
    if not can_manage(user, item):
        raise PermissionDenied
    return item


def evidence_for_reader(user, pk) -> Evidence:
    return get_visible_or_404(Evidence.objects.all(), user, pk=pk)


def can_update(user, item: ActionItem) -> bool:
    return ActionItem.objects.editable_by(user).filter(pk=item.pk).exists()


def can_manage(user, item: ActionItem) -> bool:
    return ActionItem.objects.managed_by(user).filter(pk=item.pk).exists()


def framework_in_force(year: int) -> Framework | None:
    """The framework in force in that year (the most recent one, if they overlap).

    The rule of ``indicators.workflow.framework_for_year``, asked here of the instrument's
    models so that plans need not import the assessment workflow above them (the
    import-linter layers in pyproject.toml); a test holds the two to the same answer.
    """
    return (
        Framework.objects.filter(first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .order_by("-first_year")
        .first()
    )


def current_framework() -> Framework | None:
    """The indicator framework in force this year (None before the catalogue is loaded)."""
    return framework_in_force(timezone.localdate().year)


def plan_year(plan: ActionPlan) -> int:
    """The year a plan belongs to: the year it was drawn up (plans carry no year field)."""
    made = plan.created_at
    return timezone.localtime(made).year if made else timezone.localdate().year


def framework_for_plan(plan: ActionPlan) -> Framework | None:
    """The framework whose indicators and questions the plan's items name."""
    return framework_in_force(plan_year(plan))


def current_indicators() -> dict[int, Indicator]:
    """The indicators of the framework in force, by number (empty before it is loaded)."""
    framework = current_framework()
    if framework is None:
        return {}
    return {i.number: i for i in framework.indicators.all()}


def questions_by_code(framework: Framework | None) -> dict[str, ChecklistItem]:
    """The framework's questions by full code in capitals ("21A.4B"), with their indicator."""
    if framework is None:
        return {}
    questions = ChecklistItem.objects.filter(indicator__framework=framework).select_related(
        "indicator"
    )
    return {q.full_code.upper(): q for q in questions}


def indicators_by_code(framework: Framework | None) -> dict[str, Indicator]:
    """The framework's indicators by code in capitals ("19", "21A")."""
    if framework is None:
        return {}
    return {i.code.upper(): i for i in framework.indicators.all()}


def question_or_404(pk) -> ChecklistItem:
    """A question of any framework: reference data every signed-in user may read."""
    return get_object_or_404(ChecklistItem.objects.select_related("indicator"), pk=pk)


def item_values_for_question(question: ChecklistItem) -> dict:
    """What a new item serving this question starts with: the question and its indicator,
    the question as the activity, and the first agency responsible for it as the owner."""
    return {
        "question": question,
        "indicator": question.indicator,
        "activity": question.text[: ActionItem._meta.get_field("activity").max_length],
        "responsible_name": question.responsible[0] if question.responsible else "",
    }


# Plans.


def _check_plan(plan: ActionPlan):
    if bool(plan.owner_institution_id) == bool(plan.owner_working_group_id):
        raise ValidationError(OWNER_REQUIRED, code="owner")
    links = {
        "training": plan.training and plan.training.district_id,
        "owner_institution": plan.owner_institution and plan.owner_institution.district_id,
        "owner_working_group": plan.owner_working_group
        and plan.owner_working_group.task_force.district_id,
    }
    for field, district_id in links.items():
        if district_id and district_id != plan.district_id:
            message = NOT_IN_DISTRICT % {
                "field": getattr(plan, field),
                "district": plan.district.name,
            }
            raise ValidationError({field: message}, code="district")


@figures.write("district")
def create_plan(
    *,
    district,
    user,
    title: str,
    training=None,
    owner_institution=None,
    owner_working_group=None,
) -> ActionPlan:
    plan = ActionPlan(
        district=district,
        title=title,
        training=training,
        owner_institution=owner_institution,
        owner_working_group=owner_working_group,
    )
    _check_plan(plan)
    save_with_history(plan, user=user)
    return plan


@figures.write("plan")
def edit_plan(*, plan: ActionPlan, user, version: int | None = None, **changes) -> list[str]:
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"ActionPlan has no editable fields {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(plan, name) != value]
    if changed:
        conflicts.claim(plan, version)
        for name in changed:
            setattr(plan, name, changes[name])
        _check_plan(plan)
        save_with_history(plan, user=user, fields=changed)
    return changed


@figures.write("plan")
def deactivate_plan(*, plan: ActionPlan, user) -> None:
    """Delete is deactivate: the plan and its items leave the board and the counts."""
    plan.is_active = False
    save_with_history(plan, user=user, fields=["is_active"], clean=False)


def restore_plan(*, plan: ActionPlan, user) -> None:
    restore_record(obj=plan, user=user)


# Items.


def _normalise_status(values: dict) -> dict:
    """Cancelling needs a reason; leaving 'cancelled' drops it; 'done' means 100%."""
    status = values.get("status")
    if status == ActionItem.Status.CANCELLED:
        if not (values.get("cancel_reason") or "").strip():
            raise ValidationError({"cancel_reason": CANCEL_NEEDS_REASON}, code="reason")
    elif status is not None:
        values["cancel_reason"] = ""
    if status == ActionItem.Status.DONE:
        values["percent"] = 100
    return values


def _with_indicator_of_question(item: ActionItem, changed: dict) -> None:
    """A question given without an indicator names the indicator (recorded as a change)."""
    if item.question_id is not None and item.indicator_id is None:
        item.indicator = item.question.indicator
        changed["indicator"] = item.indicator


def _check_item(item: ActionItem):
    if not item.plan.is_active:
        raise ValidationError(PLAN_INACTIVE, code="inactive")
    if item.start_date and item.due_date and item.due_date < item.start_date:
        raise ValidationError({"due_date": DATES_OUT_OF_ORDER}, code="dates")
    member = item.responsible_member
    if member is not None and member.task_force.district_id != item.plan.district_id:
        raise ValidationError(
            {
                "responsible_member": NOT_IN_DISTRICT
                % {"field": member, "district": item.plan.district.name}
            }
        )
    item.full_clean(exclude=["version"])


@figures.write("plan")
def add_item(*, plan: ActionPlan, user, activity: str, due_date: date, **fields) -> ActionItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"ActionItem has no editable fields {sorted(unknown)}")
    values = _normalise_status({"activity": activity, "due_date": due_date, **fields})
    item = ActionItem(plan=plan, **values)
    _with_indicator_of_question(item, values)
    _check_item(item)  # its own full_clean, which leaves out the version
    save_with_history(item, user=user, clean=False)
    return item


@figures.write("item")
def edit_item(*, item: ActionItem, user, version: int | None, **changes) -> list[str]:
    """Save the changed fields if the item is still at ``version``; else
    ``conflicts.STALE_EDIT``.

    Returns the names of the fields that changed (none: nothing is written).
    """
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"ActionItem has no editable fields {sorted(unknown)}")
    changes = _normalise_status(dict(changes))
    changed = {name: value for name, value in changes.items() if getattr(item, name) != value}
    if not changed:
        return []
    conflicts.claim(item, version)
    for name, value in changed.items():
        setattr(item, name, value)
    _with_indicator_of_question(item, changed)
    _check_item(item)
    save_with_history(item, user=user, fields=[*changed, "updated_at"], clean=False)
    return list(changed)


def set_status(*, item: ActionItem, user, version: int, status: str, reason: str = "") -> list[str]:
    return edit_item(item=item, user=user, version=version, status=status, cancel_reason=reason)


# Progress updates.


def status_for_percent(percent: int, current: str) -> str:
    if percent >= 100:
        return ActionItem.Status.DONE
    if percent > 0:
        return ActionItem.Status.IN_PROGRESS
    return current


def _repeat_of_latest(
    item: ActionItem, *, user, date, text, percent, files
) -> ProgressUpdate | None:
    """The item's latest update when this one repeats it word for word, files included
    (by name and size): a double tap on a slow phone sends the same form twice, and the
    second is the first, not a new update. The item's row is locked first, so two copies
    arriving together are compared one after the other (SQLite's immediate transactions
    do the same)."""
    ActionItem.objects.select_for_update().values_list("pk").get(pk=item.pk)
    latest = item.updates.order_by("-created_at", "-pk").first()
    if latest is None:
        return None
    stored = (latest.author_id, latest.date, latest.text, latest.percent)
    if stored != (getattr(user, "pk", None), date, text, percent):
        return None
    sent = sorted((_original_name(f), f.size) for f in files)
    return latest if sent == sorted(latest.evidence.values_list("original_name", "size")) else None


def _original_name(uploaded) -> str:
    return (getattr(uploaded, "original_name", None) or uploaded.name)[:255]


@figures.write("item")
def post_progress_update(
    *, item: ActionItem, user, date: date, text: str, percent: int, files=()
) -> ProgressUpdate:
    """Record what happened, with its evidence, and move the item's percent and status."""
    if not item.plan.is_active:
        raise ValidationError(PLAN_INACTIVE, code="inactive")
    if item.status == ActionItem.Status.CANCELLED:
        raise ValidationError(ITEM_CANCELLED, code="cancelled")
    if date > timezone.localdate():
        raise ValidationError({"date": FUTURE_UPDATE}, code="future")
    repeated = _repeat_of_latest(
        item, user=user, date=date, text=text, percent=percent, files=files
    )
    if repeated is not None:
        return repeated
    update = ProgressUpdate(item=item, date=date, text=text, percent=percent, author=user)
    save_with_history(update, user=user)
    for uploaded in files:
        # Checked again here, whatever the caller: images, PDFs, .xlsx, .docx, by content.
        content_type = check_upload(uploaded, DOCUMENT_TYPES)
        original = _original_name(uploaded)
        uploaded.name = safe_name(uploaded.name, content_type)
        evidence = Evidence(
            update=update,
            file=uploaded,
            original_name=original,
            content_type=content_type,
            size=uploaded.size,
        )
        save_with_history(evidence, user=user, clean=False)
    # Moves the item's version on: an edit form open on the old percent and status is stale.
    conflicts.claim(item, None)
    item.percent = percent
    item.status = status_for_percent(percent, item.status)
    save_with_history(item, user=user, fields=["percent", "status", "updated_at"], clean=False)
    return update
