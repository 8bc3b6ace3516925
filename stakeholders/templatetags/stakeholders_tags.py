from django import template
from django.db.models import Count, Q

from stakeholders.decrees import decree_validity
from stakeholders.models import Institution, TaskForce

register = template.Library()


@register.simple_tag(takes_context=True)
def stakeholders_summary(context, district) -> dict:
    """Counts for the district hub card, through the reader's visibility like every
    other read: the tag does not rely on the hub view having checked access."""
    user = context["request"].user
    task_force = (
        TaskForce.objects.visible_to(user)
        .filter(district=district, is_current=True, is_active=True)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("-decree_date")
        .first()
    )
    counts = (
        Institution.objects.visible_to(user)
        .filter(district=district, is_active=True)
        .aggregate(total=Count("pk"), started=Count("pk", filter=Q(stage__gt=0)))
    )
    return {
        "task_force": task_force,
        "validity": decree_validity(task_force),
        "member_count": task_force.member_count if task_force else 0,
        "institution_count": counts["total"],
        "started_count": counts["started"],
    }
