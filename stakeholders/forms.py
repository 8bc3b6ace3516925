from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kla_portal.conflicts import VersionedForm
from kla_portal.forms import DateInput, date_widgets
from kla_portal.models import Cluster, Subdistrict
from kla_portal.spreadsheets import parse_phone
from kla_portal.uploads import DOCUMENT_HELP, DOCUMENT_TYPES, EvidenceFileField
from stakeholders.actions import ACCOUNT_NOT_LINKABLE, linkable_accounts
from stakeholders.agencies import INSTRUMENT_NAMES
from stakeholders.models import (
    SCHOOL_LEVEL_ONLY_FOR_SCHOOLS,
    SCHOOL_SECTOR,
    Agency,
    Institution,
    Member,
    MilestoneDefinition,
    Sector,
    TaskForce,
)

UNTIL_BEFORE_FROM = _("Tanggal akhir harus sesudah tanggal mulai.")
DUPLICATE_INSTITUTION = _(
    "Lembaga dengan sektor dan nomor induk ini sudah terdaftar di kabupaten/kota ini."
)


def agency_choices(district_code, current_id=None):
    """The district's active agencies for a picker, plus the one already chosen (so an
    edit of a record whose agency was merged away still validates)."""
    return Agency.objects.filter(
        Q(is_active=True) | Q(pk=current_id), district_id=district_code
    ).order_by("short_name")


def _phone(value):
    try:
        return parse_phone(value or None)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


class TaskForceForm(VersionedForm):
    decree_file = EvidenceFileField(
        label=_("Berkas SK"), required=False, allowed=DOCUMENT_TYPES, help_text=DOCUMENT_HELP
    )

    class Meta:
        model = TaskForce
        fields = [
            "decree_number",
            "decree_date",
            "valid_from",
            "valid_until",
            "decree_file",
            "secretariat",
            "is_current",
        ]
        widgets = date_widgets("decree_date", "valid_from", "valid_until")
        help_texts = {
            "decree_number": _("Nomor SK Bupati/Wali Kota, mis. 188.45/112/2024"),
            "is_current": _("Gugus tugas saat ini menggantikan penanda gugus tugas sebelumnya."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        if self.instance.pk:
            groups = {g.cluster: g.coordinator_agency for g in self.instance.working_groups.all()}
        for cluster in Cluster:
            self.fields[f"coordinator_{cluster.value}"] = forms.CharField(
                label=_("OPD koordinator %(group)s") % {"group": cluster.label},
                max_length=200,
                required=False,
                initial=groups.get(cluster.value, ""),
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", UNTIL_BEFORE_FROM)
        return data

    def values(self) -> dict:
        """Keyword arguments for ``create_task_force`` / ``update_task_force``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["coordinators"] = {
            cluster: self.cleaned_data[f"coordinator_{cluster}"] for cluster in Cluster.values
        }
        return data

    def _post_clean(self):
        # The form's data goes to a write function, which validates the model as it saves
        # (after unflagging the previous current task force); the instance stays untouched
        # here so that function sees what changed.
        pass


class MemberForm(VersionedForm):
    account = forms.CharField(
        label=_("Akun login (nama pengguna)"),
        max_length=150,
        required=False,
        help_text=_(
            "Opsional. Akun yang ditautkan dapat masuk dan membaca data kabupaten/kota ini "
            "sebagai anggota gugus tugas. Hanya akun yang sudah terdaftar di kabupaten/kota "
            "ini; orang lain diundang lewat email dari halaman anggota."
        ),
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "position",
            "agency",
            "agency_unit",
            "role",
            "working_group",
            "phone",
            "email",
            "active_from",
            "active_until",
        ]
        widgets = date_widgets("active_from", "active_until")

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = task_force.district_id
        self.fields["working_group"].queryset = task_force.working_groups.all()
        self.fields["agency_unit"].queryset = agency_choices(
            task_force.district_id, self.instance.agency_unit_id
        )
        self.fields["working_group"].help_text = _("Kosongkan untuk pimpinan gugus tugas.")
        if self.instance.pk and self.instance.user_id:
            self.fields["account"].initial = self.instance.user.username

    def clean_phone(self):
        return _phone(self.cleaned_data.get("phone"))

    def clean_account(self):
        """The district's login of that name; one answer for every other name, whether
        it exists elsewhere or nowhere (the form tells nothing about other districts)."""
        username = self.cleaned_data.get("account", "").strip()
        if not username:
            return None
        if self.instance.user_id and self.instance.user.username == username:
            return self.instance.user  # the link kept as it is
        account = linkable_accounts(self.district).filter(username=username).first()
        if account is None:
            raise forms.ValidationError(ACCOUNT_NOT_LINKABLE)
        return account

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", UNTIL_BEFORE_FROM)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "account"]}

    def _post_clean(self):
        pass  # as in TaskForceForm: the write function validates and saves


class InstitutionForm(VersionedForm):
    class Meta:
        model = Institution
        fields = [
            "sector",
            "name",
            "school_level",
            "subdistrict",
            "address",
            "official_id",
            "contact_person",
            "contact_phone",
            "is_tobacco_industry",
        ]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        self.fields["subdistrict"].queryset = district.subdistricts.order_by("name")
        self.fields["sector"].queryset = Sector.objects.order_by("order")

    def clean_contact_phone(self):
        return _phone(self.cleaned_data.get("contact_phone"))

    def clean(self):
        data = super().clean()
        sector, official_id = data.get("sector"), data.get("official_id")
        if sector and data.get("school_level") and sector.code != SCHOOL_SECTOR:
            self.add_error("school_level", SCHOOL_LEVEL_ONLY_FOR_SCHOOLS)
        if sector and official_id:
            same = Institution.objects.filter(
                district=self.district, sector=sector, official_id=official_id, is_active=True
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("official_id", DUPLICATE_INSTITUTION)
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self):
        pass  # as in TaskForceForm: the write function validates and saves


class MilestoneForm(forms.Form):
    definition = forms.ModelChoiceField(
        label=_("Tahap"), queryset=MilestoneDefinition.objects.none(), empty_label=None
    )
    achieved_on = forms.DateField(label=_("Tanggal tercapai"), widget=DateInput())
    evidence = EvidenceFileField(
        label=_("Bukti"), required=False, allowed=DOCUMENT_TYPES, help_text=DOCUMENT_HELP
    )
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        definitions = MilestoneDefinition.objects.filter(sector_id=institution.sector_id).order_by(
            "order"
        )
        self.fields["definition"].queryset = definitions
        self.fields["definition"].label_from_instance = lambda d: f"{d.order}. {d.name}"
        reached = set(institution.milestones.values_list("definition_id", flat=True))
        upcoming = [d for d in definitions if d.pk not in reached]
        if upcoming:
            self.fields["definition"].initial = upcoming[0].pk
        self.fields["definition"].help_text = _(
            "Tahap yang sudah tercatat dapat dipilih lagi untuk membetulkan tanggal atau buktinya."
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel (.xlsx) atau CSV"),
        help_text=_("Satu baris satu lembaga. Unduh templat bila perlu."),
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    only_valid = forms.BooleanField(label=_("impor hanya baris yang valid"), required=False)


class AgencyForm(VersionedForm):
    covers = forms.MultipleChoiceField(
        label=_("Nama di instrumen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Nama perangkat daerah yang dipakai instrumen penilaian: pertanyaan dengan nama "
            "ini dikirim ke perangkat daerah ini."
        ),
    )

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "head", "phone", "email", "covers"]
        help_texts = {"short_name": _("Sebutan sehari-hari, mis. Disdikbud")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A name the district already has (from an older instrument) stays choosable.
        extra = [name for name in self.instance.covers if name not in INSTRUMENT_NAMES]
        self.fields["covers"].choices = [(name, name) for name in [*INSTRUMENT_NAMES, *extra]]
        self.fields["covers"].initial = list(self.instance.covers)

    def clean_phone(self):
        return _phone(self.cleaned_data.get("phone"))

    def values(self) -> dict:
        """Keyword arguments for ``create_agency`` / ``update_agency``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self):
        pass  # as in TaskForceForm: the write function validates and saves


class AgencyMergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Gabungkan ke"),
        queryset=Agency.objects.none(),
        help_text=_(
            "Nama di instrumen, anggota gugus tugas, peserta pelatihan dan operator pindah ke "
            "perangkat daerah ini; yang digabung dinonaktifkan."
        ),
    )

    def __init__(self, *args, merge: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = (
            Agency.objects.filter(district_id=merge.district_id, is_active=True)
            .exclude(pk=merge.pk)
            .order_by("short_name")
        )
        self.fields["keep"].label_from_instance = lambda a: f"{a.short_name} ({a.name})"


class OperatorForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        validators=[get_user_model().username_validator],
        help_text=_("Huruf, angka dan . - _ saja, mis. disdukcapil.balangan"),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Opsional. Bila diisi, tautan untuk mengatur kata sandi dikirim ke sini."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        help_text=_(
            "Tautan untuk mengatur kata sandi dikirim ke sini; nama pengguna dibuat dari nama "
            "anggota dan kabupaten/kota."
        ),
    )


class KecamatanOperatorForm(OperatorForm):
    subdistrict = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Subdistrict.objects.none())

    field_order = ["subdistrict", "username", "name", "email"]

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = district.subdistricts.order_by("name")
