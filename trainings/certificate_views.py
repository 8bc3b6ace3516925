"""The certificates of a training: who qualifies, issuing, revoking, who signs, and the
public verification page. The PDFs themselves are in ``document_views``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kla_portal.access import can_edit_district, get_editable_or_403, get_visible_or_404
from kla_portal.forms import errors_text
from trainings import certificates
from trainings.certificate_forms import RevokeForm, SignatoryChoiceForm
from trainings.documents import organisation_of
from trainings.models import Certificate, Participant, Training

ISSUED = _("%(count)s sertifikat diterbitkan.")
ISSUED_ONE = _("Sertifikat %(number)s diterbitkan untuk %(name)s.")
BELOW_RULE_LEFT = _("Belum memenuhi syarat kehadiran (%(rule)s): %(names)s.")
REVOKED_LEFT = _("Sertifikat yang pernah dicabut tidak diterbitkan ulang otomatis: %(names)s.")
REVOKED = _("Sertifikat %(number)s dicabut.")
SIGNATORY_SAVED = _("Penanda tangan disimpan; berlaku untuk sertifikat yang terbit berikutnya.")
RULE_ALL_DAYS = _("hadir semua hari")
RULE_MIN_DAYS = _("hadir minimal %(n)s hari")


def _trainings():
    return Training.objects.filter(is_active=True).select_related(
        "district", "signatory__letterhead"
    )


def rule_text(training: Training) -> str:
    if training.min_days_attended:
        return str(RULE_MIN_DAYS % {"n": training.min_days_attended})
    return str(RULE_ALL_DAYS)


@login_required
def certificates_page(request, pk):
    training = get_visible_or_404(_trainings(), request.user, pk=pk)
    day_count = training.days.count()
    needed = certificates.required_days(training, day_count)
    participants = (
        certificates.with_days_present(training.participants.filter(is_active=True))
        .select_related("person__institution", "person__agency_unit", "person__member")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on", "-pk"))
        )
        .order_by("person__name", "pk")
    )
    rows = []
    for participant in participants:
        issued = list(participant.certificates.all())
        rows.append(
            {
                "participant": participant,
                "organisation": organisation_of(participant.person),
                "certificate": next((c for c in issued if not c.is_revoked), None),
                "revoked": [c for c in issued if c.is_revoked],
                "qualifies": day_count > 0 and participant.days_present >= needed,
            }
        )
    try:
        issuer = certificates.check_can_issue(training, timezone.localdate())
        blocker = None
    except ValidationError as exc:
        issuer = certificates.issuer_of(training)
        blocker = exc.messages[0]
    can_edit = can_edit_district(request.user, training.district)
    return render(
        request,
        "trainings/certificates.html",
        {
            "training": training,
            "district": training.district,
            "rows": rows,
            "day_count": day_count,
            "rule": rule_text(training),
            "issued_count": sum(1 for row in rows if row.get("certificate")),
            "qualifying_count": sum(1 for row in rows if row["qualifies"]),
            "issuer": issuer,
            "blocker": blocker,
            "can_edit": can_edit,
            "signatory_form": SignatoryChoiceForm(training=training) if can_edit else None,
            "revoke_form": RevokeForm() if can_edit else None,
        },
    )


@require_POST
@login_required
def certificates_issue(request, pk):
    training = get_editable_or_403(_trainings(), request.user, pk=pk)
    try:
        result = certificates.issue_certificates(training=training, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("trainings:certificates", training.pk)
    messages.success(request, ISSUED % {"count": len(result.issued)})
    if result.below_rule:
        messages.warning(
            request,
            BELOW_RULE_LEFT % {"rule": rule_text(training), "names": ", ".join(result.below_rule)},
        )
    if result.revoked:
        messages.info(request, REVOKED_LEFT % {"names": ", ".join(result.revoked)})
    return redirect("trainings:certificates", training.pk)


@require_POST
@login_required
def certificate_issue(request, pk):
    """One participant's certificate: a re-issue after a revocation, or a late one."""
    participant = get_editable_or_403(
        Participant.objects.select_related("person", "training__district"), request.user, pk=pk
    )
    try:
        certificate = certificates.issue_certificate(participant=participant, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            ISSUED_ONE % {"number": certificate.number, "name": participant.person.name},
        )
    return redirect("trainings:certificates", participant.training_id)


@require_POST
@login_required
def certificate_revoke(request, pk):
    certificate = get_editable_or_403(
        Certificate.objects.select_related("participant__training"), request.user, pk=pk
    )
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("trainings:certificates", certificate.participant.training_id)
    try:
        certificates.revoke_certificate(
            certificate=certificate, reason=form.cleaned_data["reason"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, REVOKED % {"number": certificate.number or certificate.code})
    return redirect("trainings:certificates", certificate.participant.training_id)


@require_POST
@login_required
def certificate_signatory(request, pk):
    training = get_editable_or_403(_trainings(), request.user, pk=pk)
    form = SignatoryChoiceForm(request.POST, training=training)
    if form.is_valid():
        try:
            certificates.set_signatory(
                training=training, signatory=form.cleaned_data["signatory"], user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, SIGNATORY_SAVED)
    else:
        messages.error(request, errors_text(form))
    return redirect("trainings:certificates", training.pk)


def certificate_verify(request, code):
    """Public: anyone holding a printed certificate can check it, without an account.

    A revoked certificate answers 410 (Gone) and says so; an unknown code, 404."""
    certificate = certificates.verify(code)
    status = 404 if certificate is None else 410 if certificate.is_revoked else 200
    return render(
        request,
        "trainings/verify.html",
        {
            "certificate": certificate,
            "holder": certificate.participant if certificate else None,
            "organisation": organisation_of(certificate.participant.person) if certificate else "",
            "code": certificates.normalize_code(code),
        },
        status=status,
    )
