"""Indicator frameworks, district assessments and the ministry's official results.

A framework (Perpres 25/2021, 24 indicators) is data loaded by a data migration
from ``indicators/fixtures/``; an assessment keeps pointing at the framework it
was made under, so a later framework never rewrites an earlier year's score.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kla_portal.models import Cluster, District, DistrictScopedQuerySet


class Framework(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    first_year = models.PositiveSmallIntegerField(_("berlaku mulai tahun"))
    last_year = models.PositiveSmallIntegerField(_("berlaku sampai tahun"), null=True, blank=True)
    points_provisional = models.BooleanField(
        _("nilai maksimum sementara"),
        default=False,
        help_text=_("Nilai maksimum per indikator belum dipublikasikan resmi; angka ini bawaan."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("kerangka indikator")
        verbose_name_plural = _("kerangka indikator")

    def __str__(self):
        return self.name


class Indicator(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("kerangka")
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    cluster = models.CharField(_("klaster"), max_length=3, choices=Cluster.choices)
    name = models.CharField(_("nama"), max_length=300)
    name_en = models.CharField(_("nama (Inggris)"), max_length=300)
    max_points = models.DecimalField(_("nilai maksimum"), max_digits=6, decimal_places=2)
    responsible_agency = models.CharField(_("OPD pengampu"), max_length=200, blank=True)
    is_provisional = models.BooleanField(
        _("sementara"), default=False, help_text=_("Sumber publik belum memastikan rincian ini.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_indicator_number"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="indicator_points_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class ChecklistItem(models.Model):
    """A butir of an indicator: yes/no or graded, weighted within its indicator."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Ya/tidak")
        GRADED = "graded", _("Bertingkat (penuh/sebagian/belum)")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="items", verbose_name=_("indikator")
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.CharField(_("butir"), max_length=400)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2, default=1)
    evidence_hint = models.CharField(_("contoh bukti"), max_length=300, blank=True)
    # A code, optionally with a parameter: "task_force_decree", "sector_stage:sekolah",
    # "rtl_completion:14" (indicators/derived.py lists them).
    derived_source = models.CharField(
        _("sumber data otomatis"),
        max_length=50,
        blank=True,
        validators=[RegexValidator(r"^[a-z_]+(:[a-z0-9_]+)?$")],
        help_text=_("Kode sumber di aplikasi yang bisa mengusulkan status butir ini."),
    )
    is_provisional = models.BooleanField(_("sementara"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "order"]
        verbose_name = _("butir")
        verbose_name_plural = _("butir")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "order"], name="unique_item_order"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="item_weight_positive"),
        ]

    def __str__(self):
        return f"{self.indicator.number}.{self.order} {self.text}"


class ItemStatus(models.TextChoices):
    MET = "met", _("Terpenuhi")
    PARTLY = "partly", _("Sebagian")
    NOT_MET = "not_met", _("Belum terpenuhi")


class AssessmentQuerySet(DistrictScopedQuerySet):
    pass


class Assessment(models.Model):
    """A district's assessment for one evaluation year, from draft to locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REVIEWED = "reviewed", _("Diperiksa di kabupaten/kota")
        SUBMITTED = "submitted", _("Diajukan")
        VERIFIED = "verified", _("Diverifikasi")
        LOCKED = "locked", _("Dikunci")

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("kabupaten/kota"),
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2006), MaxValueValidator(2100)]
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("kerangka")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_off_by = models.CharField(_("disetujui ketua gugus tugas"), max_length=200, blank=True)
    signed_off_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    return_comment = models.TextField(_("catatan pengembalian"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["district", "-year"]
        verbose_name = _("penilaian")
        verbose_name_plural = _("penilaian")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"],
                name="one_assessment_per_district_year",
                violation_error_message=_("Penilaian untuk tahun ini sudah ada."),
            )
        ]

    def __str__(self):
        return _("Penilaian %(district)s %(year)s") % {
            "district": self.district.short_name,
            "year": self.year,
        }

    def get_absolute_url(self):
        return reverse("indicators:assessment", args=[self.pk])


class ItemAssessmentQuerySet(DistrictScopedQuerySet):
    district_path = "assessment__district"


class ItemAssessment(models.Model):
    """One checklist item in one assessment: the district's claim and the verifier's finding."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="items", verbose_name=_("penilaian")
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("butir")
    )
    self_status = models.CharField(
        _("status penilaian mandiri"), max_length=10, choices=ItemStatus.choices, blank=True
    )
    verified_status = models.CharField(
        _("status verifikasi"), max_length=10, choices=ItemStatus.choices, blank=True
    )
    notes = models.TextField(_("catatan"), blank=True)
    suggestion_accepted = models.BooleanField(_("usulan otomatis diterima"), default=False)
    # What the app suggested when the officer accepted or overrode it (the live
    # suggestion changes as the data behind it changes).
    suggested_status = models.CharField(
        _("status usulan"), max_length=10, choices=ItemStatus.choices, blank=True
    )
    suggestion_text = models.CharField(_("dasar usulan"), max_length=300, blank=True)
    override_reason = models.TextField(_("alasan mengubah usulan"), blank=True)
    verifier_comment = models.TextField(_("komentar verifikator"), blank=True)
    is_returned = models.BooleanField(_("dikembalikan untuk diperbaiki"), default=False)
    is_reopened = models.BooleanField(_("dibuka kembali"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    history = HistoricalRecords()

    objects = ItemAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "item__indicator__number", "item__order"]
        verbose_name = _("butir penilaian")
        verbose_name_plural = _("butir penilaian")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="unique_assessment_item")
        ]

    def __str__(self):
        return f"{self.assessment}: {self.item}"


class ItemEvidenceQuerySet(DistrictScopedQuerySet):
    district_path = "item_assessment__assessment__district"


class ItemEvidence(models.Model):
    item_assessment = models.ForeignKey(
        ItemAssessment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("butir")
    )
    file = models.FileField(_("berkas"), upload_to="assessments/%Y/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ItemEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self):
        return self.original_name


class Category(models.TextChoices):
    NONE = "none", _("Belum berpredikat")
    PRATAMA = "pratama", _("Pratama")
    MADYA = "madya", _("Madya")
    NINDYA = "nindya", _("Nindya")
    UTAMA = "utama", _("Utama")
    KLA = "kla", _("KLA")


class OfficialResultQuerySet(DistrictScopedQuerySet):
    pass


class OfficialResult(models.Model):
    """The category (and score where known) the ministry awarded a district in a year."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="official_results",
        verbose_name=_("kabupaten/kota"),
    )
    year = models.PositiveSmallIntegerField(_("tahun penghargaan"))
    # Blank when the source gives a score but not the category awarded that year.
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_self_assessed = models.BooleanField(
        _("nilai penilaian mandiri"),
        default=False,
        help_text=_("Nilai ini klaim daerah, bukan hasil verifikasi."),
    )
    source = models.CharField(_("sumber"), max_length=300)
    history = HistoricalRecords()

    objects = OfficialResultQuerySet.as_manager()

    class Meta:
        ordering = ["district", "-year"]
        verbose_name = _("hasil resmi")
        verbose_name_plural = _("hasil resmi")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="one_official_result_per_year"
            )
        ]

    def __str__(self):
        return f"{self.district.short_name} {self.year}: {self.get_category_display()}"


class AssessmentFigures(models.Model):
    """An assessment's totals and cluster points, kept by ``indicators/figures.py``.

    Written by every write that changes the assessment's items or the framework it
    is scored on, in the same transaction; the rankings and workbooks read these rows
    instead of scoring thousands of items per page.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    total = models.DecimalField(_("total mandiri"), max_digits=7, decimal_places=2)
    # Null until a verifier has set at least one item.
    verified = models.DecimalField(_("total verifikasi"), max_digits=7, decimal_places=2, null=True)
    # {cluster: points as a string with two decimals}, as scoring.score adds them up.
    clusters = models.JSONField(default=dict)
    verified_clusters = models.JSONField(null=True)

    class Meta:
        verbose_name = _("angka penilaian")
        verbose_name_plural = _("angka penilaian")

    def __str__(self):
        return f"{self.assessment_id}: {self.total}"


class DistrictFigures(models.Model):
    """A district's key figures over its current records, kept by ``indicators/figures.py``:
    the province and national workbooks read one row per district."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    institutions = models.PositiveIntegerField(default=0)
    institutions_final = models.PositiveIntegerField(default=0)
    trained_male = models.PositiveIntegerField(default=0)
    trained_female = models.PositiveIntegerField(default=0)
    trained = models.PositiveIntegerField(default=0)
    items_done = models.PositiveIntegerField(default=0)
    items_countable = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("angka kunci kabupaten/kota")
        verbose_name_plural = _("angka kunci kabupaten/kota")

    def __str__(self):
        return str(self.district_id)
