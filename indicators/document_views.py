"""An assessment's documents as PDF: its summary, the attachment of the letter that goes
with the workbook (``indicators/summary_pdf.py``)."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from indicators import summary_pdf
from indicators.models import Assessment
from kla_portal.access import get_visible_or_404
from kla_portal.pdf import pdf_response


@require_GET
@login_required
def assessment_summary_pdf(request, pk):
    """Whoever may read the assessment may print its summary."""
    assessment = get_visible_or_404(
        Assessment.objects.select_related("district__province", "framework"), request.user, pk=pk
    )
    return pdf_response(
        summary_pdf.summary_pdf(assessment),
        f"ringkasan-penilaian-{assessment.district.name}-{assessment.year}",
    )
