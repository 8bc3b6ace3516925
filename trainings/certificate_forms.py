"""The forms of the certificates page: who signs, and why a certificate is revoked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Signatory


class SignatoryChoiceForm(forms.Form):
    signatory = forms.ModelChoiceField(
        label=_("Penanda tangan sertifikat dan laporan"),
        queryset=Signatory.objects.none(),
        required=False,
        empty_label=_("— Penanda tangan utama kop surat Dinas PPPA —"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signatory"]
        field.queryset = (
            Signatory.objects.filter(letterhead__district=training.district, is_active=True)
            .select_related("letterhead__agency")
            .order_by("letterhead__agency__short_name", "order", "name")
        )
        field.label_from_instance = _signatory_label
        field.initial = training.signatory_id


def _signatory_label(signatory: Signatory) -> str:
    letterhead = signatory.letterhead
    issuer = letterhead.agency.short_name if letterhead.agency_id else _("Dinas PPPA")
    return f"{signatory.name}, {signatory.position} ({issuer})"


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ditampilkan di halaman verifikasi publik."),
    )
