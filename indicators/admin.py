"""Superusers edit the indicator framework (maxima, butir, weights) and official results here.

Assessments are filled through the app's own pages (the workflow keeps who did
what); the admin lists them read-only for support.
"""

from django.contrib import admin
from django.db.models import F, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Assessment, ChecklistItem, Framework, Indicator, OfficialResult
from kla_portal.admin import KeepsFigures


class SuperuserOnly:
    """The framework is reference data: staff who are not superusers may only look."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class IndicatorInline(SuperuserOnly, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["number", "code", "cluster", "name", "max_points", "is_provisional"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(KeepsFigures, SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "first_year", "last_year", "scoring", "points_provisional"]
    inlines = [IndicatorInline]


class ChecklistItemInline(SuperuserOnly, admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = [
        "order",
        "code",
        "text",
        "kind",
        "max_points",
        "weight",
        "responsible",
        "figures",
        "for_kecamatan",
        "for_desa",
        "evidence_hint",
        "derived_source",
        "is_provisional",
    ]


class PointsAnomaly(admin.SimpleListFilter):
    """The copy's anomalies: an indicator whose maximum differs from its questions' sum
    (19 and 21B in the 2024 recap; the indicator's maximum caps it)."""

    title = _("maksimum vs jumlah pertanyaan")
    parameter_name = "anomaly"

    def lookups(self, request, model_admin):
        return [("yes", _("Berbeda"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(questions_sum__isnull=False).exclude(
                questions_sum=F("max_points")
            )
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(KeepsFigures, SuperuserOnly, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "cluster",
        "max_points",
        "questions_points",
        "is_provisional",
        "framework",
    ]
    list_filter = ["framework", PointsAnomaly, "cluster", "is_provisional"]
    list_select_related = ["framework"]
    search_fields = ["name", "name_en"]
    inlines = [ChecklistItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(questions_sum=Sum("items__max_points"))

    @admin.display(description=_("jumlah poin pertanyaan"), ordering="questions_sum")
    def questions_points(self, indicator):
        total = indicator.questions_sum
        if total is None:  # the draft framework: weighted butir, no points of their own
            return "-"
        text = number_format(total, 2)
        if total != indicator.max_points:
            return _("%(sum)s (berbeda: maksimum indikator berlaku)") % {"sum": text}
        return text


@admin.register(OfficialResult)
class OfficialResultAdmin(KeepsFigures, SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["district", "year", "category", "score", "is_self_assessed", "source"]
    list_filter = ["year", "category", "district__province"]
    list_select_related = ["district"]
    search_fields = ["district__name", "source"]
    autocomplete_fields = ["district"]


@admin.register(Assessment)
class AssessmentAdmin(KeepsFigures, SimpleHistoryAdmin):
    list_display = ["district", "year", "framework", "status", "signed_off_by", "updated_at"]
    list_filter = ["year", "status", "district__province"]
    list_select_related = ["district", "framework"]
    search_fields = ["district__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
