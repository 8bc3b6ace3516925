"""Action plans (RTL) and their items with progress; progress updates on an item.

Who posts progress is ``ActionItemQuerySet.editable_by``: the district admin, or
the task-force member the item is assigned to (``plans.item_for_updater``).
"""

from datetime import date

from ninja import Field, Query, Router, Schema, Status

from indicators.api.pages import PageQuery, page_of
from kla_portal.access import district_for_reader
from trainings.plans import actions as plans
from trainings.plans.completion import Completion, completion_rates
from trainings.plans.models import ActionItem, ActionPlan

router = Router(tags=["rtl"])


class CompletionOut(Schema):
    total: int
    planned: int
    in_progress: int
    done: int
    cancelled: int
    overdue: int
    percent: int | None = Field(description="Selesai dari yang tidak dibatalkan, dalam persen.")


class UpdateOut(Schema):
    id: int
    date: date
    percent: int
    text: str


class ItemOut(Schema):
    id: int
    activity: str
    indicator: str | None
    start_date: date | None
    due_date: date
    status: str
    percent: int
    responsible: str
    updates: list[UpdateOut]


class PlanOut(Schema):
    id: int
    title: str
    training_id: int | None
    owner: str
    items: list[ItemOut]


class PlansPage(Schema):
    count: int
    completion: CompletionOut
    results: list[PlanOut]


class ProgressIn(Schema):
    date: date
    percent: int = Field(ge=0, le=100)
    text: str = Field(min_length=1)


def _completion(found) -> dict:
    return {
        "total": found.total,
        "planned": found.planned,
        "in_progress": found.in_progress,
        "done": found.done,
        "cancelled": found.cancelled,
        "overdue": found.overdue,
        "percent": found.percent,
    }


def _update_row(update) -> dict:
    return {"id": update.pk, "date": update.date, "percent": update.percent, "text": update.text}


def _item_row(item: ActionItem) -> dict:
    return {
        "id": item.pk,
        "activity": item.activity,
        "indicator": item.indicator.code if item.indicator else None,
        "start_date": item.start_date,
        "due_date": item.due_date,
        "status": item.status,
        "percent": item.percent,
        "responsible": item.responsible_display,
        "updates": [_update_row(u) for u in item.updates.all()],
    }


@router.get("/districts/{code}/plans/", response=PlansPage)
def district_plans(request, code: str, page: Query[PageQuery]):
    """Active plans with their items and progress, and the district's RTL completion."""
    district = district_for_reader(request.user, code)
    queryset = (
        ActionPlan.objects.active()
        .filter(district=district)
        .select_related("owner_institution", "owner_working_group")
        .prefetch_related("items__indicator", "items__responsible_member", "items__updates")
    )
    count, rows = page_of(queryset, page)
    rates = completion_rates(ActionItem.objects.filter(plan__district=district), by="district")
    return {
        "count": count,
        "completion": _completion(rates.get(district.code) or Completion()),
        "results": [
            {
                "id": p.pk,
                "title": p.title,
                "training_id": p.training_id,
                "owner": str(p.owner or ""),
                "items": [_item_row(i) for i in p.items.all()],
            }
            for p in rows
        ],
    }


@router.post("/items/{item_id}/progress/", response={201: UpdateOut})
def post_progress(request, item_id: int, payload: ProgressIn):
    """Post a progress update, as the item's page does (``plans.post_progress_update``)."""
    item = plans.item_for_updater(request.user, item_id)
    update = plans.post_progress_update(
        item=item, user=request.user, date=payload.date, text=payload.text, percent=payload.percent
    )
    return Status(201, _update_row(update))
