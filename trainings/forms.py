"""Forms of the training pages."""

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from kla_portal.conflicts import VersionedForm
from kla_portal.forms import date_widgets, is_key
from kla_portal.spreadsheets import parse_decimal, parse_phone
from kla_portal.uploads import EVIDENCE_TYPES, EvidenceFileField, safe_name
from stakeholders.forms import agency_choices
from stakeholders.models import Agency, Institution, Member, Sector
from trainings.models import Facilitator, ParticipantFunction, Person, Training, TrainingDocument
from trainings.participant_import import institution_key, parse_gender
from trainings.people import MERGE_SAME_PERSON, PersonDetails, clean_name

OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
DOCUMENT_TYPES = {**EVIDENCE_TYPES, **OFFICE_TYPES}
OFFICE_KINDS_ONLY = _(
    "Berkas Word/Excel hanya untuk agenda atau laporan; foto harus berupa gambar."
)
NEED_ONE_ORGANISATION = _("Pilih lembaga, anggota gugus tugas, atau tulis organisasi lain.")
BULK_LINE_UNREADABLE = _("baris %(n)s: %(error)s")
BULK_TOO_FEW_PARTS = _("tulis 'Nama; L/P; Instansi; No HP'")
PHOTO_NOT_IMAGE = _("Foto harus berupa gambar (JPG, PNG, WEBP).")
ATTENDANCE_UNREADABLE = _("Daftar hadir tidak terbaca. Muat ulang halaman lalu centang lagi.")


class TrainingForm(VersionedForm):
    class Meta:
        model = Training
        fields = [
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "venue",
            "organiser",
            "funding_source",
            "hours",
            "min_days_attended",
            "description",
        ]
        widgets = {
            **date_widgets("start_date", "end_date"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class TrainingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Training.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *Training.Status.choices],
    )
    year = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    # By code: the link a question's suggestion gives ("?function=pendidik_sra").
    function = forms.ModelChoiceField(
        label=_("Fungsi peserta"),
        queryset=ParticipantFunction.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Semua fungsi"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "status", "function"):
            self.fields[name].widget.attrs["class"] = "form-select"


class FacilitatorForm(forms.ModelForm):
    class Meta:
        model = Facilitator
        fields = ["name", "organisation", "is_certified", "topic"]


class DocumentFileField(EvidenceFileField):
    default_help_text = _("Foto (JPG, PNG, WEBP), PDF, atau Word/Excel untuk agenda dan laporan.")

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and uploaded.content_type in OFFICE_TYPES:
            stem = Path(uploaded.name).stem
            uploaded.name = safe_name(stem, "") + OFFICE_TYPES[uploaded.content_type]
        return uploaded


class DocumentForm(forms.ModelForm):
    file = DocumentFileField(label=_("Berkas"), allowed=DOCUMENT_TYPES)

    class Meta:
        model = TrainingDocument
        fields = ["kind", "file"]

    def clean(self):
        data = super().clean()
        uploaded, kind = data.get("file"), data.get("kind")
        if uploaded and kind:
            office = uploaded.content_type in OFFICE_TYPES
            if office and kind not in (TrainingDocument.Kind.AGENDA, TrainingDocument.Kind.REPORT):
                self.add_error("file", OFFICE_KINDS_ONLY)
            if kind == TrainingDocument.Kind.PHOTO and not uploaded.content_type.startswith(
                "image/"
            ):
                self.add_error("file", PHOTO_NOT_IMAGE)
        return data


class ParticipantForm(forms.Form):
    """One participant: the person's details and where they come from."""

    name = forms.CharField(label=_("Nama"), max_length=200)
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    position = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    phone = forms.CharField(label=_("No. HP"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Lembaga"), queryset=Institution.objects.none(), required=False
    )
    member = forms.ModelChoiceField(
        label=_("Anggota gugus tugas"), queryset=Member.objects.none(), required=False
    )
    agency_unit = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=Agency.objects.none(), required=False
    )
    sector = forms.ModelChoiceField(
        label=_("Sektor (bila organisasi lain)"), queryset=Sector.objects.all(), required=False
    )
    other_organisation = forms.CharField(label=_("Organisasi lain"), max_length=200, required=False)
    function = forms.ModelChoiceField(
        label=_("Fungsi/peran"),
        queryset=ParticipantFunction.objects.all(),
        required=False,
        help_text=_(
            "Kelompok layanan yang ditanyakan instrumen (mis. pendidik SRA, SDM faskes): "
            "peserta bersertifikat dihitung untuk pertanyaan pelatihan KHA kelompok itu."
        ),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(
            district=district, is_active=True
        ).select_related("sector")
        self.fields["institution"].label_from_instance = lambda i: f"{i.name} ({i.sector.name})"
        self.fields["member"].queryset = Member.objects.filter(
            task_force__district=district,
            task_force__is_current=True,
            task_force__is_active=True,
            is_active=True,
        )
        self.fields["agency_unit"].queryset = agency_choices(district.code)

    def clean_phone(self):
        try:
            return parse_phone(self.cleaned_data["phone"] or None)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        if not (data.get("institution") or data.get("member") or data.get("other_organisation")):
            raise forms.ValidationError(NEED_ONE_ORGANISATION)
        return data

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        institution = data.get("institution")
        return PersonDetails(
            name=clean_name(data["name"]),
            gender=data.get("gender") or "",
            position=data.get("position") or "",
            phone=data.get("phone") or "",
            email=(data.get("email") or "").lower(),
            sector=institution.sector if institution else data.get("sector"),
            institution=institution,
            member=data.get("member"),
            agency_unit=data.get("agency_unit"),
            other_organisation="" if institution else data.get("other_organisation") or "",
        )


class BulkParticipantsForm(forms.Form):
    lines = forms.CharField(
        label=_("Peserta, satu per baris: Nama; L/P; Instansi; No HP"),
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": "Siti Aminah; P; SDN 1 Paringin; 0812 3456 7890"}
        ),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.institutions = {
            institution_key(i.name): i
            for i in Institution.objects.filter(district=district, is_active=True).select_related(
                "sector"
            )
        }

    def clean_lines(self):
        people, errors = [], []
        for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 3 or not parts[0]:
                errors.append(BULK_LINE_UNREADABLE % {"n": number, "error": BULK_TOO_FEW_PARTS})
                continue
            parts += [""] * (4 - len(parts))
            try:
                gender = parse_gender(parts[1] or None)
                phone = parse_phone(parts[3] or None)
            except ValueError as exc:
                errors.append(BULK_LINE_UNREADABLE % {"n": number, "error": exc})
                continue
            institution = self.institutions.get(institution_key(parts[2]))
            people.append(
                PersonDetails(
                    name=clean_name(parts[0]),
                    gender=gender,
                    phone=phone,
                    sector=institution.sector if institution else None,
                    institution=institution,
                    other_organisation="" if institution else clean_name(parts[2]),
                )
            )
        if errors:
            raise forms.ValidationError(errors)
        return people


class AttendanceForm(forms.Form):
    """The ticks of one day's attendance page: ``present`` lists participant ids.

    The page sends only ids; anything else (a word, an empty value, a number too long
    for a key) is refused with a message instead of failing. An id of someone no longer
    on the list is left to ``record_attendance``, which marks only active participants.
    """

    present = forms.Field(widget=forms.MultipleHiddenInput, required=False)

    def clean_present(self) -> set[int]:
        values = self.cleaned_data["present"] or []
        if not all(is_key(v) for v in values):
            raise forms.ValidationError(ATTENDANCE_UNREADABLE, code="invalid")
        return {int(v) for v in values}


class ParticipantUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar peserta (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(label=_("Pertahankan"), queryset=Person.objects.none())
    merge = forms.ModelChoiceField(
        label=_("Gabungkan ke dalamnya (lalu dinonaktifkan)"), queryset=Person.objects.none()
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("keep", "merge"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person_label

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("merge"):
            raise forms.ValidationError(MERGE_SAME_PERSON)
        return data


def _person_label(person):
    where = (
        person.institution.name
        if person.institution_id
        else person.other_organisation or (person.member.agency if person.member_id else "")
    )
    return " · ".join(x for x in (person.name, where, person.phone or person.email) if x)


def parse_score_input(value):
    """A typed score ('85,5'): a Decimal, None when blank; ValueError when unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    return parse_decimal(value, low=0, high=100)
