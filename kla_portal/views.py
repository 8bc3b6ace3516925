from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kla_portal.access import (
    can_edit_district,
    can_restore,
    can_see_activity,
    district_for_reader,
    home_region,
    is_evaluator,
    operator_agency_ids,
    operator_subdistrict_codes,
)
from kla_portal.activity import archived, district_activity, logged_models
from kla_portal.forms import ActivityFilterForm, CountedPasswordChangeForm
from kla_portal.models import District, Province
from kla_portal.redirects import next_or
from kla_portal.restore import district_code_of, restore_record

RESTORED_MESSAGE = _("%(object)s dipulihkan.")

ACTIVE_REGION_KEY = "active_region"


def _landing_url(user, request):
    """Where a user starts: their chosen region, else the widest their roles cover.

    Evaluators and province coordinators start on the readiness dashboards they
    read; district users on their district's hub; an agency operator on its questions;
    a kecamatan operator on its kecamatan's page.
    """
    agencies = operator_agency_ids(user)
    if agencies:
        return reverse("indicators:agency_home", args=[min(agencies)])
    kecamatan = operator_subdistrict_codes(user)
    if kecamatan:
        return reverse("indicators:area_home", args=[min(kecamatan)])
    chosen = request.session.get(ACTIVE_REGION_KEY)
    visible = District.objects.visible_to(user)
    if chosen and visible.filter(code=chosen).exists():
        return District(code=chosen).get_absolute_url()
    if chosen and visible.filter(province_id=chosen).exists():
        return reverse("indicators:province", args=[chosen])
    if is_evaluator(user):
        return reverse("indicators:national")
    region = home_region(user)
    if isinstance(region, Province):
        return reverse("indicators:province", args=[region.code])
    return region.get_absolute_url() if region else None


@login_required
def home(request):
    target = _landing_url(request.user, request)
    if target:
        return redirect(target)
    return render(request, "kla_portal/no_role.html")


@login_required
def national(request):
    visible = District.objects.visible_to(request.user)
    provinces = (
        Province.objects.filter(districts__in=visible)
        .annotate(district_count=Count("districts"))
        .order_by("code")
    )
    if not provinces:
        raise Http404
    return render(request, "kla_portal/national.html", {"provinces": provinces})


@login_required
def province(request, code):
    districts = (
        District.objects.visible_to(request.user)
        .filter(province_id=code)
        .annotate(subdistrict_count=Count("subdistricts"))
        .order_by("code")
    )
    if not districts:
        raise Http404
    return render(
        request,
        "kla_portal/province.html",
        {"province": districts[0].province, "districts": districts},
    )


@login_required
def district(request, code):
    obj = district_for_reader(request.user, code)
    return render(
        request,
        "kla_portal/district.html",
        {
            "district": obj,
            "subdistrict_count": obj.subdistricts.count(),
            "can_edit": can_edit_district(request.user, obj),
            "can_see_activity": can_see_activity(request.user, obj),
        },
    )


@require_POST
@login_required
def select_region(request):
    """Remember the region a user with several memberships is working on."""
    code = request.POST.get("region", "")
    visible = District.objects.visible_to(request.user)
    if visible.filter(code=code).exists():
        target = District(code=code).get_absolute_url()
    elif visible.filter(province_id=code).exists():
        target = reverse("indicators:province", args=[code])
    else:
        raise Http404
    request.session[ACTIVE_REGION_KEY] = code
    return next_or(request, target)


@login_required
def activity_log(request, code):
    """The district's activity log: district admins, evaluators and superusers."""
    district_obj = district_for_reader(request.user, code)
    if not can_see_activity(request.user, district_obj):
        raise PermissionDenied
    form = ActivityFilterForm(request.GET or None, district=district_obj)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = district_activity(
        district_obj,
        user_id=filters.get("user") and filters["user"].pk,
        object_type=filters.get("object_type", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return render(
        request,
        "kla_portal/activity.html",
        {
            "district": district_obj,
            "form": form,
            "entries": entries,
            "archived": archived(district_obj) if can_restore(request.user, district_obj) else [],
        },
    )


@require_POST
@login_required
def restore(request, label, pk):
    """Undo a deactivation: the district's admin (or a superuser); the restore itself
    enters the history, so the activity log shows who brought the record back."""
    model, _path = logged_models().get(label, (None, None))
    if model is None or not any(f.name == "is_active" for f in model._meta.fields):
        raise Http404
    obj = get_object_or_404(model._default_manager, pk=pk)
    district_obj = district_for_reader(request.user, district_code_of(obj))
    if not can_restore(request.user, district_obj):
        raise PermissionDenied
    restore_record(obj=obj, user=request.user)
    messages.success(request, RESTORED_MESSAGE % {"object": obj})
    # Not every record has a page of its own (an agency, a participant): the log it was
    # restored from is where every one of them is listed.
    return next_or(request, "activity_log", district_obj.code)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, with the form that counts wrong old passwords like failed logins."""

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
