"""Regions (keyed by Kemendagri codes) and the memberships that scope users to them.

``District.objects.visible_to(user)`` and ``editable_by(user)`` are the single
source of the visibility rule; every district-owned model reuses them through
``DistrictScopedQuerySet``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EVALUATOR = "evaluator", _("Evaluator (kementerian)")
    PROVINCE_COORDINATOR = "province_coordinator", _("Koordinator provinsi")
    DISTRICT_ADMIN = "district_admin", _("Admin Dinas PPPA")
    TASK_FORCE_MEMBER = "task_force_member", _("Anggota Gugus Tugas")
    AGENCY_OPERATOR = "agency_operator", _("Operator perangkat daerah")
    KECAMATAN_OPERATOR = "kecamatan_operator", _("Operator kecamatan")


# Roles that work inside one district and read its records. The two operators are scoped
# further (to an agency, to a kecamatan) for what they may change: ``kla_portal.access``.
DISTRICT_ROLES = (
    Role.DISTRICT_ADMIN,
    Role.TASK_FORCE_MEMBER,
    Role.AGENCY_OPERATOR,
    Role.KECAMATAN_OPERATOR,
)


def memberships_of(user) -> list["Membership"]:
    """The user's memberships, fetched once per user object (that is, per request)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_kla_memberships"):
        user._kla_memberships = list(
            user.memberships.select_related(
                "district__province", "province", "agency", "subdistrict"
            )
        )
    return user._kla_memberships


def district_codes_edited_by(user) -> frozenset[str] | None:
    """The one rule of who changes a district's records: its Dinas PPPA (district
    admin), or a superuser (``None``: every district).

    ``DistrictQuerySet.editable_by`` filters with it and ``access.can_edit_district``
    tests one district against it, so the two cannot drift apart; it reads the
    memberships already fetched for the request, so asking costs no query. The
    superuser test comes first: ``export_evaluation`` acts as an unsaved superuser,
    who has no memberships to read.
    """
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    return frozenset(m.district_id for m in memberships_of(user) if m.role == Role.DISTRICT_ADMIN)


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("province", args=[self.code])


class DistrictQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Districts the user may read: all for evaluators, a province's for its
        coordinator, their own for district roles, none for anyone else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        roles = memberships_of(user)
        if any(m.role == Role.EVALUATOR for m in roles):
            return self.all()
        provinces = [m.province_id for m in roles if m.role == Role.PROVINCE_COORDINATOR]
        districts = [m.district_id for m in roles if m.role in DISTRICT_ROLES]
        return self.filter(Q(province__in=provinces) | Q(code__in=districts))

    def editable_by(self, user):
        """Districts whose records the user may create and change (Dinas PPPA)."""
        codes = district_codes_edited_by(user)
        return self.all() if codes is None else self.filter(code__in=codes)


class District(models.Model):
    """A kabupaten or kota: the unit the ministry evaluates."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("provinsi")
    )
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("district", args=[self.code])

    @property
    def short_name(self):
        """ "Balangan" for "Kabupaten Balangan", as people say it."""
        return self.name.removeprefix("Kabupaten ").removeprefix("Kota ")


class Subdistrict(models.Model):
    """A kecamatan."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="subdistricts",
        verbose_name=_("kabupaten/kota"),
    )
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Village(models.Model):
    """A desa or kelurahan: codes with 1xxx after the kecamatan are kelurahan, 2xxx desa."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan")
    )
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def __str__(self):
        return self.name

    @property
    def is_kelurahan(self) -> bool:
        return self.code.rsplit(".", 1)[-1].startswith("1")


class DistrictScopedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a district.

    Subclasses name the path to the district in ``district_path`` when it is not
    a direct ``district`` field (``"training__district"``, say).
    """

    district_path = "district"

    def visible_to(self, user):
        return self.filter(**{f"{self.district_path}__in": District.objects.visible_to(user)})

    def editable_by(self, user):
        return self.filter(**{f"{self.district_path}__in": District.objects.editable_by(user)})


class Membership(models.Model):
    """One role of one user, scoped to the region that role covers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("pengguna"),
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("provinsi")
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kabupaten/kota")
    )
    # An agency operator's agency, a kecamatan operator's kecamatan. Named by string: the
    # core imports no app above it (the agency is a stakeholders record).
    agency = models.ForeignKey(
        "stakeholders.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="operators",
        verbose_name=_("perangkat daerah"),
    )
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kecamatan")
    )

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.CheckConstraint(
                name="membership_region_matches_role",
                condition=(
                    Q(role=Role.EVALUATOR, province__isnull=True, district__isnull=True)
                    | Q(
                        role=Role.PROVINCE_COORDINATOR,
                        province__isnull=False,
                        district__isnull=True,
                    )
                    | Q(
                        role__in=[Role.DISTRICT_ADMIN, Role.TASK_FORCE_MEMBER],
                        province__isnull=True,
                        district__isnull=False,
                    )
                    | Q(
                        role=Role.AGENCY_OPERATOR,
                        province__isnull=True,
                        district__isnull=False,
                        agency__isnull=False,
                    )
                    | Q(
                        role=Role.KECAMATAN_OPERATOR,
                        province__isnull=True,
                        district__isnull=False,
                        subdistrict__isnull=False,
                    )
                ),
                violation_error_message=_(
                    "Evaluator tanpa wilayah, koordinator provinsi dengan provinsi, "
                    "peran kabupaten/kota dengan kabupaten/kota, operator perangkat daerah "
                    "dengan perangkat daerahnya, operator kecamatan dengan kecamatannya."
                ),
            ),
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    (Q(agency__isnull=True) | Q(role=Role.AGENCY_OPERATOR))
                    & (Q(subdistrict__isnull=True) | Q(role=Role.KECAMATAN_OPERATOR))
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=Q(district__isnull=False),
                name="unique_district_membership",
            ),
            # An operator answers for one agency or one kecamatan, not several.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=["agency_operator", "kecamatan_operator"]),
                name="one_operator_membership",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="unique_province_membership",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role=Role.EVALUATOR),
                name="unique_evaluator_membership",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.region or _('nasional')}"

    @property
    def region(self):
        return self.district or self.province


class Cluster(models.TextChoices):
    """Kelembagaan and the five KHA clusters: indicator groups and task-force working groups."""

    KELEMBAGAAN = "K", _("Kelembagaan")
    I = "I", _("Klaster I: Hak sipil dan kebebasan")  # noqa: E741 (Roman numeral, as officials write it)
    II = "II", _("Klaster II: Lingkungan keluarga dan pengasuhan alternatif")
    III = "III", _("Klaster III: Kesehatan dasar dan kesejahteraan")
    IV = "IV", _("Klaster IV: Pendidikan, pemanfaatan waktu luang, dan kegiatan budaya")
    V = "V", _("Klaster V: Perlindungan khusus")


class Notice(models.Model):
    """Something that happened that a user should know of: a question returned to
    them, a stage submitted or completed, a deadline coming (``kla_portal/notices.py``).

    Shown under the bell until read; sent by email in one digest a day.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("pengguna"),
    )
    text = models.CharField(_("pemberitahuan"), max_length=300)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    # Names the event, so that the same event never notifies a person twice
    # ("deadline:em:2025:63.11:7").
    key = models.CharField(_("kunci"), max_length=120)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat email pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notice_per_event"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]

    def __str__(self):
        return self.text


class NoticeSettings(models.Model):
    """A user's choice about notices by email, and when their last digest went."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notice_settings",
    )
    email_digest = models.BooleanField(_("kirim ringkasan harian lewat email"), default=True)
    last_digest_on = models.DateField(_("ringkasan terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")

    def __str__(self):
        return str(self.user_id)


class Download(models.Model):
    """A workbook or CSV someone downloaded: who, when, which file, of which region.

    A district's file names the district (and its province); a province's the province
    only; a national one neither. The district's activity log shows every download that
    holds its records (``kla_portal.activity``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    downloaded_at = models.DateTimeField(_("diunduh pada"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("nama berkas"), max_length=200)
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kabupaten/kota"),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provinsi"),
    )

    class Meta:
        ordering = ["-downloaded_at", "-pk"]
        verbose_name = _("unduhan")
        verbose_name_plural = _("unduhan")

    def __str__(self):
        return self.file_name


class ApiToken(models.Model):
    """A personal key for the API (``kla_portal.tokens``): a script reads what its owner may.

    Only the SHA-256 digest of the secret is kept, so a copy of the database gives no
    working key; the prefix, shown on the token page, tells one key from another. A
    revoked key stays listed, with its revocation time, so its owner sees it is dead.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("pengguna"),
    )
    name = models.CharField(_("nama"), max_length=100)
    prefix = models.CharField(_("awalan"), max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.name} ({self.prefix})"
