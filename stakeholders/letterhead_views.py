"""The district admin's letterhead settings: kop surat lines, logo, number format, signatories."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from kla_portal.access import (
    can_edit_district,
    district_for_editor,
    district_for_reader,
    get_editable_or_403,
)
from kla_portal.forms import add_write_errors
from kla_portal.history import history_of
from stakeholders import letterheads
from stakeholders.letterhead_forms import (
    LetterheadForm,
    SignatoryFormSet,
    agencies_without_letterhead,
)
from stakeholders.models import Letterhead

LETTERHEAD_SAVED = _("Kop surat %(name)s disimpan.")


def _letterheads():
    return Letterhead.objects.select_related("district__province", "agency")


@login_required
def letterhead_list(request, code):
    district = district_for_reader(request.user, code)
    rows = (
        _letterheads()
        .visible_to(request.user)
        .filter(district=district)
        .prefetch_related("signatories")
        .order_by("agency__short_name")
    )
    can_edit = can_edit_district(request.user, district)
    return render(
        request,
        "stakeholders/letterheads/list.html",
        {
            "district": district,
            "letterheads": [(row, letterheads.logo_data_uri(row)) for row in rows],
            "can_edit": can_edit,
            "can_add": can_edit
            and (
                not any(row.agency_id is None for row in rows)
                or agencies_without_letterhead(district).exists()
            ),
        },
    )


@login_required
def letterhead_create(request, code):
    district = district_for_editor(request.user, code)
    taken_default = Letterhead.objects.filter(district=district, agency__isnull=True).exists()
    agencies = agencies_without_letterhead(district).order_by("short_name")
    form = LetterheadForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        initial=_suggestions(district) if not taken_default else {},
    )
    if taken_default:
        form.fields["agency"].required = True
        form.fields["agency"].empty_label = None
    signatories = SignatoryFormSet(request.POST or None)
    return _save(request, district, form, signatories, letterhead=None)


@login_required
def letterhead_edit(request, pk):
    letterhead = get_editable_or_403(_letterheads(), request.user, pk=pk)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=letterhead)
    signatories = SignatoryFormSet(request.POST or None, letterhead=letterhead)
    return _save(request, letterhead.district, form, signatories, letterhead=letterhead)


def _save(request, district, form, signatories, *, letterhead):
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        try:
            saved = letterheads.save_letterhead(
                district=district,
                user=request.user,
                letterhead=letterhead,
                signatories=signatories.rows(),
                **form.values(),
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(request, LETTERHEAD_SAVED % {"name": saved.office})
            return redirect("stakeholders:letterhead_list", district.code)
    return render(
        request,
        "stakeholders/letterheads/form.html",
        {
            "district": district,
            "form": form,
            "signatories": signatories,
            "letterhead": letterhead,
            "logo": letterheads.logo_data_uri(letterhead) if letterhead else "",
            "history": history_of(letterhead) if letterhead else [],
        },
    )


def _suggestions(district) -> dict:
    """The usual lines of a district's first letterhead, for the admin to correct."""
    return {
        "government": _("PEMERINTAH %(district)s") % {"district": district.name.upper()},
        "office": _("DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"),
    }
