"""The Gugus Tugas KLA of each district and the institutions of each sector.

Sectors and their child-friendly milestones are data (a data migration loads
``stakeholders/fixtures/sector_catalogue.json``; superusers edit them in the
admin), so a new ministry guideline needs no code change.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kla_portal.conflicts import version_field
from kla_portal.models import Cluster, District, DistrictScopedQuerySet, Subdistrict

# The sector whose institutions carry a school level (the instrument counts SRA by level).
SCHOOL_SECTOR = "sekolah"
SCHOOL_LEVEL_ONLY_FOR_SCHOOLS = _("Jenjang hanya diisi untuk satuan pendidikan.")


class Sector(models.Model):
    """A sector on a child-friendly path (schools, puskesmas ...) or a sector-like body."""

    code = models.SlugField(_("kode"), max_length=30, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    name_en = models.CharField(_("nama (Inggris)"), max_length=100)
    programme = models.CharField(_("program ramah anak"), max_length=150, blank=True)
    identifier_label = models.CharField(
        _("nama nomor induk"), max_length=30, blank=True, help_text=_("misalnya NPSN untuk sekolah")
    )
    is_core = models.BooleanField(
        _("sektor utama"),
        default=True,
        help_text=_("Tujuh sektor pelatihan KHA; Forum Anak dan PUSPAGA bukan sektor utama."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sektor")
        verbose_name_plural = _("sektor")

    def __str__(self):
        return self.name


class MilestoneDefinition(models.Model):
    """One step of a sector's child-friendly path, in order; the last step means 'there'."""

    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("sektor")
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    # The step at which the institution is designated by decree (SK SRA, SK PRAP ...):
    # the instrument's "ber-SK" questions count institutions at or past it.
    is_decree = models.BooleanField(
        _("tahap penetapan SK"),
        default=False,
        help_text=_("Lembaga di tahap ini atau sesudahnya dihitung sudah ditetapkan dengan SK."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sector__order", "order"]
        verbose_name = _("tahap ramah anak")
        verbose_name_plural = _("tahap ramah anak")
        constraints = [
            models.UniqueConstraint(fields=["sector", "order"], name="unique_milestone_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"


class AgencyQuerySet(DistrictScopedQuerySet):
    pass


class Agency(models.Model):
    """A perangkat daerah (or a vertical office, or a non-government body) that holds the
    data of some of the instrument's questions, as this district names it.

    ``covers`` lists the instrument's normalised agency names (``responsible`` of a
    question: "Disdik", "Dinkes" ...) this agency answers for, so a district that calls
    its education office "Disdikbud", or has merged two offices, still gets their questions.
    """

    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        BAGIAN = "bagian", _("Bagian/sekretariat")
        VERTICAL = "vertical", _("Instansi vertikal (Kemenag, Polres ...)")
        NON_GOVERNMENT = "non_government", _("Nonpemerintah (Forum Anak, dunia usaha ...)")
        OTHER = "other", _("Lainnya")

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("kabupaten/kota"),
    )
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    head = models.CharField(_("kepala"), max_length=200, blank=True)
    phone = models.CharField(_("no. HP/telepon"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    covers = models.JSONField(_("nama di instrumen"), default=list, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    version = version_field()
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["district", "short_name"]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "short_name"],
                name="unique_agency_short_name",
                violation_error_message=_("Singkatan ini sudah dipakai perangkat daerah lain."),
            )
        ]

    def __str__(self):
        return self.short_name


class TaskForceQuerySet(DistrictScopedQuerySet):
    pass


class TaskForce(models.Model):
    """A Gugus Tugas KLA as formed by one decree; the district's current one is flagged."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="task_forces",
        verbose_name=_("kabupaten/kota"),
    )
    decree_number = models.CharField(_("nomor SK"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    decree_file = models.FileField(_("berkas SK"), upload_to="decrees/%Y/", blank=True)
    secretariat = models.CharField(
        _("sekretariat"), max_length=200, blank=True, help_text=_("biasanya Dinas PPPA")
    )
    is_current = models.BooleanField(_("gugus tugas saat ini"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()
    history = HistoricalRecords()

    objects = TaskForceQuerySet.as_manager()

    class Meta:
        ordering = ["district", "-decree_date"]
        verbose_name = _("gugus tugas KLA")
        verbose_name_plural = _("gugus tugas KLA")
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(is_current=True, is_active=True),
                name="one_current_task_force_per_district",
                violation_error_message=_("Kabupaten/kota ini sudah punya gugus tugas saat ini."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="task_force_validity_in_order",
                violation_error_message=_("Tanggal akhir berlaku harus sesudah tanggal mulai."),
            ),
        ]

    def __str__(self):
        return _("Gugus Tugas KLA %(district)s (SK %(number)s)") % {
            "district": self.district.short_name,
            "number": self.decree_number,
        }

    def get_absolute_url(self):
        return reverse("stakeholders:task_force", args=[self.pk])


class WorkingGroupQuerySet(DistrictScopedQuerySet):
    district_path = "task_force__district"


class WorkingGroup(models.Model):
    """A sub-group of the task force: Kelembagaan or one of the five clusters."""

    task_force = models.ForeignKey(
        TaskForce,
        on_delete=models.CASCADE,
        related_name="working_groups",
        verbose_name=_("gugus tugas"),
    )
    cluster = models.CharField(_("klaster"), max_length=3, choices=Cluster.choices)
    coordinator_agency = models.CharField(_("OPD koordinator"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["task_force", "cluster"]
        verbose_name = _("kelompok kerja")
        verbose_name_plural = _("kelompok kerja")
        constraints = [
            models.UniqueConstraint(fields=["task_force", "cluster"], name="unique_working_group")
        ]

    def __str__(self):
        return self.get_cluster_display()


class MemberQuerySet(DistrictScopedQuerySet):
    district_path = "task_force__district"


class Member(models.Model):
    class Role(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        WAKIL_KETUA = "wakil_ketua", _("Wakil ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        KOORDINATOR = "koordinator", _("Koordinator klaster")
        ANGGOTA = "anggota", _("Anggota")

    task_force = models.ForeignKey(
        TaskForce, on_delete=models.CASCADE, related_name="members", verbose_name=_("gugus tugas")
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("kelompok kerja"),
    )
    name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    agency = models.CharField(_("instansi/OPD"), max_length=200, blank=True)
    # The agency record, where the member's office is one (``agency`` keeps the text as written).
    agency_unit = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("perangkat daerah"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.ANGGOTA)
    phone = models.CharField(_("no. HP"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active_from = models.DateField(_("aktif mulai"), null=True, blank=True)
    active_until = models.DateField(_("aktif sampai"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_force_members",
        verbose_name=_("akun login"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    version = version_field()
    history = HistoricalRecords()

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["task_force", "working_group__cluster", "name"]
        verbose_name = _("anggota gugus tugas")
        verbose_name_plural = _("anggota gugus tugas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:member", args=[self.pk])


class InstitutionQuerySet(DistrictScopedQuerySet):
    pass


class SchoolLevel(models.TextChoices):
    """The levels (jenjang) the instrument counts SRA by (questions 19.2a-e)."""

    TK_RA = "tk_ra", _("TK/RA")
    SD_MI = "sd_mi", _("SD/MI")
    SMP_MTS = "smp_mts", _("SMP/MTs")
    SMA_MA_SMK = "sma_ma_smk", _("SMA/MA/SMK")
    SLB = "slb", _("SLB")


class Institution(models.Model):
    """A school, puskesmas, mosque, pesantren, LKSA, business, media outlet or body."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("kabupaten/kota"),
    )
    subdistrict = models.ForeignKey(
        Subdistrict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("kecamatan"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("sektor")
    )
    name = models.CharField(_("nama"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    official_id = models.CharField(
        _("nomor induk"),
        max_length=50,
        blank=True,
        help_text=_("NPSN, kode puskesmas, ID SIMAS ..."),
    )
    contact_person = models.CharField(_("narahubung"), max_length=200, blank=True)
    contact_phone = models.CharField(_("no. HP narahubung"), max_length=20, blank=True)
    stage = models.PositiveSmallIntegerField(
        _("tahap"),
        default=0,
        help_text=_("Urutan tahap ramah anak tertinggi yang sudah dicapai (0 = belum ada)."),
    )
    school_level = models.CharField(
        _("jenjang"),
        max_length=10,
        choices=SchoolLevel.choices,
        blank=True,
        help_text=_("Hanya untuk satuan pendidikan."),
    )
    # Tobacco companies' CSR or sponsorship counts against the district (17.5-17.6):
    # a flagged institution never counts toward APSAI or partnership suggestions.
    is_tobacco_industry = models.BooleanField(
        _("industri rokok"),
        default=False,
        help_text=_(
            "Perusahaan rokok (atau yayasan/CSR-nya). Tidak pernah dihitung sebagai mitra KLA; "
            "kerja sama dengannya mengurangi nilai pertanyaan 17.6."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["district", "sector__order", "name"]
        verbose_name = _("lembaga")
        verbose_name_plural = _("lembaga")
        indexes = [models.Index(fields=["district", "sector", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_level="") | Q(sector=SCHOOL_SECTOR),
                name="school_level_only_for_schools",
                violation_error_message=SCHOOL_LEVEL_ONLY_FOR_SCHOOLS,
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stakeholders:institution", args=[self.pk])

    def clean(self):
        super().clean()
        if self.school_level and self.sector_id != SCHOOL_SECTOR:
            raise ValidationError({"school_level": SCHOOL_LEVEL_ONLY_FOR_SCHOOLS})


class InstitutionMilestoneQuerySet(DistrictScopedQuerySet):
    district_path = "institution__district"


class InstitutionMilestone(models.Model):
    """A milestone an institution has reached, with its date and evidence."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("lembaga")
    )
    definition = models.ForeignKey(
        MilestoneDefinition, on_delete=models.PROTECT, related_name="+", verbose_name=_("tahap")
    )
    achieved_on = models.DateField(_("tanggal tercapai"))
    evidence = models.FileField(_("bukti"), upload_to="milestones/%Y/", blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    objects = InstitutionMilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["institution", "definition__order"]
        verbose_name = _("tahap tercapai")
        verbose_name_plural = _("tahap tercapai")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "definition"], name="unique_institution_milestone"
            )
        ]

    def __str__(self):
        return f"{self.institution}: {self.definition}"


class LetterheadQuerySet(DistrictScopedQuerySet):
    pass


class Letterhead(models.Model):
    """The kop surat a district's documents are printed under, with the place they are
    signed in and the number format of the certificates issued under it.

    ``agency`` empty: the Dinas PPPA's own, used unless a training names another. An
    agency's letterhead serves the documents that agency issues (a training the Dinkes
    runs), so its certificates carry the Dinkes's logo lines, number and head.
    """

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="letterheads",
        verbose_name=_("kabupaten/kota"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letterheads",
        verbose_name=_("perangkat daerah"),
        help_text=_("Kosongkan untuk kop surat Dinas PPPA (bawaan kabupaten/kota)."),
    )
    government = models.CharField(
        _("baris pemerintah daerah"),
        max_length=200,
        help_text=_("Mis. PEMERINTAH KABUPATEN BALANGAN"),
    )
    office = models.CharField(
        _("nama instansi"),
        max_length=300,
        help_text=_("Mis. DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"),
    )
    address = models.TextField(
        _("alamat dan kontak"),
        blank=True,
        help_text=_("Satu atau dua baris: alamat, telepon, pos-el, laman."),
    )
    city = models.CharField(
        _("tempat penandatanganan"), max_length=100, help_text=_("Mis. Paringin")
    )
    logo = models.FileField(_("logo daerah"), upload_to="letterheads/", blank=True)
    certificate_number_format = models.CharField(
        _("format nomor sertifikat"),
        max_length=100,
        default="400.14/{seq:3}/DPPPA/{year}",
        help_text=_(
            "{seq} nomor urut per tahun ({seq:3} dengan nol di depan: 007), {year} tahun, "
            "{month} bulan dalam angka Romawi. Mis. 400.14/{seq:3}/DPPPA/{month}/{year}"
        ),
    )
    history = HistoricalRecords()

    objects = LetterheadQuerySet.as_manager()

    class Meta:
        ordering = ["district", "agency__short_name"]
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "agency"],
                name="unique_agency_letterhead",
                violation_error_message=_("Perangkat daerah ini sudah punya kop surat."),
            ),
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(agency__isnull=True),
                name="unique_district_letterhead",
                violation_error_message=_("Kabupaten/kota ini sudah punya kop surat Dinas PPPA."),
            ),
        ]

    def __str__(self):
        return self.office

    def clean(self):
        if self.agency_id and self.agency.district_id != self.district_id:
            raise ValidationError(
                {"agency": _("Perangkat daerah ini bukan milik kabupaten/kota ini.")}
            )


class SignatoryQuerySet(DistrictScopedQuerySet):
    district_path = "letterhead__district"


class Signatory(models.Model):
    """An official who signs the documents issued under a letterhead: the Kepala Dinas
    first (``order``), a Sekretaris or Kepala Bidang after."""

    letterhead = models.ForeignKey(
        Letterhead,
        on_delete=models.CASCADE,
        related_name="signatories",
        verbose_name=_("kop surat"),
    )
    name = models.CharField(
        _("nama lengkap dan gelar"),
        max_length=200,
        help_text=_("Mis. Dr. H. Rahmadi, S.Sos., M.Si."),
    )
    position = models.CharField(
        _("jabatan"), max_length=200, help_text=_("Mis. Kepala Dinas PPKBPPPA")
    )
    rank = models.CharField(
        _("pangkat/golongan"), max_length=100, blank=True, help_text=_("Mis. Pembina Tk. I (IV/b)")
    )
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[
            RegexValidator(r"^\d{18}$", _("NIP terdiri atas 18 angka (spasi boleh diketik)."))
        ],
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["letterhead", "order", "name"]
        verbose_name = _("penanda tangan")
        verbose_name_plural = _("penanda tangan")
        constraints = [
            models.CheckConstraint(
                condition=Q(nip="") | Q(nip__regex=r"^[0-9]{18}$"),
                name="signatory_nip_18_digits",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.position})"
