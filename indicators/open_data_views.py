"""The open data: public, unauthenticated, no session needed (``indicators.open_data``
says what is in it and why it may be public)."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from indicators import open_data
from indicators.models import OfficialResult
from kla_portal.models import Province

# Portals fetch these from their own pages (CORS) and may keep them an hour.
PUBLIC = {"Access-Control-Allow-Origin": "*"}
public_cache = cache_control(public=True, max_age=3600)


@require_GET
def index(request):
    """What the files hold, their fields and licence, and links by year and province."""
    years = (
        OfficialResult.objects.published()
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return render(
        request,
        "indicators/open_data.html",
        {
            "years": list(years),
            "provinces": Province.objects.order_by("code"),
            "fields": open_data.FIELDS,
            "attribution": open_data.ATTRIBUTION,
        },
    )


def _file_name(filters: open_data.Filters, extension: str) -> str:
    parts = ["kategori-kla"]
    if filters.year:
        parts.append(str(filters.year))
    if filters.province:
        parts.append(filters.province)
    return "-".join(parts) + "." + extension


@require_GET
@public_cache
def as_csv(request):
    filters = open_data.Filters.from_query(request.GET)
    response = HttpResponse(
        open_data.csv_bytes(open_data.published_rows(filters)),
        content_type="text/csv; charset=utf-8",
        headers=PUBLIC,
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(filters, "csv")}"'
    return response


@require_GET
@public_cache
def as_json(request):
    rows = open_data.published_rows(open_data.Filters.from_query(request.GET))
    return JsonResponse(
        open_data.json_document(rows), headers=PUBLIC, json_dumps_params={"ensure_ascii": False}
    )
