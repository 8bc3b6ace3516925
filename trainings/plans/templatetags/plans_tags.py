"""The action-plan (RTL) card of the district hub."""

from django import template

from trainings.plans.completion import Completion, completion_rates
from trainings.plans.models import ActionItem

register = template.Library()


@register.simple_tag(takes_context=True)
def plans_summary(context, district) -> Completion:
    """Counts per status and overdue over the district's active plans (one query)."""
    items = ActionItem.objects.visible_to(context["request"].user).filter(plan__district=district)
    return completion_rates(items, by="district").get(district.code, Completion())
