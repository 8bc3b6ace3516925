"""The forms of the agencies' pages: an agency's answer with its files, a question's routes.

The values are checked again by the write functions (``indicators.agency_answers``),
which say what is wrong in the words of the assessment form; these forms only shape
the post and check each uploaded file by its content.
"""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators import workflow
from indicators.models import ItemAssessment
from kla_portal.forms import is_key
from kla_portal.uploads import DATA_MATRIX_TYPES, DOCUMENT_TYPES, check_upload, safe_name
from stakeholders.models import Agency

MAX_FILES = 10  # per field and post: a phone on a slow line should not try more at once
TOO_MANY_FILES = _("Paling banyak %(n)s berkas sekali unggah.")
SAVE, SUBMIT = "save", "submit"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several files in one input, each checked by its content (``uploads.check_upload``)
    and renamed safely; the cleaned value is a list, empty when nothing was chosen."""

    def __init__(self, *args, allowed: dict[str, str], **kwargs):
        self.allowed = allowed
        accept = ",".join([*allowed, *allowed.values()])
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(TOO_MANY_FILES % {"n": MAX_FILES}, code="too_many")
        cleaned = []
        for uploaded in files:
            uploaded = super().clean(uploaded, initial)
            uploaded.content_type = check_upload(uploaded, self.allowed)
            uploaded.name = safe_name(uploaded.name, uploaded.content_type)
            cleaned.append(uploaded)
        return cleaned


class AgencyAnswerForm(forms.Form):
    """One agency's answer to one question: the answer the question allows, the figures it
    asks for (typed as people type them: "12,5"), notes, and files."""

    answer = forms.ChoiceField(label=_("Jawaban"), required=False, widget=forms.RadioSelect)
    figure_previous = forms.CharField(required=False, max_length=20)
    figure_current = forms.CharField(required=False, max_length=20)
    notes = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    data_matrix = CheckedFilesField(
        label=_("Matriks data"),
        allowed=DATA_MATRIX_TYPES,
        help_text=_("XLSX, CSV atau PDF, maksimal 10 MB per berkas; boleh beberapa berkas."),
    )
    documents = CheckedFilesField(
        label=_("Dokumen pendukung"),
        allowed=DOCUMENT_TYPES,
        help_text=_(
            "PDF, foto (JPG, PNG, WEBP), DOCX atau XLSX, maksimal 10 MB per berkas; "
            "boleh beberapa berkas."
        ),
    )
    action = forms.ChoiceField(
        choices=[(SAVE, _("Simpan draf")), (SUBMIT, _("Kirim ke Dinas PPPA"))],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, item: ItemAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["answer"]).choices = item.item.statuses
        asked = workflow.figure_labels(item.item, item.assessment.year)
        for name in ("figure_previous", "figure_current"):
            if name in asked:
                field = self.fields[name]
                field.label = asked[name][:1].upper() + asked[name][1:]
                field.widget.attrs.update(
                    {"inputmode": "decimal", "autocomplete": "off", "class": "form-control"}
                )
            else:
                del self.fields[name]

    @property
    def submits(self) -> bool:
        return self.cleaned_data.get("action") == SUBMIT


class _AgencyLabel:
    def label_from_instance(self, obj):
        return f"{obj.short_name} · {obj.name}"


class AgencyChoiceField(_AgencyLabel, forms.ModelChoiceField):
    def to_python(self, value):
        # Django looks any number up; one past a database key fails there (``is_key``).
        if isinstance(value, str) and value and not is_key(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class AgenciesChoiceField(_AgencyLabel, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if isinstance(pk, str) and not is_key(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RoutesForm(forms.Form):
    """The agencies a question goes to, and which of them leads."""

    agencies = AgenciesChoiceField(
        label=_("Perangkat daerah"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead = AgencyChoiceField(
        label=_("Perangkat daerah utama"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(district=district, is_active=True).order_by("short_name")
        for name in ("agencies", "lead"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = agencies


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan untuk perangkat daerah"),
        max_length=2000,
        # Required by the write, with its own message (agency_answers.NOTE_REQUIRED).
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
