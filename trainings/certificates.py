"""Certificates: who qualifies, when they may be issued, their number and code, revocation.

A participant qualifies by attending every day of the training, or at least
``min_days_attended`` days when the training sets it. Certificates are issued from
the training's last day on (handed out at the closing, never before the training
has ended), under the training's letterhead (the district's Dinas PPPA one unless
the training names an agency's), numbered in that letterhead's format in a sequence
per year, and signed by its signatory, whose name, rank and NIP are copied onto the
certificate. Each carries a code that the public page confirms, so anyone holding
the paper can check it without an account; a revoked certificate is shown as revoked.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kla_portal import figures
from kla_portal.history import save_with_history
from stakeholders.letterheads import Issuer, format_number, issuer_for
from stakeholders.models import Letterhead, Signatory
from trainings.models import Certificate, Participant, Training

# No 0/O or 1/I: codes are read off paper and typed back.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 10

BEFORE_LAST_DAY = _("Sertifikat baru bisa diterbitkan mulai hari terakhir pelatihan (%(date)s).")
NO_DAYS = _("Pelatihan ini belum punya hari pelatihan, jadi kehadiran belum bisa dihitung.")
NO_LETTERHEAD = _(
    "Kop surat Dinas PPPA belum diisi. Isi dulu kop surat dan penanda tangannya di "
    "Kop surat dan penanda tangan."
)
NO_SIGNATORY = _("Kop surat %(office)s belum punya penanda tangan yang aktif.")
BELOW_RULE = _(
    "%(name)s hadir %(present)s dari %(days)s hari; syarat sertifikat: hadir minimal "
    "%(needed)s hari."
)
ALREADY_ISSUED = _("%(name)s sudah punya sertifikat %(number)s.")
NOT_ACTIVE = _("%(name)s tidak lagi terdaftar sebagai peserta.")
REASON_REQUIRED = _("Tulis alasan pencabutan: alasan itu ditampilkan di halaman verifikasi.")
ALREADY_REVOKED = _("Sertifikat ini sudah dicabut.")
SIGNATORY_OTHER_DISTRICT = _("Penanda tangan ini bukan dari kabupaten/kota pelatihan.")


def new_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"KHA-{body}"


def normalize_code(text: str) -> str:
    return str(text or "").strip().upper()


def required_days(training: Training, day_count: int) -> int:
    if training.min_days_attended:
        return min(training.min_days_attended, day_count)
    return day_count


def with_days_present(participants):
    """Annotate ``days_present`` (days marked present) on a Participant queryset."""
    return participants.annotate(
        days_present=Count("attendance", filter=Q(attendance__present=True), distinct=True)
    )


def qualifying(training: Training):
    """The training's active participants who met its attendance rule."""
    day_count = training.days.count()
    if day_count == 0:
        return Participant.objects.none()
    return with_days_present(training.participants.filter(is_active=True)).filter(
        days_present__gte=required_days(training, day_count)
    )


def issuer_of(training: Training) -> Issuer | None:
    """The letterhead and signatory the training's certificates and report go out under."""
    signatory = training.signatory
    return issuer_for(
        training.district,
        letterhead=signatory.letterhead if signatory else None,
        signatory=signatory,
    )


def check_can_issue(training: Training, on: date) -> Issuer:
    """The issuer, if the training's certificates may be issued on ``on``; else the reason."""
    if on < training.end_date:
        raise ValidationError(
            BEFORE_LAST_DAY % {"date": formats.date_format(training.end_date, "d/m/Y")},
            code="before_last_day",
        )
    if not training.days.exists():
        raise ValidationError(NO_DAYS, code="no_days")
    issuer = issuer_of(training)
    if issuer is None:
        raise ValidationError(NO_LETTERHEAD, code="no_letterhead")
    if issuer.signatory is None:
        raise ValidationError(
            NO_SIGNATORY % {"office": issuer.letterhead.office}, code="no_signatory"
        )
    return issuer


@dataclass
class IssueResult:
    issued: list = field(default_factory=list)  # of Certificate
    below_rule: list = field(default_factory=list)  # names of those who did not qualify
    revoked: list = field(default_factory=list)  # names whose certificate was revoked


@figures.write("training")
def issue_certificates(*, training: Training, user, on: date | None = None) -> IssueResult:
    """Issue a certificate to every qualifying participant who has none yet.

    Those whose certificate was revoked are left out: a revocation is a decision, not
    something the next click should undo; ``issue_certificate`` re-issues one by one.
    """
    on = on or timezone.localdate()
    issuer = check_can_issue(training, on)
    result = IssueResult()
    qualified = set(qualifying(training).values_list("pk", flat=True))
    waiting = (
        training.participants.filter(is_active=True, certificate_code__isnull=True)
        .select_related("person")
        .annotate(revoked=Count("certificates"))
        .order_by("person__name", "pk")
    )
    for participant in waiting:
        if participant.revoked:
            result.revoked.append(participant.person.name)
        elif participant.pk not in qualified:
            result.below_rule.append(participant.person.name)
        else:
            result.issued.append(_issue(participant, issuer=issuer, on=on, user=user))
    return result


@figures.write("participant")
def issue_certificate(*, participant: Participant, user, on: date | None = None) -> Certificate:
    """One participant's certificate, with the reason when it cannot be issued."""
    on = on or timezone.localdate()
    training = participant.training
    issuer = check_can_issue(training, on)
    name = participant.person.name
    if not participant.is_active:
        raise ValidationError(NOT_ACTIVE % {"name": name}, code="not_active")
    if participant.certificate_code:
        current = Certificate.objects.get(code=participant.certificate_code)
        raise ValidationError(
            ALREADY_ISSUED % {"name": name, "number": current.number or current.code},
            code="already_issued",
        )
    days = training.days.count()
    present = participant.attendance.filter(present=True).count()
    needed = required_days(training, days)
    if present < needed:
        raise ValidationError(
            BELOW_RULE % {"name": name, "present": present, "days": days, "needed": needed},
            code="below_rule",
        )
    return _issue(participant, issuer=issuer, on=on, user=user)


def _issue(participant: Participant, *, issuer: Issuer, on: date, user) -> Certificate:
    # Lock the letterhead: two admins issuing at once must not take the same number.
    letterhead = Letterhead.objects.select_for_update().get(pk=issuer.letterhead.pk)
    last = Certificate.objects.filter(letterhead=letterhead, year=on.year).aggregate(
        last=Max("sequence")
    )["last"]
    sequence = (last or 0) + 1
    code = new_code()
    while Certificate.objects.filter(code=code).exists():
        code = new_code()
    signatory = issuer.signatory
    assert signatory is not None  # check_can_issue refuses an issuer without one
    certificate = Certificate(
        participant=participant,
        code=code,
        number=format_number(letterhead.certificate_number_format, sequence=sequence, on=on),
        letterhead=letterhead,
        year=on.year,
        sequence=sequence,
        issued_on=on,
        issued_by=user,
        signatory_name=signatory.name,
        signatory_position=signatory.position,
        signatory_rank=signatory.rank,
        signatory_nip=signatory.nip,
    )
    save_with_history(certificate, user=user, clean=False)
    participant.certificate_code = code
    participant.certificate_issued_on = on
    save_with_history(
        participant, user=user, fields=["certificate_code", "certificate_issued_on"], clean=False
    )
    return certificate


@figures.write("certificate")
def revoke_certificate(
    *, certificate: Certificate, reason: str, user, on: date | None = None
) -> Certificate:
    """Revoke a certificate: the public page then says so, with the reason; the holder no
    longer counts as certified."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    if certificate.is_revoked:
        raise ValidationError(ALREADY_REVOKED, code="already_revoked")
    certificate.revoked_on = on or timezone.localdate()
    certificate.revoked_reason = reason
    certificate.revoked_by = user
    save_with_history(
        certificate, user=user, fields=["revoked_on", "revoked_reason", "revoked_by"], clean=False
    )
    participant = certificate.participant
    if participant.certificate_code == certificate.code:
        participant.certificate_code = None
        participant.certificate_issued_on = None
        save_with_history(
            participant,
            user=user,
            fields=["certificate_code", "certificate_issued_on"],
            clean=False,
        )
    return certificate


def set_signatory(*, training: Training, signatory: Signatory | None, user) -> None:
    """Choose who signs the training's next certificates and its report, under the
    letterhead they belong to (``None``: the district's Dinas PPPA letterhead and its
    first signatory). Certificates already issued keep the signatory they were issued with."""
    if signatory is not None and signatory.letterhead.district_id != training.district_id:
        raise ValidationError({"signatory": SIGNATORY_OTHER_DISTRICT})
    training.signatory = signatory
    save_with_history(training, user=user, fields=["signatory"], clean=False)


def verify(code: str) -> Certificate | None:
    """The certificate with this code, valid or revoked, if its holder is still enrolled."""
    code = normalize_code(code)
    if not code:
        return None
    return (
        Certificate.objects.select_related(
            "participant__person__institution",
            "participant__person__member",
            "participant__person__agency_unit",
            "participant__training__district",
            "letterhead__agency",
        )
        .filter(code=code, participant__is_active=True, participant__training__is_active=True)
        .first()
    )
