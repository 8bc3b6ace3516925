"""Forms of the action-plan (RTL) pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from kla_portal.forms import date_widgets
from kla_portal.uploads import EvidenceFileField
from stakeholders.models import Institution, Member, Sector, WorkingGroup
from trainings.models import Training
from trainings.plans.actions import CANCEL_NEEDS_REASON, OWNER_REQUIRED, current_framework
from trainings.plans.completion import WORKING_GROUP_KEY
from trainings.plans.models import ActionItem, ActionPlan, ProgressUpdate

MAX_EVIDENCE_FILES = 5
TOO_MANY_FILES = _("Paling banyak %(max)s berkas sekali kirim.")


def district_trainings(district):
    return Training.objects.filter(district=district, is_active=True).order_by("-start_date")


class PlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "training", "owner_institution", "owner_working_group"]
        help_texts = {
            "owner_institution": _("Isi salah satu: lembaga atau kelompok kerja gugus tugas."),
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = district_trainings(district)
        self.fields["owner_institution"].queryset = Institution.objects.filter(
            district=district, is_active=True
        ).select_related("sector")
        self.fields["owner_working_group"].queryset = WorkingGroup.objects.filter(
            task_force__district=district, task_force__is_active=True, task_force__is_current=True
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("owner_institution")) == bool(data.get("owner_working_group")):
            raise forms.ValidationError(OWNER_REQUIRED)
        return data


def indicator_choices():
    return Indicator.objects.filter(framework=current_framework())


class ItemForm(forms.ModelForm):
    """Every field of an item; ``version`` rides along so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActionItem
        fields = [
            "activity",
            "objective",
            "target_group",
            "indicator",
            "start_date",
            "due_date",
            "venue",
            "responsible_member",
            "responsible_name",
            "budget_source",
            "budget_amount",
            "success_measure",
            "status",
            "cancel_reason",
        ]
        widgets = {
            **date_widgets("start_date", "due_date"),
            "objective": forms.Textarea(attrs={"rows": 2}),
            "cancel_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicator_choices()
        self.fields["responsible_member"].queryset = Member.objects.filter(
            task_force__district=district, task_force__is_active=True, is_active=True
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def clean(self):
        data = super().clean()
        reason = (data.get("cancel_reason") or "").strip()
        if data.get("status") == ActionItem.Status.CANCELLED and not reason:
            self.add_error("cancel_reason", CANCEL_NEEDS_REASON)
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(EvidenceFileField):
    """Several photos or PDFs in one go, each checked by content like ``EvidenceFileField``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(TOO_MANY_FILES % {"max": MAX_EVIDENCE_FILES})
        cleaned = []
        for uploaded in files:
            original = uploaded.name
            uploaded = super().clean(uploaded, initial)
            uploaded.original_name = original
            cleaned.append(uploaded)
        return cleaned


class ProgressUpdateForm(forms.ModelForm):
    files = EvidenceFilesField(label=_("Bukti (foto atau PDF)"), required=False)

    class Meta:
        model = ProgressUpdate
        fields = ["date", "percent", "text"]
        widgets = {
            **date_widgets("date"),
            "text": forms.Textarea(attrs={"rows": 3}),
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        labels = {"text": _("Apa yang sudah dikerjakan")}

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if item is not None:
            self.fields["percent"].initial = item.percent


OVERDUE_CHOICE = "1"


class BoardFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sektor"), required=False)
    indicator = forms.TypedChoiceField(
        label=_("Indikator KLA"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua"))] + list(ActionItem.Status.choices),
    )
    overdue = forms.BooleanField(label=_("Hanya yang terlambat"), required=False)
    training = forms.TypedChoiceField(
        label=_("Pelatihan"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [
            ("", _("Semua")),
            *((s.code, s.name) for s in Sector.objects.order_by("order")),
            (WORKING_GROUP_KEY, _("Kelompok kerja gugus tugas")),
        ]
        numbers = (
            ActionItem.objects.filter(plan__district=district, indicator__isnull=False)
            .order_by("indicator__number")
            .values_list("indicator__number", flat=True)
            .distinct()
        )
        self.fields["indicator"].choices = [("", _("Semua"))] + [(n, str(n)) for n in numbers]
        self.fields["training"].choices = [("", _("Semua"))] + [
            (t.pk, f"{t.title} ({t.start_date:%d/%m/%Y})") for t in district_trainings(district)
        ]

    def filter(self, items, *, today, with_status=True):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        sector = data.get("sector")
        if sector == WORKING_GROUP_KEY:
            items = items.filter(plan__owner_working_group__isnull=False)
        elif sector:
            items = items.filter(plan__owner_institution__sector_id=sector)
        if data.get("indicator") is not None:
            items = items.filter(indicator__number=data["indicator"])
        if data.get("training") is not None:
            items = items.filter(plan__training_id=data["training"])
        if with_status:
            if data.get("status"):
                items = items.filter(status=data["status"])
            if data.get("overdue"):
                items = items.overdue(today)
        return items


class ImportForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Masukkan ke RTL"), queryset=ActionPlan.objects.none())
    file = forms.FileField(
        label=_("Berkas RTL (Excel .xlsx atau CSV)"),
        help_text=_("Satu baris per kegiatan. Unduh templat bila perlu."),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
