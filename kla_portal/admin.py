from django.contrib import admin

from kla_portal import figures
from kla_portal.models import District, Membership, Province, Subdistrict


class KeepsFigures:
    """For the admins of the apps' records: an admin edit goes around the write functions,
    so it refreshes the figures itself, in the admin's transaction. A record moved to
    another district changes the figures of both; a catalogue record (a sector, an
    indicator) those of every district."""

    def _refresh(self, before: set[str] | None, model, pks) -> None:
        after = figures.districts_in_database(model, pks)
        if before is None or after is None:
            figures.refresh_all()
        else:
            figures.refresh(before | after)

    def save_model(self, request, obj, form, change):
        # Where the record was, read before it is saved (inlines are saved after it).
        request._figures_before = (
            figures.districts_in_database(type(obj), [obj.pk]) if change else set()
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        self._refresh(request._figures_before, type(obj), [obj.pk])

    def delete_model(self, request, obj):
        before = figures.districts_in_database(type(obj), [obj.pk])
        super().delete_model(request, obj)
        self._refresh(before, type(obj), [])

    def delete_queryset(self, request, queryset):
        before = figures.districts_in_database(queryset.model, queryset.values("pk"))
        super().delete_queryset(request, queryset)
        self._refresh(before, queryset.model, [])


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "province", "district"]
    list_filter = ["role"]
    search_fields = ["user__username", "district__name", "province__name"]
    autocomplete_fields = ["district", "province"]
    list_select_related = ["user", "province", "district"]
