"""Downloads of the evaluation workbooks (.xlsx) and their tables as CSV (.zip).

Each view finds the region through the access rules (another district's or
province's workbook is a 404; a role without the right to a wider workbook is
a 403) and hands the user on to ``exports``, which reads only what they may see; the
download is recorded for the region's activity log.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_GET

from indicators import exports
from kla_portal.access import can_export_national, district_for_reader, province_for_export
from kla_portal.activity import download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def _check_year(year: int):
    if not exports.MIN_YEAR <= year <= exports.MAX_YEAR:
        raise Http404


@require_GET
@login_required
def export_district(request, code, year):
    _check_year(year)
    district = district_for_reader(request.user, code)
    return download(
        request,
        exports.district_workbook(district, year, user=request.user),
        name=exports.file_name("kabupaten", district.code, year, "xlsx"),
        content_type=XLSX,
        region=district,
    )


@require_GET
@login_required
def export_district_csv(request, code, year):
    _check_year(year)
    district = district_for_reader(request.user, code)
    return download(
        request,
        exports.district_csv_zip(district, year, user=request.user),
        name=exports.file_name("kabupaten", district.code, year, "zip"),
        content_type=ZIP,
        region=district,
    )


@require_GET
@login_required
def export_province(request, code, year):
    _check_year(year)
    province = province_for_export(request.user, code)
    return download(
        request,
        exports.province_workbook(province, year, user=request.user),
        name=exports.file_name("provinsi", province.code, year, "xlsx"),
        content_type=XLSX,
        region=province,
    )


@require_GET
@login_required
def export_province_csv(request, code, year):
    _check_year(year)
    province = province_for_export(request.user, code)
    return download(
        request,
        exports.province_csv_zip(province, year, user=request.user),
        name=exports.file_name("provinsi", province.code, year, "zip"),
        content_type=ZIP,
        region=province,
    )


@require_GET
@login_required
def export_national(request, year):
    _check_year(year)
    if not can_export_national(request.user):
        raise PermissionDenied
    return download(
        request,
        exports.national_workbook(year, user=request.user),
        name=exports.file_name("nasional", "", year, "xlsx"),
        content_type=XLSX,
        region=None,
    )


@require_GET
@login_required
def export_national_csv(request, year):
    _check_year(year)
    if not can_export_national(request.user):
        raise PermissionDenied
    return download(
        request,
        exports.national_csv_zip(year, user=request.user),
        name=exports.file_name("nasional", "", year, "zip"),
        content_type=ZIP,
        region=None,
    )
