from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import ItemAssessment, ItemStatus
from kla_portal.uploads import EvidenceFileField


class StartForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2006, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ItemFillForm(forms.ModelForm):
    class Meta:
        model = ItemAssessment
        fields = ["self_status", "notes"]
        labels = {"self_status": _("Status"), "notes": _("Catatan")}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_status"].required = True
        self.fields["self_status"].choices = ItemStatus.choices
        self.fields["self_status"].widget = forms.RadioSelect(
            choices=ItemStatus.choices, attrs={"class": "form-check-input"}
        )


class SuggestionForm(forms.Form):
    """Accept the app's suggestion, or set another status with a reason."""

    ACCEPT, OVERRIDE = "accept", "override"
    action = forms.ChoiceField(
        choices=[(ACCEPT, _("Terima usulan")), (OVERRIDE, _("Ubah usulan"))],
        widget=forms.HiddenInput,
    )
    status = forms.ChoiceField(label=_("Status lain"), choices=ItemStatus.choices, required=False)
    reason = forms.CharField(
        label=_("Alasan mengubah usulan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EvidenceForm(forms.Form):
    file = EvidenceFileField(label=_("Berkas bukti"))


class VerifyItemForm(forms.ModelForm):
    class Meta:
        model = ItemAssessment
        fields = ["verified_status", "verifier_comment"]
        labels = {"verified_status": _("Status verifikasi"), "verifier_comment": _("Komentar")}
        widgets = {"verifier_comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_status"].required = True
        self.fields["verified_status"].choices = [("", "—"), *ItemStatus.choices]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar untuk daerah"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SignOffForm(forms.Form):
    chair_name = forms.CharField(label=_("Nama ketua gugus tugas"), max_length=200)
