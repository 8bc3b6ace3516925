"""The district admin's letterhead form and its signatories' rows."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kla_portal.uploads import IMAGE_TYPES, EvidenceFileField
from stakeholders.letterheads import check_number_format, normalize_nip
from stakeholders.models import Agency, Letterhead, Signatory


class LetterheadForm(forms.ModelForm):
    logo = EvidenceFileField(
        label=_("Logo daerah"),
        required=False,
        allowed=IMAGE_TYPES,
        help_text=_(
            "Lambang daerah, PNG atau JPG berlatar putih atau transparan. Unggah yang baru "
            "untuk mengganti."
        ),
        # No link to the stored file (uploads are never served by URL) and no "clear": the
        # preview above the form shows the current logo, and a new upload replaces it.
        widget=forms.FileInput,
    )

    class Meta:
        model = Letterhead
        fields = ["government", "office", "address", "city", "certificate_number_format", "logo"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A new letterhead names its agency (or none: the Dinas PPPA's); an existing one
        # keeps the one it was made for.
        if agencies is not None:
            self.fields["agency"] = forms.ModelChoiceField(
                label=_("Perangkat daerah"),
                queryset=agencies,
                required=False,
                empty_label=_("— Dinas PPPA (kop surat bawaan) —"),
                help_text=_(
                    "Kop surat perangkat daerah dipakai bila perangkat daerah itu "
                    "yang menerbitkan sertifikat."
                ),
            )
            self.order_fields(["agency"])

    def clean_certificate_number_format(self):
        value = self.cleaned_data["certificate_number_format"].strip()
        check_number_format(value)
        return value

    def values(self) -> dict:
        """Keyword arguments for ``letterheads.save_letterhead``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "logo"}
        if self.cleaned_data.get("logo") and self.cleaned_data["logo"] is not self.initial.get(
            "logo"
        ):
            data["logo"] = self.cleaned_data["logo"]
        if "agency" in self.fields:
            data["agency"] = self.cleaned_data["agency"]
        return data

    def _post_clean(self):
        pass  # the write function validates the model as it saves


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "position", "rank", "nip", "order", "is_active"]
        widgets = {"order": forms.NumberInput(attrs={"min": 1, "style": "max-width:6rem"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The NIP is typed with its spaces (19700101 199503 1 002): longer than 18.
        self.fields["nip"].max_length = 24
        self.fields["nip"].widget.attrs["maxlength"] = 24
        self.fields["nip"].validators = []
        self.fields["nip"].widget.attrs["inputmode"] = "numeric"

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        for validator in Signatory._meta.get_field("nip").validators:
            validator(nip)
        return nip

    def clean(self):
        data = super().clean()
        # The empty row for a new signatory may stay empty; half-filled, it needs both.
        if self.instance.pk is None and not self.has_changed():
            return data
        for name in ("name", "position"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, ValidationError(_("Wajib diisi."), code="required"))
        return data

    def _post_clean(self):
        pass  # as LetterheadForm


class BaseSignatoryFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, letterhead=None, **kwargs):
        queryset = (
            letterhead.signatories.order_by("-is_active", "order", "name")
            if letterhead
            else Signatory.objects.none()
        )
        super().__init__(*args, queryset=queryset, prefix="signatory", **kwargs)
        for form in self.forms:
            # Name and position are checked in SignatoryForm.clean, so the blank row may stay blank.
            form.fields["name"].required = False
            form.fields["position"].required = False
            form.empty_permitted = form.instance.pk is None

    def rows(self) -> list[tuple[Signatory | None, dict]]:
        """(signatory or None for a new one, values) for ``save_letterhead``."""
        return [
            (form.instance if form.instance.pk else None, form.cleaned_data)
            for form in self.forms
            if form.cleaned_data and (form.instance.pk or form.has_changed())
        ]


# A letterhead has a few signatories; the cap keeps a forged form count (Django would
# build up to 1000 forms more than max_num) from making one request render thousands.
MAX_SIGNATORIES = 20
SignatoryFormSet = forms.modelformset_factory(
    Signatory,
    form=SignatoryForm,
    formset=BaseSignatoryFormSet,
    extra=1,
    can_delete=False,
    max_num=MAX_SIGNATORIES,
    absolute_max=MAX_SIGNATORIES,
    validate_max=True,
)


def agencies_without_letterhead(district):
    return Agency.objects.filter(district=district, is_active=True, letterheads__isnull=True)
