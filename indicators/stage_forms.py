"""The forms of the ministry's stages and of the evaluation rounds' calendar.

Each feeds one write of ``indicators.stages`` (or ``indicators.rounds``), which checks
who acts and when; the forms only read what was typed.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import AssessmentStage, Category, EvaluationYear, VisitPlace
from kla_portal.forms import DateInput, date_widgets
from stakeholders.models import Institution

VisitMode = AssessmentStage.VisitMode


class StageAnswerForm(forms.Form):
    """One question's points at a stage: one of the steps the question allows."""

    status = forms.ChoiceField(label=_("Nilai"))
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = item.item.statuses


class NoteForm(forms.Form):
    """A note that must be written: a question returned, a field visit skipped."""

    note = forms.CharField(
        label=_("Catatan untuk daerah"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan tahap (opsional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VisitForm(forms.Form):
    """How, when and by whom the district is visited (VL)."""

    mode = forms.ChoiceField(
        label=_("Bentuk kunjungan"),
        choices=[
            (VisitMode.HYBRID, VisitMode.HYBRID.label),
            (VisitMode.ON_SITE, VisitMode.ON_SITE.label),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    visit_date = forms.DateField(label=_("Tanggal kunjungan"), widget=DateInput())
    team = forms.CharField(
        label=_("Tim verifikasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nama dan instansi anggota tim, satu per baris."),
    )


def institution_label(institution: Institution) -> str:
    """How an institution reads in the place list: name, sector and kecamatan, so two
    schools of one name in different kecamatan are told apart."""
    parts = [institution.name, str(institution.sector.name)]
    if institution.subdistrict_id:
        parts.append(institution.subdistrict.name)
    return " · ".join(parts)


class VisitPlaceForm(forms.Form):
    """A place visited: chosen from the district's institutions registry (typed into a
    list that suggests them), else written by name."""

    kind = forms.ChoiceField(label=_("Jenis tempat"), choices=VisitPlace.Kind.choices)
    place = forms.CharField(
        label=_("Tempat"),
        max_length=300,
        help_text=_("Ketik untuk mencari di daftar lembaga, atau tulis nama tempat."),
    )
    notes = forms.CharField(label=_("Catatan"), required=False, max_length=300)

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices: dict[str, Institution] = {}
        for institution in institutions:
            label = institution_label(institution)
            if label in self.choices:  # the same name, sector and kecamatan twice
                label = f"{label} · #{institution.pk}"
            self.choices[label] = institution

    def clean(self):
        data = super().clean()
        typed = " ".join(data.get("place", "").split())
        data["institution"] = self.choices.get(typed)
        data["name"] = "" if data["institution"] else typed
        return data


class AwardForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Kategori yang diberikan"),
        choices=[("", "—"), *Category.choices],
    )
    note = forms.CharField(
        label=_("Dasar penetapan"),
        required=False,
        max_length=300,
        help_text=_("Misalnya nomor keputusan menteri."),
    )


class RoundForm(forms.ModelForm):
    """A round's award, data years and deadlines; the year is in the address."""

    class Meta:
        model = EvaluationYear
        fields = [
            "award_label",
            "data_years",
            "em_deadline",
            "va_deadline",
            "review_deadline",
            "vl_start",
            "vl_end",
            "final_deadline",
            "award_date",
        ]
        widgets = date_widgets(
            "em_deadline",
            "va_deadline",
            "review_deadline",
            "vl_start",
            "vl_end",
            "final_deadline",
            "award_date",
        )
        help_texts = {
            "award_label": _("Nama penghargaan, misalnya «KLA 2025»."),
            "data_years": _("Tahun data yang dinilai, misalnya «2023-2024»."),
        }
