"""Superusers edit the indicator framework (maxima, butir, weights) and official results here.

Assessments are filled through the app's own pages (the workflow keeps who did
what); the admin lists them read-only for support.

A framework that a submitted, verified or locked assessment uses keeps its points: its
maxima, weights, kinds of question, total and bands cannot change (nor can indicators or
questions be added or removed), since the figures and the stage totals of those
assessments are worked out from them. A change needs a new version of the framework.
And a framework's indicator maxima add up to its total.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.instrument import is_fixed
from indicators.models import Assessment, ChecklistItem, Framework, Indicator, OfficialResult
from kla_portal.admin import KeepsFigures

FRAMEWORK_IN_USE = _(
    "Kerangka %(code)s sudah dipakai penilaian yang diajukan, diverifikasi atau dikunci: "
    "poin, bobot, total dan rentang kategorinya tidak bisa diubah, agar nilai penilaian itu "
    "tetap. Buat versi baru kerangka dengan kode lain (manage.py import_framework) untuk "
    "perubahan ini."
)
MAXIMA_NOT_TOTAL = _(
    "Jumlah nilai maksimum indikator (%(sum)s) tidak sama dengan nilai total kerangka (%(total)s)."
)


def _fixed(framework) -> bool:
    return framework is not None and framework.pk is not None and is_fixed(framework)


def _in_use(framework) -> ValidationError:
    return ValidationError(FRAMEWORK_IN_USE % {"code": framework.code}, code="in_use")


def _maxima_check(total, maxima) -> None:
    found = sum(maxima, Decimal(0))
    if total is not None and found != total:
        raise ValidationError(
            MAXIMA_NOT_TOTAL % {"sum": number_format(found, 2), "total": number_format(total, 2)},
            code="maxima",
        )


class FrozenPointsForm(forms.ModelForm):
    """Refuses a change to the fields that score an assessment, and a new row, in a
    framework an assessment past its draft stages uses."""

    points_fields: tuple[str, ...] = ()

    def framework(self) -> Framework | None:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        framework = self.framework()
        new_row = self.instance.pk is None and self.has_changed()
        if (new_row or set(self.changed_data) & set(self.points_fields)) and _fixed(framework):
            raise _in_use(framework)
        return cleaned


class FrameworkForm(FrozenPointsForm):
    points_fields = ("scoring", "total_points", "bands")

    class Meta:
        model = Framework
        fields = [
            "code",
            "name",
            "legal_basis",
            "first_year",
            "last_year",
            "points_provisional",
            "scoring",
            "total_points",
            "bands",
            "notice",
            "provenance",
        ]

    def framework(self):
        return self.instance if self.instance.pk else None


class IndicatorForm(FrozenPointsForm):
    points_fields = ("framework", "max_points")

    def framework(self):
        return Framework.objects.filter(pk=self.instance.framework_id).first()


class IndicatorAdminForm(IndicatorForm):
    """One indicator alone: its new maximum and the others' still add up to the total."""

    class Meta:
        model = Indicator
        fields = [
            "framework",
            "number",
            "code",
            "cluster",
            "name",
            "name_en",
            "max_points",
            "responsible_agency",
            "is_provisional",
        ]

    def clean(self):
        cleaned = super().clean()
        framework = cleaned.get("framework")
        if framework is not None and cleaned.get("max_points") is not None:
            others = framework.indicators.exclude(pk=self.instance.pk)
            _maxima_check(
                framework.total_points,
                [*others.values_list("max_points", flat=True), cleaned["max_points"]],
            )
        return cleaned


class ChecklistItemForm(FrozenPointsForm):
    points_fields = ("indicator", "max_points", "weight", "kind")

    def framework(self):
        indicator = self.instance.indicator_id
        return Framework.objects.filter(indicators=indicator).first() if indicator else None


class FrozenRowsFormSet(forms.BaseInlineFormSet):
    """No row of a framework in use may be removed."""

    def framework(self) -> Framework | None:
        parent = self.instance
        if isinstance(parent, Framework):
            return parent
        return Framework.objects.filter(pk=parent.framework_id).first()

    def clean(self):
        super().clean()
        if self.deleted_forms and _fixed(self.framework()):
            raise _in_use(self.framework())


class IndicatorFormSet(FrozenRowsFormSet):
    """The framework's indicators, whose maxima add up to its (new) total."""

    def clean(self):
        super().clean()
        maxima = []
        for form in self.forms:
            if form in self.deleted_forms or not (form.instance.pk or form.has_changed()):
                continue
            value = form.cleaned_data.get("max_points") if form.cleaned_data else None
            maxima.append(form.instance.max_points if value is None else value)
        _maxima_check(self.instance.total_points, maxima)


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
    form = IndicatorForm
    formset = IndicatorFormSet
    extra = 0
    fields = ["number", "code", "cluster", "name", "max_points", "is_provisional"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(KeepsFigures, SuperuserOnly, SimpleHistoryAdmin):
    form = FrameworkForm
    list_display = ["code", "name", "first_year", "last_year", "scoring", "points_provisional"]
    inlines = [IndicatorInline]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _fixed(obj)


class ChecklistItemInline(SuperuserOnly, admin.TabularInline):
    model = ChecklistItem
    form = ChecklistItemForm
    formset = FrozenRowsFormSet
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
    form = IndicatorAdminForm
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

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj is not None and _fixed(obj.framework)
        )

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
