"""The institution list's search and filters (django-filter)."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stakeholders.models import SchoolLevel, Sector
from stakeholders.stages import COMPLETE, IN_PROGRESS, NOT_STARTED

STAGE_CHOICES = [
    ("belum", NOT_STARTED),
    ("proses", IN_PROGRESS),
    ("tuntas", COMPLETE),
    # format_lazy: the label is translated when rendered, not once at import time.
    *[(str(n), format_lazy(_("Tahap {n}"), n=n)) for n in range(1, 7)],
]


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Cari nama atau nomor induk"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("nama, NPSN ...")}),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sektor"), queryset=Sector.objects.order_by("order"), empty_label=_("Semua")
    )
    subdistrict = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"), queryset=None, empty_label=_("Semua")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Tahap"), choices=STAGE_CHOICES, method="by_stage", empty_label=_("Semua")
    )
    school_level = django_filters.ChoiceFilter(
        label=_("Jenjang"), choices=SchoolLevel.choices, empty_label=_("Semua")
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["subdistrict"].queryset = district.subdistricts.order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(official_id__icontains=value))

    def by_stage(self, queryset, name, value):
        """Needs ``path_length`` (``stages.with_path_length``) on the queryset."""
        if value == "belum":
            return queryset.filter(stage=0)
        if value == "proses":
            return queryset.filter(stage__gt=0, stage__lt=F("path_length"))
        if value == "tuntas":
            return queryset.filter(stage__gt=0, stage__gte=F("path_length"))
        return queryset.filter(stage=int(value))
