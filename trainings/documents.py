"""A training's documents on paper: its certificates and its report (laporan kegiatan), as PDF.

Each document is a template under ``templates/trainings/documents/`` rendered by
``kla_portal.pdf``; this module gathers what they print in a fixed number of queries
(the bulk certificates of forty participants cost the same as those of four): the
issuer's letterhead and logo, the QR code pointing at the public verification page,
the attendance list by day, the scores, the facilitators and the photos.
"""

import base64
import io
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kla_portal.pdf import render_pdf
from stakeholders.letterheads import Issuer, display_nip, format_number, logo_data_uri
from stakeholders.models import Letterhead, Signatory
from trainings import reports
from trainings.certificates import issuer_of
from trainings.models import Attendance, Certificate, Participant, Training, TrainingDocument

CERTIFICATE_TEMPLATE = "trainings/documents/certificates.html"
REPORT_TEMPLATE = "trainings/documents/report.html"
MAX_PHOTOS = 12
# Photos are shrunk to this many pixels on their long side before they go into the
# report: a phone photo is 4000 px and 5 MB, the printed one is 6 cm wide.
PHOTO_PIXELS = 1000
STATUS_MARKS = {
    Attendance.Status.HADIR: "H",
    Attendance.Status.IZIN: "I",
    Attendance.Status.SAKIT: "S",
    Attendance.Status.TANPA_KETERANGAN: "A",
}
SAMPLE_NAME = _("Nama Peserta, S.Pd.")
SAMPLE_ORGANISATION = _("Nama instansi peserta")
SAMPLE_TITLE = _("Pelatihan Konvensi Hak Anak (contoh)")


def verification_url(code: str) -> str:
    """The public page a certificate's QR code opens: on the site's public address
    (``SITE_URL``), not the address the office happened to print it from."""
    return settings.SITE_URL + reverse("trainings:verify", args=[code])


def qr_data_uri(url: str) -> str:
    """The URL as a QR code, an SVG inlined in the document (segno)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#14213d")


def organisation_of(person) -> str:
    """Where the participant comes from, as their certificate names it."""
    if person.institution_id:
        return person.institution.name
    if person.agency_unit_id:
        return person.agency_unit.name
    if person.member_id:
        return person.member.agency or str(_("Gugus Tugas KLA"))
    return person.other_organisation


@dataclass
class Letter:
    """The issuer as a document prints it: kop surat lines, logo, place, signatory."""

    letterhead: Letterhead
    logo: str
    signatory_name: str
    signatory_position: str
    signatory_rank: str
    signatory_nip: str


def letter_of(issuer: Issuer) -> Letter:
    signatory = issuer.signatory or Signatory()
    return Letter(
        letterhead=issuer.letterhead,
        logo=logo_data_uri(issuer.letterhead),
        signatory_name=signatory.name,
        signatory_position=signatory.position,
        signatory_rank=signatory.rank,
        signatory_nip=display_nip(signatory.nip),
    )


@dataclass
class CertificatePage:
    name: str
    organisation: str
    number: str
    code: str
    issued_on: date
    url: str
    qr: str
    signatory_name: str
    signatory_position: str
    signatory_rank: str
    signatory_nip: str


# Certificates


def issued_certificates(training: Training):
    """The training's valid certificates, in name order, with what their pages print."""
    return (
        Certificate.objects.filter(
            participant__training=training,
            participant__is_active=True,
            revoked_on__isnull=True,
        )
        .select_related(
            "letterhead__district",
            "participant__person__institution",
            "participant__person__agency_unit",
            "participant__person__member",
        )
        .order_by("participant__person__name", "pk")
    )


def _page(certificate: Certificate) -> CertificatePage:
    url = verification_url(certificate.code)
    person = certificate.participant.person
    return CertificatePage(
        name=person.name,
        organisation=organisation_of(person),
        number=certificate.number,
        code=certificate.code,
        issued_on=certificate.issued_on,
        url=url,
        qr=qr_data_uri(url),
        signatory_name=certificate.signatory_name,
        signatory_position=certificate.signatory_position,
        signatory_rank=certificate.signatory_rank,
        signatory_nip=display_nip(certificate.signatory_nip),
    )


def certificates_pdf(training: Training, certificates) -> bytes:
    """One A4 landscape page per certificate, all under the letterhead they were issued with.

    Certificates of one training share a letterhead, but an admin may change the
    signatory between two issues: each page prints its own certificate's signatory.
    """
    certificates = list(certificates)
    logos = {}
    pages = []
    for certificate in certificates:
        letterhead = certificate.letterhead
        if letterhead is not None and letterhead.pk not in logos:
            logos[letterhead.pk] = logo_data_uri(letterhead)
        pages.append(
            (_page(certificate), letterhead, logos.get(letterhead.pk) if letterhead else "")
        )
    return render_pdf(
        CERTIFICATE_TEMPLATE,
        {"training": training, "district": training.district, "pages": pages},
    )


def sample_certificate_pdf(letterhead: Letterhead) -> bytes:
    """A certificate with a made-up participant, for the admin to see the letterhead,
    logo, number and signatory before issuing real ones."""
    today = timezone.localdate()
    signatory = letterhead.signatories.filter(is_active=True).order_by("order", "name").first()
    signatory = signatory or Signatory()
    code = "KHA-CONTOH2345"
    url = verification_url(code)
    page = CertificatePage(
        name=str(SAMPLE_NAME),
        organisation=str(SAMPLE_ORGANISATION),
        number=format_number(letterhead.certificate_number_format, sequence=7, on=today),
        code=code,
        issued_on=today,
        url=url,
        qr=qr_data_uri(url),
        signatory_name=signatory.name,
        signatory_position=signatory.position,
        signatory_rank=signatory.rank,
        signatory_nip=display_nip(signatory.nip),
    )
    training = Training(
        district=letterhead.district,
        title=str(SAMPLE_TITLE),
        start_date=today,
        end_date=today,
        hours=30,
        organiser=letterhead.office,
    )
    return render_pdf(
        CERTIFICATE_TEMPLATE,
        {
            "training": training,
            "district": letterhead.district,
            "pages": [(page, letterhead, logo_data_uri(letterhead))],
            "sample": True,
        },
    )


# The training report


@dataclass
class AttendanceRow:
    participant: Participant
    organisation: str
    marks: list  # one of H, I, S, A per day; "" for a day still to come

    @property
    def gain(self):
        pre, post = self.participant.pre_score, self.participant.post_score
        return None if pre is None or post is None else post - pre


@dataclass
class Photo:
    data_uri: str
    caption: str


def attendance_rows(training: Training, days: list, today: date) -> list[AttendanceRow]:
    """Every active participant's status on each day: H(adir), I(zin), S(akit) or
    A (tanpa keterangan: absent with no reason, or not recorded on a day that has passed)."""
    participants = (
        training.participants.filter(is_active=True)
        .select_related("person__institution", "person__agency_unit", "person__member", "function")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.all()))
        .order_by("person__name", "pk")
    )
    rows = []
    for participant in participants:
        by_day = {record.day_id: record.status for record in participant.attendance.all()}
        marks = []
        for day in days:
            status = by_day.get(day.pk)
            if status is None and day.date <= today:
                status = Attendance.Status.TANPA_KETERANGAN
            marks.append(STATUS_MARKS[Attendance.Status(status)] if status else "")
        rows.append(
            AttendanceRow(
                participant=participant,
                organisation=organisation_of(participant.person),
                marks=marks,
            )
        )
    return rows


def report_photos(training: Training) -> list[Photo]:
    """Up to twelve of the training's photos (the first uploaded), shrunk to print size."""
    photos = []
    documents = training.documents.filter(
        kind=TrainingDocument.Kind.PHOTO, is_active=True
    ).order_by("uploaded_at", "pk")
    for document in documents:
        data = _print_size(document)
        if data:
            photos.append(Photo(data_uri=data, caption=document.original_name))
        if len(photos) == MAX_PHOTOS:
            break
    return photos


def _print_size(document: TrainingDocument) -> str:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with document.file.open("rb") as handle, Image.open(handle) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
            image.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=80)
    except (FileNotFoundError, UnidentifiedImageError, OSError):
        return ""  # a PDF filed as a photo, or a file gone from the disk
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode()


def report_pdf(training: Training) -> bytes:
    today = timezone.localdate()
    report = reports.build_report(training)
    issuer = issuer_of(training)
    rows = attendance_rows(training, report.days, today)
    scored = [
        row
        for row in rows
        if row.participant.pre_score is not None or row.participant.post_score is not None
    ]
    return render_pdf(
        REPORT_TEMPLATE,
        {
            "training": training,
            "district": training.district,
            "report": report,
            "letter": letter_of(issuer) if issuer else None,
            "rows": rows,
            "scored": scored,
            "photos": report_photos(training),
            "today": today,
            "statuses": [
                (mark, Attendance.Status(key).label) for key, mark in STATUS_MARKS.items()
            ],
        },
    )
