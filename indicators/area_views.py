"""The kecamatan and desa/kelurahan pages of an assessment (indicators 25 and 26).

Who sees what: the district's readers see the shares and every kecamatan page, the
Dinas PPPA (and a kecamatan operator for its own kecamatan) records answers, and only
the Dinas PPPA imports a sheet. A kecamatan operator reaches its own kecamatan and its
desa only: another kecamatan of its district, or the district-wide pages, are a 403;
another district is a 404 (``get_visible_or_404``), as for everyone.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from indicators import areas, workflow
from indicators.models import Assessment
from kla_portal.access import (
    can_report_for_subdistrict,
    get_visible_or_404,
    operator_subdistrict_codes,
)
from kla_portal.activity import download
from kla_portal.imports import ALREADY_IMPORTED, NOTHING_WRITTEN, import_done
from kla_portal.models import District, Subdistrict
from kla_portal.spreadsheets import (
    SheetError,
    StashTaken,
    claim_stash,
    discard_stash,
    release_stash,
    stash_upload,
)
from stakeholders.forms import ImportConfirmForm

SAVED = _("%(n)s jawaban kecamatan/desa disimpan.")
NOTHING_CHANGED = _("Tidak ada perubahan untuk disimpan.")
IMPORT_EXPIRED = _("Berkas impor sudah tidak tersedia. Unggah lagi.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES, NO = "1", "0"


class AreaUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx) atau CSV"),
        help_text=_("Satu baris satu wilayah, satu kolom satu pertanyaan. Unduh templatnya."),
    )


# ---------------------------------------------------------------------------
# Access


def _check_operator(user, code: str | None) -> None:
    """A kecamatan operator reaches its own kecamatan only (``code`` None: a page about
    the whole district, not theirs)."""
    own = operator_subdistrict_codes(user)
    if own and code not in own:
        raise PermissionDenied


def _assessment(user, pk: int) -> Assessment:
    return get_visible_or_404(
        Assessment.objects.select_related("district__province", "framework"), user, pk=pk
    )


def _district_page(user, pk: int) -> Assessment:
    assessment = _assessment(user, pk)
    _check_operator(user, None)
    return assessment


def _kecamatan(user, assessment: Assessment, code: str) -> Subdistrict:
    subdistrict = get_object_or_404(
        Subdistrict.objects.select_related("district"), code=code, district=assessment.district
    )
    _check_operator(user, code)
    return subdistrict


def _importer(user, pk: int, level: str) -> Assessment:
    if level not in areas.LEVELS:
        raise Http404
    assessment = _assessment(user, pk)
    if not workflow.can_manage(user, assessment):
        raise PermissionDenied
    return assessment


# ---------------------------------------------------------------------------
# Pages


@require_GET
@login_required
def area_overview(request, pk):
    """The shares of every area question, the lists behind them, each kecamatan's progress."""
    assessment = _district_page(request.user, pk)
    found = areas.shares(assessment)
    return render(
        request,
        "indicators/area_overview.html",
        {
            "assessment": assessment,
            "district": assessment.district,
            "shares": found,
            "progress": areas.progress(found),
            # Offered while a question takes answers; the pages stay reachable (the rows
            # of a closed question are refused with their reason).
            "can_import": workflow.can_manage(request.user, assessment)
            and any(areas.is_open(share.row, assessment.status) for share in found),
        },
    )


@require_GET
@login_required
def area_home(request, code):
    """A kecamatan operator's start page: its kecamatan in the district's latest assessment."""
    subdistrict = get_object_or_404(
        Subdistrict.objects.select_related("district"),
        code=code,
        district__in=District.objects.visible_to(request.user),
    )
    _check_operator(request.user, code)
    latest = Assessment.objects.filter(district=subdistrict.district).order_by("-year").first()
    if latest is not None:
        return redirect("indicators:area_kecamatan", latest.pk, code)
    return render(
        request,
        "indicators/area_home.html",
        {"subdistrict": subdistrict, "district": subdistrict.district},
    )


@require_GET
@login_required
def area_kecamatan(request, pk, code):
    """One kecamatan: its indicator-25 answers and its desa's indicator-26 answers."""
    user = request.user
    assessment = _assessment(user, pk)
    subdistrict = _kecamatan(user, assessment, code)
    can_report = can_report_for_subdistrict(user, subdistrict)
    sheet = areas.kecamatan_sheet(assessment, subdistrict)
    open_rows = {
        row.pk
        for row in [*(cell.row for cell in sheet.kecamatan_cells), *sheet.desa_questions]
        if can_report and areas.is_open(row, assessment.status)
    }
    return render(
        request,
        "indicators/area_kecamatan.html",
        {
            "assessment": assessment,
            "district": assessment.district,
            "subdistrict": subdistrict,
            "sheet": sheet,
            "open_rows": open_rows,
            "can_save": bool(open_rows),
            "can_report": can_report,
            "is_operator": bool(operator_subdistrict_codes(user)),
        },
    )


@require_POST
@login_required
def area_kecamatan_save(request, pk, code):
    """The kecamatan page's one save: every answer given on it, or none of them."""
    user = request.user
    assessment = _assessment(user, pk)
    subdistrict = _kecamatan(user, assessment, code)
    if not can_report_for_subdistrict(user, subdistrict):
        raise PermissionDenied
    sheet = areas.kecamatan_sheet(assessment, subdistrict)
    try:
        saved = areas.record_sheet_answers(
            assessment=assessment, user=user, answers=_posted(request.POST, sheet)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if saved.changed:
            messages.success(request, SAVED % {"n": saved.changed})
        else:
            messages.info(request, NOTHING_CHANGED)
    return redirect("indicators:area_kecamatan", assessment.pk, subdistrict.code)


def _posted(data, sheet: areas.KecamatanSheet) -> dict:
    """{question row pk: {area code: (meets, notes)}} from the page's radios: a question
    left blank is no answer; the kecamatan questions carry a note, the desa grid none
    (the stored note stays)."""
    answers: dict[int, dict] = {}
    code = sheet.subdistrict.code
    for cell in sheet.kecamatan_cells:
        value = data.get(f"k-{cell.row.pk}", "")
        if value in (YES, NO):
            notes = data.get(f"kn-{cell.row.pk}", "").strip()
            answers.setdefault(cell.row.pk, {})[code] = (value == YES, notes)
    for village, cells in sheet.grid:
        for cell in cells:
            value = data.get(f"d-{cell.row.pk}-{village.code}", "")
            if value in (YES, NO):
                answers.setdefault(cell.row.pk, {})[village.code] = (value == YES, None)
    return answers


# ---------------------------------------------------------------------------
# The Excel import


@require_http_methods(["GET", "POST"])
@login_required
def area_import(request, pk, level):
    """Upload, then a preview of every row; nothing is written until confirmed."""
    assessment = _importer(request.user, pk, level)
    form = AreaUploadForm(request.POST or None, request.FILES or None)
    context = _import_context(assessment, level) | {"form": form}
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            preview = areas.preview_area_import(
                assessment=assessment, user=request.user, file=uploaded, level=level
            )
        except SheetError as exc:
            form.add_error("file", str(exc))
        else:
            token = stash_upload(request, uploaded)
            context |= {
                "report": preview.report,
                "columns": [row.item.full_code for row in preview.questions],
                "confirm_form": ImportConfirmForm(initial={"token": token}),
                "file_name": uploaded.name,
            }
    return render(request, "indicators/area_import.html", context)


def _import_context(assessment, level) -> dict:
    return {
        "assessment": assessment,
        "district": assessment.district,
        "level": level,
        "level_label": areas.LEVEL_LABELS[level],
        "indicator": areas.INDICATOR_OF_LEVEL[level],
    }


@require_POST
@login_required
def area_import_confirm(request, pk, level):
    assessment = _importer(request.user, pk, level)
    form = ImportConfirmForm(request.POST)
    # Claimed for this request alone: the same confirmation sent twice imports once.
    try:
        path = claim_stash(request, request.POST.get("token", "")) if form.is_valid() else None
    except StashTaken:
        messages.info(request, ALREADY_IMPORTED)
        return redirect("indicators:areas", assessment.pk)
    if path is None:
        messages.error(request, IMPORT_EXPIRED)
        return redirect("indicators:area_import", assessment.pk, level)
    try:
        report, written = areas.apply_area_import(
            assessment=assessment,
            user=request.user,
            file=path,
            level=level,
            only_valid=form.cleaned_data["only_valid"],
        )
    except (SheetError, ValidationError) as exc:
        discard_stash(request, form.cleaned_data["token"])
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
        return redirect("indicators:area_import", assessment.pk, level)
    if not written:
        release_stash(path)
        messages.error(request, NOTHING_WRITTEN % {"count": report.rejected_count})
        return render(
            request,
            "indicators/area_import.html",
            _import_context(assessment, level)
            | {"form": AreaUploadForm(), "report": report, "confirm_form": form},
        )
    import_done(request, form.cleaned_data["token"], report)
    return redirect("indicators:areas", assessment.pk)


@require_GET
@login_required
def area_import_template(request, pk, level):
    assessment = _importer(request.user, pk, level)
    name = f"templat-{level}-{assessment.district_id}-{assessment.year}.xlsx"
    data = areas.template_workbook(assessment, level)
    return download(request, data, name=name, content_type=XLSX, region=assessment.district)
