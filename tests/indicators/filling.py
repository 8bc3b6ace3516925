"""Setting item statuses in tests without going through the workflow (tested on its own)."""

from indicators.models import Assessment, ItemAssessment
from kla_portal import figures


def fill(assessment: Assessment, statuses: dict[str, str], *, verified: dict | None = None):
    """Set answers directly by the question's full code, "21A.4b" (on the draft framework
    "indicator.order", "2.1"); the workflow is tested apart.

    Like the admin and the bulk seed, a write that goes around the write functions
    refreshes the district's figure rows itself."""
    verified = verified or {}
    items = ItemAssessment.objects.filter(assessment=assessment).select_related("item__indicator")
    for item in items:
        code = item.item.full_code
        changed = []
        if code in statuses:
            item.self_status = statuses[code]
            changed.append("self_status")
        if code in verified:
            item.verified_status = verified[code]
            changed.append("verified_status")
        if changed:
            item.save(update_fields=changed)
    figures.refresh([assessment.district_id])
    return assessment
