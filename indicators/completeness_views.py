"""The completeness board of an assessment, on screen (sortable, printable) and in Excel.

Anyone who reads the district reads its board: the district's own roles, the
province coordinator, the ministry's evaluators; another district's board is a
404 (``get_visible_or_404``), like the assessment itself.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from indicators import completeness
from indicators.models import Assessment
from indicators.workbook import xlsx_bytes
from kla_portal.access import get_visible_or_404, operator_agency_ids
from kla_portal.activity import download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Days without activity after which a row is flagged: a week of silence is worth a call.
IDLE_DAYS = 7


def _assessment(user, pk) -> Assessment:
    return get_visible_or_404(
        Assessment.objects.select_related("district__province", "framework"), user, pk=pk
    )


def _board(assessment):
    today = timezone.localdate()
    rows = completeness.board(assessment, today=today)
    return today, rows, completeness.totals(assessment, rows, today=today)


@require_GET
@login_required
def completeness_board(request, pk):
    assessment = _assessment(request.user, pk)
    today, rows, total = _board(assessment)
    return render(
        request,
        "indicators/completeness.html",
        {
            "assessment": assessment,
            "district": assessment.district,
            "rows": rows,
            "total": total,
            "today": today,
            "idle_days": IDLE_DAYS,
            # An agency's operator opens their own agency's questions only.
            "own_agencies": operator_agency_ids(request.user),
        },
    )


@require_GET
@login_required
def completeness_xlsx(request, pk):
    assessment = _assessment(request.user, pk)
    _today, rows, total = _board(assessment)
    data = xlsx_bytes([completeness.sheet(assessment, rows, total)])
    name = f"kelengkapan-{assessment.district.code.replace('.', '-')}-{assessment.year}.xlsx"
    return download(request, data, name=name, content_type=XLSX, region=assessment.district)
