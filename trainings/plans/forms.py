"""Forms of the action-plan (RTL) pages."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import ChecklistItem, Indicator
from kla_portal.conflicts import VersionedForm
from kla_portal.forms import check_plausible_date, date_widgets
from kla_portal.uploads import DOCUMENT_HELP, DOCUMENT_TYPES, EvidenceFilesField
from stakeholders.models import Institution, Member, Sector, WorkingGroup
from trainings.models import Training
from trainings.plans.actions import CANCEL_NEEDS_REASON, OWNER_REQUIRED, framework_for_plan
from trainings.plans.completion import WORKING_GROUP_KEY
from trainings.plans.models import ActionItem, ActionPlan, ProgressUpdate


def district_trainings(district):
    return Training.objects.filter(district=district, is_active=True).order_by("-start_date")


class PlanForm(VersionedForm):
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


def _framework_or_kept(framework, path: str, kept_pks) -> Q:
    """Rows of the plan's framework, and the ones the item already names (an item made
    under an earlier framework keeps its indicator and question when edited)."""
    return Q(**{path: framework}) | Q(pk__in=[pk for pk in kept_pks if pk])


def indicator_choices(framework, *kept_pks):
    return Indicator.objects.filter(_framework_or_kept(framework, "framework", kept_pks))


def question_choices(framework, *kept_pks):
    return (
        ChecklistItem.objects.filter(
            _framework_or_kept(framework, "indicator__framework", kept_pks)
        )
        .select_related("indicator")
        .order_by("indicator__framework", "indicator__number", "order")
    )


QUESTION_LABEL_LENGTH = 120


class QuestionSelect(forms.Select):
    """Each option names its indicator (``data-indicator``); the options of another indicator
    than the chosen one are rendered hidden and disabled, and ``plans-item-form.js`` shows
    them again when the indicator changes."""

    indicator_id = None  # the chosen indicator, set by the form

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        question = getattr(value, "instance", None)
        if question is not None:
            option["attrs"]["data-indicator"] = question.indicator_id
            if self.indicator_id and question.indicator_id != self.indicator_id and not selected:
                option["attrs"].update(hidden=True, disabled=True)
        return option


class QuestionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        label = str(obj)  # "1.2a Kebijakan sektoral: ..."
        if len(label) > QUESTION_LABEL_LENGTH:
            label = label[: QUESTION_LABEL_LENGTH - 1].rstrip() + "…"
        return label


class ItemForm(VersionedForm):
    """Every field of an item; ``version`` rides along so a stale save is refused.

    The indicators and questions offered are those of the framework of the plan's year
    (``actions.framework_for_plan``), with the ones the item already names.
    """

    class Meta:
        model = ActionItem
        fields = [
            "activity",
            "objective",
            "target_group",
            "indicator",
            "question",
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
        field_classes = {"question": QuestionField}
        widgets = {
            **date_widgets("start_date", "due_date"),
            "objective": forms.Textarea(attrs={"rows": 2}),
            "cancel_reason": forms.Textarea(attrs={"rows": 2}),
            "question": QuestionSelect(attrs={"data-question-picker": ""}),
        }
        help_texts = {
            "question": _(
                "Pertanyaan instrumen yang dijawab kegiatan ini; pilihannya mengikuti "
                "indikator yang dipilih."
            ),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        framework = framework_for_plan(plan)
        kept_indicator = self._initial_pk("indicator")
        kept_question = self._initial_pk("question")
        self.fields["indicator"].queryset = indicator_choices(framework, kept_indicator)
        self.fields["indicator"].widget.attrs["data-indicator-picker"] = ""
        self.fields["question"].queryset = question_choices(framework, kept_question)
        self.fields["question"].widget.indicator_id = self._chosen_indicator()
        self.fields["responsible_member"].queryset = Member.objects.filter(
            task_force__district=plan.district_id, task_force__is_active=True, is_active=True
        )

    def _initial_pk(self, name):
        value = self.initial.get(name)
        return getattr(value, "pk", value)

    def _chosen_indicator(self):
        """The indicator the question picker is narrowed to: the one submitted or prefilled."""
        value = self.data.get("indicator") if self.is_bound else self._initial_pk("indicator")
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def clean_start_date(self):
        check_plausible_date(self.cleaned_data["start_date"])
        return self.cleaned_data["start_date"]

    def clean_due_date(self):
        check_plausible_date(self.cleaned_data["due_date"])
        return self.cleaned_data["due_date"]

    def clean(self):
        data = super().clean()
        reason = (data.get("cancel_reason") or "").strip()
        if data.get("status") == ActionItem.Status.CANCELLED and not reason:
            self.add_error("cancel_reason", CANCEL_NEEDS_REASON)
        # A question of another indicator is refused by ``ActionItem.clean``, which the
        # form runs on its instance: one rule, one message.
        return data


class ProgressUpdateForm(forms.ModelForm):
    files = EvidenceFilesField(
        label=_("Bukti (foto, PDF, Excel atau Word)"),
        required=False,
        allowed=DOCUMENT_TYPES,
        help_text=DOCUMENT_HELP,
    )

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
    indicator = forms.ChoiceField(label=_("Indikator KLA"), required=False)
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
        # By code ("19", "21A"), as completion_rates counts them: one choice for the same
        # code under two frameworks.
        codes = (
            ActionItem.objects.filter(plan__district=district, indicator__isnull=False)
            .order_by("indicator__number", "indicator__code")
            .values_list("indicator__code", flat=True)
            .distinct()
        )
        self.fields["indicator"].choices = [("", _("Semua"))] + [
            (code, code) for code in dict.fromkeys(codes)
        ]
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
        if data.get("indicator"):
            items = items.filter(indicator__code=data["indicator"])
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
