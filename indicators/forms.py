from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators import workflow
from indicators.models import ItemAssessment, ItemStatus
from kla_portal.uploads import DOCUMENT_HELP, DOCUMENT_TYPES, EvidenceFilesField


class StartForm(forms.Form):
    """A new year's assessment, started empty or from the district's latest earlier
    answers on the same framework (``workflow.carry_source``); the write checks the
    year and framework of whatever is posted."""

    year = forms.IntegerField(label=_("Tahun penilaian"), min_value=2006, max_value=2100)
    carry_from = forms.IntegerField(
        label=_("Mulai dari"), required=False, min_value=2006, max_value=2100
    )

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].initial = year
        self.fields["year"].widget.attrs["class"] = "form-control"
        self.source = (
            workflow.carry_source(district=district, year=year) if district is not None else None
        )
        choices = [("", _("Mulai dari kosong"))]
        if self.source is not None:
            choices.insert(
                0,
                (
                    self.source.year,
                    _("Mulai dari jawaban tahun %(year)s") % {"year": self.source.year},
                ),
            )
            self.fields["carry_from"].initial = self.source.year
        self.fields["carry_from"].widget = forms.RadioSelect(
            choices=choices, attrs={"class": "form-check-input"}
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
    files = EvidenceFilesField(
        label=_("Berkas bukti"), allowed=DOCUMENT_TYPES, help_text=DOCUMENT_HELP
    )


class VerifyItemForm(forms.ModelForm):
    class Meta:
        model = ItemAssessment
        fields = ["verified_status", "verifier_comment"]
        labels = {"verified_status": _("Status verifikasi"), "verifier_comment": _("Komentar")}
        widgets = {"verifier_comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verified_status"].required = True
        # The answers the question allows (a yes/no question has no "3/4").
        self.fields["verified_status"].choices = [("", "—"), *self.instance.item.statuses]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar untuk daerah"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SignOffForm(forms.Form):
    chair_name = forms.CharField(label=_("Nama ketua gugus tugas"), max_length=200)
