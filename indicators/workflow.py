"""The assessment's path, from draft to locked, and who may do what on it.

The ministry's chain, as the app runs it::

    draft      the Dinas PPPA (district admin) fills the items, accepts or
               overrides the app's suggestions, attaches evidence
    reviewed   the Dinas PPPA has checked the whole; the task-force chair signs
               off (their name is recorded)
    submitted  sent to the province; verifiers (the province coordinator of
               the district's province, whose one write right this is, or a
               ministry evaluator) set a verified status and comment per item,
               may return one item (the district fixes just that item) or the
               whole assessment (back to draft)
    verified   the verifier has finished
    locked     nothing changes any more, except an item a verifier reopens:
               that item alone becomes editable for the district and
               verifiable again, the rest stays locked

The permission rules live here, in ``can_*`` functions; the views and templates
ask them. They add the stage to the role rules of ``kla_portal.access``
(``can_edit_district``, ``can_verify_district``), which alone say who holds
which role where. Every write records the acting user in the history
(django-simple-history).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from indicators.models import (
    Assessment,
    ChecklistItem,
    Framework,
    ItemAssessment,
    ItemEvidence,
)
from kla_portal import figures
from kla_portal.access import can_edit_district, can_verify_district
from kla_portal.history import save_with_history

Status = Assessment.Status

NO_FRAMEWORK = _("Belum ada kerangka indikator yang berlaku untuk tahun %(year)s.")
ALREADY_EXISTS = _("Penilaian %(year)s untuk kabupaten/kota ini sudah ada.")
NOT_EDITABLE = _("Butir ini tidak dapat diubah pada tahap penilaian sekarang.")
NOT_VERIFIABLE = _("Butir ini tidak dapat diverifikasi pada tahap penilaian sekarang.")
WRONG_STEP = _("Langkah ini tidak tersedia pada status penilaian sekarang.")
CHAIR_REQUIRED = _("Tuliskan nama ketua gugus tugas yang menyetujui.")
SIGN_OFF_REQUIRED = _("Penilaian harus disetujui ketua gugus tugas sebelum diajukan.")
COMMENT_REQUIRED = _("Tuliskan komentar untuk daerah.")
REASON_REQUIRED = _("Tuliskan alasan mengubah usulan otomatis.")
NO_SUGGESTION = _("Tidak ada usulan otomatis untuk butir ini.")
ITEMS_STILL_RETURNED = _("Masih ada %(n)s butir yang dikembalikan ke daerah.")
ITEMS_STILL_REOPENED = _("Masih ada %(n)s butir yang dibuka kembali.")


# ---------------------------------------------------------------------------
# Who may do what


def is_verifier(user, assessment: Assessment) -> bool:
    """The verifier's side of the workflow, as ``can_manage`` is the district's."""
    return can_verify_district(user, assessment.district)


def can_manage(user, assessment: Assessment) -> bool:
    """The district's Dinas PPPA (or a superuser) runs the district side of the workflow."""
    return user.is_authenticated and can_edit_district(user, assessment.district)


def can_fill(user, assessment: Assessment) -> bool:
    """Whether the district may change items: the whole draft."""
    return can_manage(user, assessment) and assessment.status == Status.DRAFT


def can_fill_item(user, item: ItemAssessment) -> bool:
    """A draft's items, or one a verifier returned or reopened."""
    assessment = item.assessment
    if not can_manage(user, assessment):
        return False
    if assessment.status == Status.DRAFT:
        return True
    if item.is_returned and assessment.status == Status.SUBMITTED:
        return True
    return item.is_reopened and assessment.status in (Status.VERIFIED, Status.LOCKED)


def can_review(user, assessment: Assessment) -> bool:
    return can_manage(user, assessment) and assessment.status == Status.DRAFT


def can_sign_off(user, assessment: Assessment) -> bool:
    return can_manage(user, assessment) and assessment.status == Status.REVIEWED


def can_submit(user, assessment: Assessment) -> bool:
    return (
        can_manage(user, assessment)
        and assessment.status == Status.REVIEWED
        and bool(assessment.signed_off_by)
    )


def can_verify(user, assessment: Assessment) -> bool:
    """Whether the user verifies this assessment now (item by item, return, finish)."""
    return is_verifier(user, assessment) and assessment.status == Status.SUBMITTED


def can_verify_item(user, item: ItemAssessment) -> bool:
    assessment = item.assessment
    if not is_verifier(user, assessment):
        return False
    if assessment.status == Status.SUBMITTED:
        return True
    return item.is_reopened and assessment.status in (Status.VERIFIED, Status.LOCKED)


def can_lock(user, assessment: Assessment) -> bool:
    return is_verifier(user, assessment) and assessment.status == Status.VERIFIED


def can_reopen_item(user, item: ItemAssessment) -> bool:
    return (
        is_verifier(user, item.assessment)
        and item.assessment.status in (Status.VERIFIED, Status.LOCKED)
        and not item.is_reopened
    )


# ---------------------------------------------------------------------------
# Writes


def framework_for_year(year: int) -> Framework | None:
    """The framework in force in that year (the most recent one, if they overlap)."""
    return (
        Framework.objects.filter(first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .order_by("-first_year")
        .first()
    )


@figures.write("district")
def start_assessment(*, district, year: int, user) -> Assessment:
    """A draft for the year, under the framework of that year, with one row per butir."""
    framework = framework_for_year(year)
    if framework is None:
        raise ValidationError(NO_FRAMEWORK % {"year": year})
    if Assessment.objects.filter(district=district, year=year).exists():
        raise ValidationError(ALREADY_EXISTS % {"year": year})
    assessment = Assessment(district=district, year=year, framework=framework)
    save_with_history(assessment, user=user)
    items = ChecklistItem.objects.filter(indicator__framework=framework).order_by(
        "indicator__number", "order"
    )
    bulk_create_with_history(
        [ItemAssessment(assessment=assessment, item=item, updated_by=user) for item in items],
        ItemAssessment,
        default_user=user,
    )
    return assessment


def _check_fill(user, item):
    if not can_fill_item(user, item):
        raise ValidationError(NOT_EDITABLE)


@figures.write("item")
def fill_item(*, item: ItemAssessment, user, status: str, notes: str) -> ItemAssessment:
    """The district's claim on one butir: its status and notes.

    Choosing a status other than an accepted suggestion's withdraws the acceptance.
    """
    _check_fill(user, item)
    item.self_status = status
    item.notes = notes
    if item.suggestion_accepted and status != item.suggested_status:
        item.suggestion_accepted = False
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["self_status", "notes", "suggestion_accepted", "updated_by", "updated_at"],
        clean=False,
    )
    return item


@figures.write("item")
def accept_suggestion(*, item: ItemAssessment, user, suggestion) -> ItemAssessment:
    """Take the app's suggestion (``derived.Suggestion``) as the district's status."""
    _check_fill(user, item)
    if suggestion is None or not suggestion.status:
        raise ValidationError(NO_SUGGESTION)
    item.self_status = suggestion.status
    item.suggested_status = suggestion.status
    item.suggestion_text = suggestion.explanation[:300]
    item.suggestion_accepted = True
    item.override_reason = ""
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=[
            "self_status",
            "suggested_status",
            "suggestion_text",
            "suggestion_accepted",
            "override_reason",
            "updated_by",
            "updated_at",
        ],
        clean=False,
    )
    return item


@figures.write("item")
def override_suggestion(
    *, item: ItemAssessment, user, suggestion, status: str, reason: str
) -> ItemAssessment:
    """Set a status other than the app's suggestion, saying why."""
    _check_fill(user, item)
    if suggestion is None or not suggestion.status:
        raise ValidationError(NO_SUGGESTION)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED)
    item.self_status = status
    item.suggested_status = suggestion.status
    item.suggestion_text = suggestion.explanation[:300]
    item.suggestion_accepted = False
    item.override_reason = reason.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=[
            "self_status",
            "suggested_status",
            "suggestion_text",
            "suggestion_accepted",
            "override_reason",
            "updated_by",
            "updated_at",
        ],
        clean=False,
    )
    return item


@figures.write("item")
def add_evidence(*, item: ItemAssessment, user, uploaded) -> ItemEvidence:
    """Attach a checked upload (from ``EvidenceFileField``) to the item."""
    _check_fill(user, item)
    evidence = ItemEvidence(
        item_assessment=item, file=uploaded, original_name=uploaded.name, uploaded_by=user
    )
    save_with_history(evidence, user=user, clean=False)
    return evidence


def _move(assessment, user, allowed: bool, status, **fields):
    if not allowed:
        raise ValidationError(WRONG_STEP)
    assessment.status = status
    for name, value in fields.items():
        setattr(assessment, name, value)
    save_with_history(assessment, user=user, fields=["status", *fields, "updated_at"], clean=False)
    return assessment


@figures.write("assessment")
def review_assessment(*, assessment: Assessment, user) -> Assessment:
    """The Dinas PPPA has checked the draft: it goes to the chair for sign-off."""
    return _move(assessment, user, can_review(user, assessment), Status.REVIEWED)


@figures.write("assessment")
def reopen_draft(*, assessment: Assessment, user) -> Assessment:
    """Back from reviewed to draft (something to fix before the chair signs)."""
    allowed = can_manage(user, assessment) and assessment.status == Status.REVIEWED
    return _move(assessment, user, allowed, Status.DRAFT, signed_off_by="", signed_off_at=None)


@figures.write("assessment")
def sign_off(*, assessment: Assessment, user, chair_name: str) -> Assessment:
    """Record the task-force chair's approval (by name: the chair rarely has an account)."""
    if not chair_name.strip():
        raise ValidationError(CHAIR_REQUIRED)
    if not can_sign_off(user, assessment):
        raise ValidationError(WRONG_STEP)
    assessment.signed_off_by = chair_name.strip()[:200]
    assessment.signed_off_at = timezone.now()
    save_with_history(
        assessment, user=user, fields=["signed_off_by", "signed_off_at", "updated_at"], clean=False
    )
    return assessment


@figures.write("assessment")
def submit_assessment(*, assessment: Assessment, user) -> Assessment:
    if assessment.status == Status.REVIEWED and not assessment.signed_off_by:
        raise ValidationError(SIGN_OFF_REQUIRED)
    return _move(
        assessment,
        user,
        can_submit(user, assessment),
        Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


@figures.write("item")
def verify_item(*, item: ItemAssessment, user, status: str, comment: str) -> ItemAssessment:
    """The verifier's finding on one butir; clears a return or a reopening."""
    if not can_verify_item(user, item):
        raise ValidationError(NOT_VERIFIABLE)
    item.verified_status = status
    item.verifier_comment = comment.strip()
    item.is_returned = False
    item.is_reopened = False
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=[
            "verified_status",
            "verifier_comment",
            "is_returned",
            "is_reopened",
            "updated_by",
            "updated_at",
        ],
        clean=False,
    )
    return item


@figures.write("item")
def return_item(*, item: ItemAssessment, user, comment: str) -> ItemAssessment:
    """Send one butir back to the district, with what to fix."""
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    if not can_verify(user, item.assessment):
        raise ValidationError(NOT_VERIFIABLE)
    item.is_returned = True
    item.verifier_comment = comment.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["is_returned", "verifier_comment", "updated_by", "updated_at"],
        clean=False,
    )
    return item


@figures.write("item")
def reopen_item(*, item: ItemAssessment, user, comment: str) -> ItemAssessment:
    """Open one butir of a verified or locked assessment; the rest stays as it is."""
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    if not can_reopen_item(user, item):
        raise ValidationError(NOT_VERIFIABLE)
    item.is_reopened = True
    item.verifier_comment = comment.strip()
    item.updated_by = user
    save_with_history(
        item,
        user=user,
        fields=["is_reopened", "verifier_comment", "updated_by", "updated_at"],
        clean=False,
    )
    return item


@figures.write("assessment")
def return_assessment(*, assessment: Assessment, user, comment: str) -> Assessment:
    """The whole assessment back to draft: review and sign-off start again."""
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED)
    return _move(
        assessment,
        user,
        can_verify(user, assessment),
        Status.DRAFT,
        return_comment=comment.strip(),
        signed_off_by="",
        signed_off_at=None,
    )


@figures.write("assessment")
def finish_verification(*, assessment: Assessment, user) -> Assessment:
    if not can_verify(user, assessment):
        raise ValidationError(WRONG_STEP)
    returned = assessment.items.filter(is_returned=True).count()
    if returned:
        raise ValidationError(ITEMS_STILL_RETURNED % {"n": returned})
    return _move(
        assessment,
        user,
        True,
        Status.VERIFIED,
        verified_at=timezone.now(),
        verified_by=user,
    )


@figures.write("assessment")
def lock_assessment(*, assessment: Assessment, user) -> Assessment:
    if not can_lock(user, assessment):
        raise ValidationError(WRONG_STEP)
    reopened = assessment.items.filter(is_reopened=True).count()
    if reopened:
        raise ValidationError(ITEMS_STILL_REOPENED % {"n": reopened})
    return _move(assessment, user, True, Status.LOCKED)
