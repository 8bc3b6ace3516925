from django import template
from django.db.models import Count, Q

from stakeholders.decrees import decree_validity
from stakeholders.models import Institution, TaskForce

register = template.Library()


@register.simple_tag
def stakeholders_summary(district) -> dict:
    """Counts for the district hub card (the hub view has already checked access)."""
    task_force = (
        TaskForce.objects.filter(district=district, is_current=True, is_active=True)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("-decree_date")
        .first()
    )
    counts = Institution.objects.filter(district=district, is_active=True).aggregate(
        total=Count("pk"), started=Count("pk", filter=Q(stage__gt=0))
    )
    return {
        "task_force": task_force,
        "validity": decree_validity(task_force),
        "member_count": task_force.member_count if task_force else 0,
        "institution_count": counts["total"],
        "started_count": counts["started"],
    }
