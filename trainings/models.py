from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kla_portal.conflicts import version_field
from kla_portal.models import District, DistrictScopedQuerySet
from stakeholders.models import Agency, Institution, Letterhead, Member, Sector, Signatory

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class TrainingQuerySet(DistrictScopedQuerySet):
    pass


class Training(models.Model):
    class Kind(models.TextChoices):
        PELATIHAN = "pelatihan", _("Pelatihan")
        BIMTEK = "bimtek", _("Bimbingan teknis")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        TOF = "tof", _("Pelatihan untuk fasilitator (ToF)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        HELD = "held", _("Terlaksana")
        REPORTED = "reported", _("Dilaporkan")

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("kabupaten/kota"),
    )
    title = models.CharField(_("judul"), max_length=300)
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices, default=Kind.PELATIHAN)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    venue = models.CharField(_("tempat"), max_length=300, blank=True)
    organiser = models.CharField(_("penyelenggara"), max_length=300, blank=True)
    funding_source = models.CharField(_("sumber dana"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(
        _("jumlah JP"), null=True, blank=True, help_text=_("1 JP = 45 menit")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    min_days_attended = models.PositiveSmallIntegerField(
        _("minimal hari hadir untuk sertifikat"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila peserta harus hadir semua hari."),
    )
    description = models.TextField(_("keterangan"), blank=True)
    # Who signs the training's certificates and report, under the letterhead the signatory
    # belongs to; empty: the first signatory of the district's Dinas PPPA letterhead
    # (``trainings.certificates.issuer_of``).
    signatory = models.ForeignKey(
        Signatory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanda tangan"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()
    history = HistoricalRecords()

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("pelatihan")
        verbose_name_plural = _("pelatihan")
        indexes = [models.Index(fields=["district", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="training_dates_in_order",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:training", args=[self.pk])


class TrainingDayQuerySet(DistrictScopedQuerySet):
    district_path = "training__district"


class TrainingDay(models.Model):
    """One day of a training; attendance is taken per day."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="days", verbose_name=_("pelatihan")
    )
    date = models.DateField(_("tanggal"))

    objects = TrainingDayQuerySet.as_manager()

    class Meta:
        ordering = ["training", "date"]
        verbose_name = _("hari pelatihan")
        verbose_name_plural = _("hari pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["training", "date"], name="unique_training_day")
        ]

    def __str__(self):
        return str(self.date)


class FacilitatorQuerySet(DistrictScopedQuerySet):
    district_path = "training__district"


class Facilitator(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="facilitators", verbose_name=_("pelatihan")
    )
    name = models.CharField(_("nama"), max_length=200)
    organisation = models.CharField(_("lembaga"), max_length=200, blank=True)
    is_certified = models.BooleanField(_("fasilitator KHA bersertifikat"), default=False)
    topic = models.CharField(_("materi"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = FacilitatorQuerySet.as_manager()

    class Meta:
        ordering = ["training", "name"]
        verbose_name = _("narasumber/fasilitator")
        verbose_name_plural = _("narasumber/fasilitator")

    def __str__(self):
        return self.name


class TrainingDocumentQuerySet(DistrictScopedQuerySet):
    district_path = "training__district"


class TrainingDocument(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        PHOTO = "photo", _("Foto")
        REPORT = "report", _("Laporan")
        OTHER = "other", _("Lainnya")

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="documents", verbose_name=_("pelatihan")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="trainings/%Y/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = TrainingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["training", "kind", "uploaded_at"]
        verbose_name = _("dokumen pelatihan")
        verbose_name_plural = _("dokumen pelatihan")

    def __str__(self):
        return self.original_name


class ParticipantFunction(models.Model):
    """What a participant does (fungsi/peran): the service groups the instrument asks about.

    Thirteen questions ask whether a named group of staff has had KHA training
    (Gugus Tugas members 2.2, birth-registration officers 4.5 ...); a participant
    with that function who holds a certificate counts toward the question
    (``indicators/derived.py``, ``trained_function:<code>``). Reference data,
    loaded by ``trainings/catalogue.py`` from ``fixtures/participant_functions.json``.
    """

    # Lower case with underscores: the code is the parameter of a ``derived_source``.
    code = models.CharField(
        _("kode"), max_length=30, unique=True, validators=[RegexValidator(r"^[a-z0-9_]+$")]
    )
    name = models.CharField(_("nama"), max_length=150)
    question = models.CharField(
        _("pertanyaan instrumen"),
        max_length=20,
        blank=True,
        help_text=_("Nomor pertanyaan yang menanyakan pelatihan KHA kelompok ini, mis. 2.2"),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("fungsi peserta")
        verbose_name_plural = _("fungsi peserta")

    def __str__(self):
        return self.name


class PersonQuerySet(DistrictScopedQuerySet):
    pass


class Person(models.Model):
    """Someone who attends trainings: one row across all the trainings they attend.

    Matched on phone or email, else on name plus institution. No NIK is stored:
    the app has no use for a national ID number and should not hold one.
    """

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="people", verbose_name=_("kabupaten/kota")
    )
    name = models.CharField(_("nama"), max_length=200)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices, blank=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    phone = models.CharField(
        _("no. HP"), max_length=20, blank=True, help_text=_("disimpan dalam bentuk +62...")
    )
    email = models.EmailField(_("email"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("tahun lahir"), null=True, blank=True)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sektor"),
    )
    agency_unit = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("perangkat daerah"),
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("lembaga"),
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("anggota gugus tugas"),
    )
    other_organisation = models.CharField(_("organisasi lain"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["district", "name"]
        verbose_name = _("orang")
        verbose_name_plural = _("orang")
        indexes = [
            models.Index(fields=["district", "phone"]),
            models.Index(fields=["district", "email"]),
            models.Index(fields=["district", "name"]),
        ]

    def __str__(self):
        return self.name


class ParticipantQuerySet(DistrictScopedQuerySet):
    district_path = "training__district"


class Participant(models.Model):
    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="participants", verbose_name=_("pelatihan")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="participations", verbose_name=_("orang")
    )
    # The function the person attended in (one person may come as a teacher one year
    # and as a Forum Anak mentor the next).
    function = models.ForeignKey(
        ParticipantFunction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("fungsi/peran"),
    )
    pre_score = models.DecimalField(
        _("nilai pre-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    post_score = models.DecimalField(
        _("nilai post-test"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    certificate_code = models.CharField(
        _("kode sertifikat"), max_length=20, unique=True, null=True, blank=True
    )
    certificate_issued_on = models.DateField(_("sertifikat terbit"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["training", "person__name"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="unique_participant"),
            models.CheckConstraint(
                condition=Q(pre_score__isnull=True) | Q(pre_score__gte=0, pre_score__lte=100),
                name="pre_score_in_range",
            ),
            models.CheckConstraint(
                condition=Q(post_score__isnull=True) | Q(post_score__gte=0, post_score__lte=100),
                name="post_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.training}"


class AttendanceQuerySet(DistrictScopedQuerySet):
    district_path = "participant__training__district"


class Attendance(models.Model):
    """One person on one day: present, or absent with the reason the attendance list
    gives (izin, sakit) or none (tanpa keterangan). No row: not present, no reason."""

    class Status(models.TextChoices):
        HADIR = "hadir", _("Hadir")
        IZIN = "izin", _("Izin")
        SAKIT = "sakit", _("Sakit")
        TANPA_KETERANGAN = "alpa", _("Tanpa keterangan")

    class Absence(models.TextChoices):
        IZIN = "izin", _("Izin")
        SAKIT = "sakit", _("Sakit")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("peserta")
    )
    day = models.ForeignKey(
        TrainingDay, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("hari")
    )
    present = models.BooleanField(_("hadir"), default=True)
    absence = models.CharField(
        _("alasan tidak hadir"), max_length=5, choices=Absence.choices, blank=True
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="unique_attendance"),
            models.CheckConstraint(
                condition=Q(present=False) | Q(absence=""),
                name="attendance_reason_only_when_absent",
            ),
        ]

    def __str__(self):
        return f"{self.participant} {self.day}: {self.status}"

    @property
    def status(self) -> str:
        if self.present:
            return self.Status.HADIR
        return self.absence or self.Status.TANPA_KETERANGAN


class CertificateQuerySet(DistrictScopedQuerySet):
    district_path = "participant__training__district"


class Certificate(models.Model):
    """A certificate as issued: its code, its number in the issuer's format, who signed it.

    The signatory is copied at issue, so a certificate a Kepala Dinas signed still names
    them after a successor takes office. A revoked certificate stays, with its reason, so
    the public page can say it was revoked. ``Participant.certificate_code`` holds the code
    of the participant's valid certificate, kept by the write functions in
    ``trainings/certificates.py`` (cleared on revocation): the counts of trained people
    read that one column.
    """

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("peserta"),
    )
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    number = models.CharField(_("nomor sertifikat"), max_length=120, blank=True)
    # The sequence the number counts in: per letterhead and year of issue. Empty for the
    # certificates issued before letterheads existed, which have no number.
    letterhead = models.ForeignKey(
        Letterhead,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("kop surat"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    issued_on = models.DateField(_("tanggal terbit"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    signatory_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    signatory_nip = models.CharField(_("NIP penanda tangan"), max_length=18, blank=True)
    revoked_on = models.DateField(_("tanggal dicabut"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["issued_on", "sequence", "code"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["letterhead", "year", "sequence"], name="unique_certificate_sequence"
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revoked_reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self):
        return self.number or self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None
