"""Superusers edit the indicator framework (maxima, butir, weights) and official results here.

Assessments are filled through the app's own pages (the workflow keeps who did
what); the admin lists them read-only for support.
"""

from django.contrib import admin
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
    fields = ["number", "cluster", "name", "max_points", "is_provisional"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(KeepsFigures, SuperuserOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "first_year", "last_year", "points_provisional"]
    inlines = [IndicatorInline]


class ChecklistItemInline(SuperuserOnly, admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = [
        "order",
        "text",
        "kind",
        "weight",
        "evidence_hint",
        "derived_source",
        "is_provisional",
    ]


@admin.register(Indicator)
class IndicatorAdmin(KeepsFigures, SuperuserOnly, SimpleHistoryAdmin):
    list_display = [
        "number",
        "name",
        "cluster",
        "max_points",
        "responsible_agency",
        "is_provisional",
        "framework",
    ]
    list_filter = ["framework", "cluster", "is_provisional"]
    list_select_related = ["framework"]
    search_fields = ["name", "name_en"]
    inlines = [ChecklistItemInline]


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
