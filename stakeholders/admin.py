"""Superusers edit the sector catalogue (sectors and their milestones) here, not in code."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kla_portal.admin import KeepsFigures
from stakeholders.models import (
    Institution,
    InstitutionMilestone,
    Member,
    MilestoneDefinition,
    Sector,
    TaskForce,
    WorkingGroup,
)


class MilestoneInline(admin.TabularInline):
    model = MilestoneDefinition
    extra = 0
    fields = ["order", "name", "description"]


@admin.register(Sector)
class SectorAdmin(KeepsFigures, SimpleHistoryAdmin):
    list_display = ["code", "name", "programme", "identifier_label", "is_core", "order"]
    list_editable = ["order"]
    inlines = [MilestoneInline]


@admin.register(MilestoneDefinition)
class MilestoneDefinitionAdmin(KeepsFigures, SimpleHistoryAdmin):
    list_display = ["sector", "order", "name"]
    list_filter = ["sector"]
    list_select_related = ["sector"]


class WorkingGroupInline(admin.TabularInline):
    model = WorkingGroup
    extra = 0


@admin.register(TaskForce)
class TaskForceAdmin(KeepsFigures, SimpleHistoryAdmin):
    list_display = ["district", "decree_number", "decree_date", "valid_until", "is_current"]
    list_filter = ["is_current", "is_active"]
    search_fields = ["decree_number", "district__name"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]
    inlines = [WorkingGroupInline]


@admin.register(Member)
class MemberAdmin(KeepsFigures, SimpleHistoryAdmin):
    list_display = ["name", "agency", "role", "task_force", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["name", "agency"]
    list_select_related = ["task_force__district"]
    raw_id_fields = ["task_force", "working_group", "user"]


class InstitutionMilestoneInline(admin.TabularInline):
    model = InstitutionMilestone
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(KeepsFigures, SimpleHistoryAdmin):
    list_display = ["name", "sector", "district", "subdistrict", "stage", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["name", "official_id"]
    list_select_related = ["sector", "district", "subdistrict"]
    raw_id_fields = ["district", "subdistrict"]
    inlines = [InstitutionMilestoneInline]
