"""Rencana tindak lanjut (RTL): follow-up plans of an institution or a task-force working group.

A plan may come from a training but need not. The tables keep the names they had when
these models lived in the trainings app (``trainings_*``): the move to this app changed
Django's state only (migration ``0001_moved_from_trainings``).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.models import ChecklistItem, Indicator
from kla_portal.access import task_force_district_codes
from kla_portal.conflicts import version_field
from kla_portal.models import District, DistrictScopedQuerySet
from stakeholders.models import Institution, Member, WorkingGroup
from trainings.models import Training

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class ActionPlanQuerySet(DistrictScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class ActionPlan(models.Model):
    """One owner's plan (an institution or a task-force working group)."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("kabupaten/kota"),
    )
    training = models.ForeignKey(
        Training,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("dari pelatihan"),
    )
    owner_institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("lembaga pemilik"),
    )
    owner_working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("kelompok kerja pemilik"),
    )
    title = models.CharField(_("judul"), max_length=300)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()
    history = HistoricalRecords(table_name="trainings_historicalactionplan")

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        db_table = "trainings_actionplan"  # kept from before plans had an app of their own
        ordering = ["district", "title"]
        verbose_name = _("rencana tindak lanjut")
        verbose_name_plural = _("rencana tindak lanjut")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_institution__isnull=True) | Q(owner_working_group__isnull=True),
                name="plan_has_one_owner",
                violation_error_message=_(
                    "Pemilik RTL: pilih lembaga atau kelompok kerja, bukan keduanya."
                ),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.pk])

    @property
    def owner(self):
        return self.owner_institution or self.owner_working_group


CLOSED_STATUSES = ("done", "cancelled")


def overdue_q(today: date) -> Q:
    """The overdue rule: the due date has passed and the item is neither done nor cancelled."""
    return Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)


class ActionItemQuerySet(DistrictScopedQuerySet):
    """Who may change an item is decided here, and only here.

    ``managed_by``: the district admin (Dinas PPPA) changes everything about an item.
    ``editable_by``: also the task-force member the item is assigned to
    (``responsible_member.user``), who may post progress updates on it.
    """

    district_path = "plan__district"

    def managed_by(self, user):
        return super().editable_by(user)

    def editable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        managed = Q(plan__district__in=District.objects.editable_by(user))
        assigned = Q(
            plan__district__in=task_force_district_codes(user), responsible_member__user=user
        )
        return self.filter(managed | assigned)

    def assigned_to(self, user):
        """Items whose responsible member is this user's task-force member record."""
        return self.editable_by(user).filter(responsible_member__user=user)

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today: date | None = None):
        """Past their due date and neither done nor cancelled."""
        return self.filter(overdue_q(today or timezone.localdate()))

    def for_lists(self):
        return self.select_related(
            "plan__district",
            "plan__training",
            "plan__owner_institution__sector",
            "plan__owner_working_group",
            "indicator",
            "question__indicator",
            "responsible_member",
        )


QUESTION_OUTSIDE_INDICATOR = _("Pertanyaan %(question)s bukan bagian dari indikator %(indicator)s.")


class ActionItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        IN_PROGRESS = "in_progress", _("Berjalan")
        DONE = "done", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("RTL")
    )
    activity = models.CharField(_("kegiatan"), max_length=300)
    objective = models.TextField(_("tujuan"), blank=True)
    target_group = models.CharField(_("sasaran"), max_length=300, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("indikator KLA"),
    )
    # The instrument question the item serves (a step of the gap to the next category).
    # PROTECT, like ``indicator``: questions are reference data the catalogue loaders only
    # add to, and a question that disappeared under an item would silently cut the item
    # off from the gap list; deleting one that plans still work on must be a decision.
    question = models.ForeignKey(
        ChecklistItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("pertanyaan instrumen"),
    )
    start_date = models.DateField(_("mulai"), null=True, blank=True)
    due_date = models.DateField(_("tenggat"))
    responsible_member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("penanggung jawab"),
    )
    responsible_name = models.CharField(
        _("penanggung jawab (bukan anggota)"), max_length=200, blank=True
    )
    budget_source = models.CharField(_("sumber dana"), max_length=200, blank=True)
    budget_amount = models.DecimalField(
        _("anggaran (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    success_measure = models.CharField(_("indikator keberhasilan"), max_length=300, blank=True)
    venue = models.CharField(_("tempat"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.TextField(_("alasan dibatalkan"), blank=True)
    percent = models.PositiveSmallIntegerField(
        _("persen selesai"), default=0, validators=PERCENT_VALIDATORS
    )
    version = version_field()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(table_name="trainings_historicalactionitem")

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        db_table = "trainings_actionitem"  # kept from before plans had an app of their own
        ordering = ["plan", "due_date", "pk"]
        verbose_name = _("kegiatan RTL")
        verbose_name_plural = _("kegiatan RTL")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="item_percent_in_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="cancelled_item_has_reason",
                violation_error_message=_("Kegiatan yang dibatalkan harus diberi alasan."),
            ),
        ]

    def __str__(self):
        return self.activity

    def get_absolute_url(self):
        return reverse("plans:item", args=[self.pk])

    def clean(self):
        """The question belongs to the item's indicator; given alone, it names the indicator."""
        super().clean()
        if self.question_id is None:
            return
        if self.indicator_id is None:
            self.indicator = self.question.indicator
        elif self.question.indicator_id != self.indicator_id:
            message = QUESTION_OUTSIDE_INDICATOR % {
                "question": self.question.full_code,
                "indicator": self.indicator.code,
            }
            raise ValidationError({"question": message}, code="question_indicator")

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue_on(self, today: date) -> bool:
        """The same rule as ``ActionItemQuerySet.overdue``, for one item in memory."""
        return not self.is_closed and self.due_date < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def responsible_display(self) -> str:
        return self.responsible_member.name if self.responsible_member else self.responsible_name


class ProgressUpdateQuerySet(DistrictScopedQuerySet):
    district_path = "item__plan__district"


class ProgressUpdate(models.Model):
    item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("kegiatan")
    )
    date = models.DateField(_("tanggal"))
    text = models.TextField(_("perkembangan"))
    percent = models.PositiveSmallIntegerField(_("persen selesai"), validators=PERCENT_VALIDATORS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditulis oleh"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(table_name="trainings_historicalprogressupdate")

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        db_table = "trainings_progressupdate"  # kept from before plans had an app of their own
        ordering = ["item", "-date", "-created_at"]
        verbose_name = _("perkembangan")
        verbose_name_plural = _("perkembangan")

    def __str__(self):
        return f"{self.item} ({self.date}, {self.percent}%)"


class EvidenceQuerySet(DistrictScopedQuerySet):
    district_path = "update__item__plan__district"


class Evidence(models.Model):
    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("perkembangan"),
    )
    file = models.FileField(_("berkas"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    history = HistoricalRecords(table_name="trainings_historicalevidence")

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        db_table = "trainings_evidence"  # kept from before plans had an app of their own
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("plans:evidence", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReminderLog(models.Model):
    """One reminder email to one address on one day: sending twice a day is refused."""

    recipient = models.EmailField()
    date = models.DateField()
    item_count = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "trainings_reminderlog"  # kept from before plans had an app of their own
        constraints = [
            models.UniqueConstraint(fields=["recipient", "date"], name="one_reminder_per_day")
        ]

    def __str__(self):
        return f"{self.recipient} {self.date}"
