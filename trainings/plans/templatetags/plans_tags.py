"""The action-plan (RTL) card of the district hub, and an item's status badge."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trainings.plans.completion import Completion, completion_rates
from trainings.plans.models import ActionItem

register = template.Library()


@register.simple_tag(takes_context=True)
def plans_summary(context, district) -> Completion:
    """Counts per status and overdue over the district's active plans (one query)."""
    items = ActionItem.objects.visible_to(context["request"].user).filter(plan__district=district)
    return completion_rates(items, by="district").get(district.code, Completion())


BADGE_CSS = {
    ActionItem.Status.DONE: "text-bg-success",
    ActionItem.Status.IN_PROGRESS: "text-bg-primary",
    ActionItem.Status.CANCELLED: "text-bg-dark",
}


@register.filter
def status_badge(item: ActionItem) -> SafeString:
    """The item's status, and "Terlambat" when overdue: a filter rather than an included
    template, as the RTL board prints fifty of them."""
    badge = format_html(
        '<span class="badge {}" data-testid="item-status">{}</span>',
        BADGE_CSS.get(item.status, "text-bg-secondary"),
        item.get_status_display(),
    )
    if item.is_overdue:
        badge += format_html(' <span class="badge text-bg-danger">{}</span>', _("Terlambat"))
    return badge
