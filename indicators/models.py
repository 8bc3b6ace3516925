"""Indicator frameworks, district assessments and the ministry's official results.

A framework is data loaded by ``manage.py load_catalogues`` from
``indicators/fixtures/``: the ministry's 2024 evaluation instrument (7 groups,
31 indicators, 274 questions with their own points) and, before it, the earlier
draft framework (24 indicators, weighted checklist items). An assessment keeps
pointing at the framework it was made under, so a later framework never
rewrites an earlier year's score.

The instrument's questions are ``ChecklistItem`` rows and an assessment's
answers ``ItemAssessment`` rows: the names come from the draft framework, whose
butir were checklist items; the 2024 questions took their place unchanged.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kla_portal.models import Cluster, District, DistrictScopedQuerySet


class Group(models.TextChoices):
    """The instrument's groups of indicators: Kelembagaan, the five clusters, and
    Kelana-Dekela (the kecamatan and desa/kelurahan, indicators 25 and 26)."""

    KELEMBAGAAN = Cluster.KELEMBAGAAN.value, Cluster.KELEMBAGAAN.label
    I = Cluster.I.value, Cluster.I.label  # noqa: E741 (Roman numeral, as officials write it)
    II = Cluster.II.value, Cluster.II.label
    III = Cluster.III.value, Cluster.III.label
    IV = Cluster.IV.value, Cluster.IV.label
    V = Cluster.V.value, Cluster.V.label
    KELANA_DEKELA = "KD", _("Kecamatan dan Desa/Kelurahan Layak Anak (Kelana-Dekela)")


# The category bands of Permen PPPA 12/2022: [the lowest total, to the cent; category],
# lowest first (``scoring.category_for``). A framework keeps its own (``Framework.bands``).
BANDS_2022 = [
    ["0", "none"],
    ["500", "pratama"],
    ["600.01", "madya"],
    ["700.01", "nindya"],
    ["800.01", "utama"],
    ["900.01", "kla"],
]


def default_bands():
    return [list(band) for band in BANDS_2022]


class Framework(models.Model):
    class Scoring(models.TextChoices):
        POINTS = "points", _("Poin per pertanyaan, dijumlah per indikator (instrumen 2024)")
        WEIGHTED = "weighted", _("Bobot butir x nilai maksimum indikator (kerangka rancangan awal)")

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
    scoring = models.CharField(
        _("cara penghitungan"), max_length=10, choices=Scoring.choices, default=Scoring.POINTS
    )
    # Shown on every page of an assessment made under this framework (e.g. that the
    # wording is not the official text yet); blank when there is nothing to warn about.
    notice = models.CharField(_("catatan untuk pengguna"), max_length=300, blank=True)
    provenance = models.TextField(_("asal data"), blank=True)
    # What the indicators' maxima add up to: the admin refuses maxima that do not.
    total_points = models.DecimalField(
        _("nilai total"), max_digits=7, decimal_places=2, default=Decimal(1000)
    )
    bands = models.JSONField(
        _("rentang kategori"),
        default=default_bands,
        help_text=_("Daftar [nilai terendah, kategori], dari yang terendah."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("kerangka indikator")
        verbose_name_plural = _("kerangka indikator")

    def __str__(self):
        return self.name

    def clean(self):
        if not _bands_are_valid(self.bands):
            raise ValidationError({"bands": BANDS_INVALID})


BANDS_INVALID = _(
    "Rentang kategori harus berupa daftar [nilai terendah, kategori], dimulai dari 0, "
    "naik, dengan kategori yang dikenal dan masing-masing sekali."
)


def _bands_are_valid(bands) -> bool:
    if not isinstance(bands, list) or not bands:
        return False
    lowest, seen = [], set()
    for band in bands:
        if not (isinstance(band, list | tuple) and len(band) == 2):
            return False
        low, category = band
        try:
            low = Decimal(str(low))
        except InvalidOperation:
            return False
        if not low.is_finite() or category not in Category.values or category in seen:
            return False
        lowest.append(low)
        seen.add(category)
    return lowest[0] == 0 and lowest == sorted(set(lowest))


class Indicator(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("kerangka")
    )
    # The position in the framework (1-31); ``code`` is what officials write ("21A").
    number = models.PositiveSmallIntegerField(_("urutan"))
    code = models.CharField(_("nomor"), max_length=4)
    cluster = models.CharField(_("kelompok"), max_length=3, choices=Group.choices)
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
            models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="indicator_points_positive"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def save(self, *args, **kwargs):
        if not self.code:  # the draft framework's indicators are numbered 1-24
            self.code = str(self.number)
        super().save(*args, **kwargs)


class ChecklistItem(models.Model):
    """A question (pertanyaan) of the instrument, or a butir of the draft framework.

    A 2024 question has its own ``max_points`` and awards part of them in the steps
    its ``kind`` allows; a draft-framework butir has a ``weight`` within its
    indicator instead (``indicators/scoring.py``).
    """

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Ya/tidak")
        GRADED = "graded", _("Bertingkat (penuh/sebagian/belum)")
        QUARTERS = "quarters", _("Bertingkat (0, 1/4, 1/2, 3/4, penuh)")
        SCREENING = "screening", _("Penyaring (0 poin)")

    class Figures(models.TextChoices):
        NONE = "", _("Tidak ada")
        PERCENT = "percent", _("Persentase")
        PERCENT_YEARS = "percent_years", _("Persentase dua tahun terakhir")
        COUNT = "count", _("Jumlah")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="items", verbose_name=_("indikator")
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    # The instrument's own code within the indicator ("2a", "4b"); blank in the draft
    # framework, whose butir are numbered by ``order``.
    code = models.CharField(_("nomor"), max_length=6, blank=True)
    text = models.CharField(_("pertanyaan"), max_length=400)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2, default=1)
    max_points = models.DecimalField(
        _("poin maksimum"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Normalised short names of the agencies (perangkat daerah) that hold the data.
    responsible = models.JSONField(_("perangkat daerah"), default=list, blank=True)
    for_kecamatan = models.BooleanField(_("dijawab kecamatan"), default=False)
    for_desa = models.BooleanField(_("dijawab desa/kelurahan"), default=False)
    figures = models.CharField(
        _("angka yang diminta"), max_length=15, choices=Figures.choices, blank=True
    )
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
            models.CheckConstraint(
                condition=Q(max_points__isnull=True) | Q(max_points__gte=0),
                name="item_points_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.full_code} {self.text}"

    @property
    def full_code(self) -> str:
        """The question's number as officials write it: 1.2a, 21A.4b (reads the indicator)."""
        return f"{self.indicator.code}.{self.code or self.order}"

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """The answers this question allows, best first, as (value, label)."""
        return [(value, str(label)) for value, label in STEPS[self.kind]]


class ItemStatus(models.TextChoices):
    """An answer, as the share of the question's points it earns (``scoring.SHARES``)."""

    MET = "met", _("Terpenuhi")
    THREE_QUARTERS = "q3", _("3/4 terpenuhi")
    PARTLY = "partly", _("Sebagian")
    QUARTER = "q1", _("1/4 terpenuhi")
    NOT_MET = "not_met", _("Belum terpenuhi")


# The answers each kind of question allows, best first, with the words the form shows.
STEPS: dict[str, list] = {
    ChecklistItem.Kind.YES_NO: [(ItemStatus.MET, _("Ya")), (ItemStatus.NOT_MET, _("Tidak"))],
    ChecklistItem.Kind.GRADED: [
        (ItemStatus.MET, ItemStatus.MET.label),
        (ItemStatus.PARTLY, ItemStatus.PARTLY.label),
        (ItemStatus.NOT_MET, ItemStatus.NOT_MET.label),
    ],
    ChecklistItem.Kind.QUARTERS: [
        (ItemStatus.MET, _("Penuh")),
        (ItemStatus.THREE_QUARTERS, _("3/4")),
        (ItemStatus.PARTLY, _("1/2")),
        (ItemStatus.QUARTER, _("1/4")),
        (ItemStatus.NOT_MET, _("0")),
    ],
    ChecklistItem.Kind.SCREENING: [(ItemStatus.MET, _("Ya")), (ItemStatus.NOT_MET, _("Tidak"))],
}


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

    @cached_property
    def evaluation_round(self) -> "EvaluationYear | None":
        """The round of the assessment's year with its deadlines, once per instance;
        None until an evaluator has set it."""
        return EvaluationYear.objects.filter(year=self.year).first()


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
    # What the question asks for in figures (``ChecklistItem.figures``): the year
    # before and the year assessed for a percentage, or a count in ``figure_current``.
    figure_previous = models.DecimalField(
        _("angka tahun sebelumnya"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    figure_current = models.DecimalField(
        _("angka tahun ini"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("catatan"), blank=True)
    # The year this answer was copied from when the assessment was started from the
    # previous one; cleared when someone confirms or changes it.
    carried_from = models.PositiveSmallIntegerField(_("disalin dari tahun"), null=True, blank=True)
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
    # When the district sent its fix of a returned question back to the verifier
    # (cleared when the verifier sets the question's points again).
    resubmitted_at = models.DateTimeField(_("perbaikan dikirim pada"), null=True, blank=True)
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
    # Set when an agency operator uploaded it with the agency's answer: the agency sees
    # and removes its own files only.
    agency = models.ForeignKey(
        "stakeholders.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perangkat daerah"),
    )
    is_data_matrix = models.BooleanField(_("matriks data"), default=False)
    history = HistoricalRecords()

    objects = ItemEvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self):
        return self.original_name


class QuestionRouteQuerySet(DistrictScopedQuerySet):
    district_path = "item__assessment__district"


class QuestionRoute(models.Model):
    """A question of a district's assessment sent to an agency that holds its data.

    Made from the framework's ``responsible`` names when the assessment starts; the
    district reassigns a question or adds an agency. One route per question is the
    lead: the agency whose answer the Dinas PPPA takes; the others contribute.
    """

    item = models.ForeignKey(
        ItemAssessment,
        on_delete=models.CASCADE,
        related_name="routes",
        verbose_name=_("pertanyaan"),
    )
    agency = models.ForeignKey(
        "stakeholders.Agency",
        on_delete=models.PROTECT,
        related_name="routes",
        verbose_name=_("perangkat daerah"),
    )
    is_lead = models.BooleanField(_("penanggung jawab utama"), default=False)
    history = HistoricalRecords()

    objects = QuestionRouteQuerySet.as_manager()

    class Meta:
        ordering = ["item", "-is_lead", "agency__short_name"]
        verbose_name = _("penugasan pertanyaan")
        verbose_name_plural = _("penugasan pertanyaan")
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="unique_question_route"),
            models.UniqueConstraint(
                fields=["item"], condition=Q(is_lead=True), name="one_lead_agency_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.agency}"


class AgencyAnswerQuerySet(DistrictScopedQuerySet):
    district_path = "item__assessment__district"


class AgencyAnswer(models.Model):
    """An agency's answer to a question routed to it, on its way to the Dinas PPPA.

    Draft while the operator works, submitted with "kirim ke Dinas PPPA", then
    accepted (its answer becomes the district's self-assessed answer) or returned
    with a note; who and when of every step is in its history.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Dikirim ke Dinas PPPA")
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")

    item = models.ForeignKey(
        ItemAssessment,
        on_delete=models.CASCADE,
        related_name="agency_answers",
        verbose_name=_("pertanyaan"),
    )
    agency = models.ForeignKey(
        "stakeholders.Agency",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("perangkat daerah"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    answer = models.CharField(_("jawaban"), max_length=10, choices=ItemStatus.choices, blank=True)
    figure_previous = models.DecimalField(
        _("angka tahun sebelumnya"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    figure_current = models.DecimalField(
        _("angka tahun ini"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("catatan"), blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikirim oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AgencyAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["item", "agency__short_name"]
        verbose_name = _("jawaban perangkat daerah")
        verbose_name_plural = _("jawaban perangkat daerah")
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="one_answer_per_agency")
        ]

    def __str__(self):
        return f"{self.item}: {self.agency} ({self.get_status_display()})"


class AreaAnswerQuerySet(DistrictScopedQuerySet):
    district_path = "item__assessment__district"


class AreaAnswer(models.Model):
    """Whether one kecamatan (indicator 25) or one desa/kelurahan (26) meets a question's
    condition; the question's answer is the share that does (``indicators/areas.py``)."""

    item = models.ForeignKey(
        ItemAssessment,
        on_delete=models.CASCADE,
        related_name="area_answers",
        verbose_name=_("pertanyaan"),
    )
    subdistrict = models.ForeignKey(
        "kla_portal.Subdistrict",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    village = models.ForeignKey(
        "kla_portal.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    meets = models.BooleanField(_("memenuhi"))
    notes = models.CharField(_("catatan"), max_length=300, blank=True)
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

    objects = AreaAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("jawaban kecamatan/desa")
        verbose_name_plural = _("jawaban kecamatan/desa")
        constraints = [
            models.CheckConstraint(
                condition=Q(subdistrict__isnull=False, village__isnull=True)
                | Q(subdistrict__isnull=True, village__isnull=False),
                name="area_answer_one_area",
            ),
            models.UniqueConstraint(
                fields=["item", "subdistrict"],
                condition=Q(subdistrict__isnull=False),
                name="one_answer_per_kecamatan",
            ),
            models.UniqueConstraint(
                fields=["item", "village"],
                condition=Q(village__isnull=False),
                name="one_answer_per_village",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.subdistrict or self.village}"


class Category(models.TextChoices):
    NONE = "none", _("Belum berpredikat")
    PRATAMA = "pratama", _("Pratama")
    MADYA = "madya", _("Madya")
    NINDYA = "nindya", _("Nindya")
    UTAMA = "utama", _("Utama")
    KLA = "kla", _("KLA")


class OfficialResultQuerySet(DistrictScopedQuerySet):
    def published(self):
        """The results anyone may read, signed in or not (the open data): the categories
        the ministry awarded. "Belum berpredikat" and a year with a score but no category
        are not awards; whether the score is published is ``open_data.published_score``."""
        return self.exclude(category__in=["", Category.NONE])


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
    # The training coverage per sector and in the task force, as trainings.coverage counts
    # it: {"sectors": {code: [institutions, with trained, people, female, male]},
    # "members": n, "trained_members": n} (read by ``indicators.figures.coverage_of``).
    coverage = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("angka kunci kabupaten/kota")
        verbose_name_plural = _("angka kunci kabupaten/kota")

    def __str__(self):
        return str(self.district_id)


class RoundFiguresQuerySet(DistrictScopedQuerySet):
    pass


class RoundFigures(models.Model):
    """Where an assessment stands in its round, kept by ``indicators/figures.py``: what the
    national and province rankings list, one row per district and year assessed.

    ``cells`` holds every stage's ``[status, total, category]`` as the stage rows have
    them (the total a string with two decimals, null until the stage is completed);
    ``official`` the ministry's result of the round's award year and ``last_award`` the
    latest one up to it, each ``[year, category, score]`` or null. So the ranking of
    514 districts reads 514 rows instead of their assessments, 3,000 stage rows and
    the official results. ``board`` holds the district page's score columns, weakest
    indicators and gap (``indicators/district_board.py``).
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="round_figures"
    )
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10)  # the assessment's Assessment.Status
    submitted = models.BooleanField()  # its EM completed: the round has something to rank
    cells = models.JSONField()
    official = models.JSONField(null=True)
    last_award = models.JSONField(null=True)
    # Null on the rows of an older release until ``manage.py refresh_figures``.
    board = models.JSONField(null=True)

    objects = RoundFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("angka tahapan penilaian")
        verbose_name_plural = _("angka tahapan penilaian")
        indexes = [models.Index(fields=["year", "district"])]

    def __str__(self):
        return f"{self.district_id} {self.year}"


# ---------------------------------------------------------------------------
# The evaluation as the ministry runs it: a year, its stages, each with its own points


class Stage(models.TextChoices):
    """The stages of an evaluation, in order (``indicators/stages.py`` says who acts)."""

    EM = "em", _("Evaluasi Mandiri (EM)")
    VA = "va", _("Verifikasi Administrasi (VA)")
    REVIEW = "review", _("Telaah Kementerian")
    VL = "vl", _("Verifikasi Lapangan (VL)")
    FINAL = "final", _("Verifikasi Akhir")
    AWARD = "award", _("Penghargaan")


class EvaluationYear(models.Model):
    """One round of the ministry's evaluation, named by the year evaluated.

    "KLA 2025" was the 2024 evaluation of 2023-2024 data: its uploads closed on
    31 May 2024, the province's VA ran until 31 October, the field visits from
    January to May 2025. The dates are data, set by an evaluator or a superuser;
    ``indicators/stages.default_calendar`` proposes the 2024 round's calendar.
    """

    year = models.PositiveSmallIntegerField(
        _("tahun evaluasi"), unique=True, validators=[MinValueValidator(2006)]
    )
    award_label = models.CharField(_("penghargaan"), max_length=40)
    data_years = models.CharField(_("tahun data"), max_length=20)
    em_deadline = models.DateField(_("batas unggah evaluasi mandiri"))
    va_deadline = models.DateField(_("batas verifikasi administrasi"))
    review_deadline = models.DateField(_("batas telaah kementerian"), null=True, blank=True)
    vl_start = models.DateField(_("verifikasi lapangan mulai"), null=True, blank=True)
    vl_end = models.DateField(_("verifikasi lapangan selesai"), null=True, blank=True)
    final_deadline = models.DateField(_("batas verifikasi akhir"), null=True, blank=True)
    award_date = models.DateField(_("tanggal penghargaan"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tahun evaluasi")
        verbose_name_plural = _("tahun evaluasi")

    def __str__(self):
        return _("Evaluasi %(year)s (%(award)s)") % {"year": self.year, "award": self.award_label}

    def deadline(self, stage: str):
        """The date by which the stage is to be completed (None where none is set)."""
        return {
            Stage.EM: self.em_deadline,
            Stage.VA: self.va_deadline,
            Stage.REVIEW: self.review_deadline,
            Stage.VL: self.vl_end,
            Stage.FINAL: self.final_deadline,
            Stage.AWARD: self.award_date,
        }[stage]


class AssessmentStageQuerySet(DistrictScopedQuerySet):
    district_path = "assessment__district"


class AssessmentStage(models.Model):
    """Where one stage of a district's evaluation stands, and what it scored.

    The total and category are written when the stage is completed and kept as
    they were (a later edit to the framework or a later stage changes neither);
    pages, rankings and workbooks show them only for a completed stage.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Belum dimulai")
        IN_PROGRESS = "in_progress", _("Berjalan")
        RETURNED = "returned", _("Dikembalikan ke daerah")
        COMPLETED = "completed", _("Selesai")
        SKIPPED = "skipped", _("Tidak dilakukan")

    class VisitMode(models.TextChoices):
        NONE = "", _("Belum ditentukan")
        HYBRID = "hybrid", _("Hibrida (daring dan kunjungan)")
        ON_SITE = "on_site", _("Kunjungan lapangan")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="stages", verbose_name=_("penilaian")
    )
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    started_at = models.DateTimeField(_("dimulai pada"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diselesaikan oleh"),
    )
    total = models.DecimalField(_("nilai"), max_digits=7, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("kategori"), max_length=10, choices=Category.choices, blank=True)
    # The governor's letter of the VA, the ministry's decree of the award, a reason to skip VL.
    note = models.TextField(_("catatan"), blank=True)
    # The field visit (VL only).
    visit_mode = models.CharField(
        _("bentuk kunjungan"), max_length=10, choices=VisitMode.choices, blank=True
    )
    visit_date = models.DateField(_("tanggal kunjungan"), null=True, blank=True)
    visit_team = models.TextField(_("tim verifikasi"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AssessmentStageQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("tahap evaluasi")
        verbose_name_plural = _("tahap evaluasi")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "stage"], name="one_row_per_stage"),
            models.CheckConstraint(
                condition=Q(status="completed") | Q(total__isnull=True),
                name="stage_total_only_when_completed",
            ),
        ]
        # The navbar counts, on every page an evaluator opens, what waits at a stage.
        indexes = [models.Index(fields=["stage", "status"])]

    def __str__(self):
        return f"{self.assessment}: {self.get_stage_display()} ({self.get_status_display()})"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class VisitPlaceQuerySet(DistrictScopedQuerySet):
    district_path = "stage__assessment__district"


class VisitPlace(models.Model):
    """A place the field verification team visited, from the institutions registry
    where it is there (an SRA school, a PRAP puskesmas), else by name."""

    class Kind(models.TextChoices):
        SRA = "sra", _("Sekolah Ramah Anak (SRA)")
        PKA = "pka", _("Pusat Kreativitas Anak (PKA)")
        DESA = "desa", _("Desa/kelurahan layak anak")
        PRAP = "prap", _("Puskesmas ramah anak (PRAP)")
        RBRA = "rbra", _("Ruang Bermain Ramah Anak (RBRA)")
        POLICE = "police", _("Unit PPA kepolisian")
        OTHER = "other", _("Lainnya")

    stage = models.ForeignKey(
        AssessmentStage, on_delete=models.CASCADE, related_name="places", verbose_name=_("tahap")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    institution = models.ForeignKey(
        "stakeholders.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lembaga"),
    )
    name = models.CharField(_("nama tempat"), max_length=200, blank=True)
    notes = models.CharField(_("catatan"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = VisitPlaceQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "kind", "pk"]
        verbose_name = _("tempat kunjungan")
        verbose_name_plural = _("tempat kunjungan")
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | ~Q(name=""),
                name="visit_place_named",
            )
        ]

    def __str__(self):
        return str(self.institution) if self.institution_id else self.name


class StageAnswerQuerySet(DistrictScopedQuerySet):
    district_path = "item__assessment__district"


class StageAnswer(models.Model):
    """A question's points at the ministry's stages (review, VL, final verification).

    The district's answer is ``ItemAssessment.self_status`` (EM) and the province's
    ``verified_status`` (VA); a later stage that has not changed a question keeps
    the previous stage's answer, so a row exists only where a stage set one.
    """

    item = models.ForeignKey(
        ItemAssessment,
        on_delete=models.CASCADE,
        related_name="stage_answers",
        verbose_name=_("pertanyaan"),
    )
    stage = models.CharField(_("tahap"), max_length=10, choices=Stage.choices)
    status = models.CharField(_("nilai"), max_length=10, choices=ItemStatus.choices)
    note = models.TextField(_("catatan"), blank=True)
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

    objects = StageAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["item", "stage"]
        verbose_name = _("nilai tahap")
        verbose_name_plural = _("nilai tahap")
        constraints = [
            models.UniqueConstraint(fields=["item", "stage"], name="one_answer_per_stage"),
            models.CheckConstraint(
                condition=Q(stage__in=["review", "vl", "final"]), name="stage_answer_stage"
            ),
        ]

    def __str__(self):
        return f"{self.item} [{self.stage}]: {self.status}"
