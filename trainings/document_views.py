"""A training's documents as PDF: its certificates (all, or one) and its report, and a
sample certificate for a letterhead."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from kla_portal.access import get_visible_or_404
from kla_portal.pdf import pdf_response
from stakeholders.models import Letterhead
from trainings import documents
from trainings.models import Certificate, Training


def _training_for_reader(user, pk) -> Training:
    return get_visible_or_404(
        Training.objects.filter(is_active=True).select_related("district", "signatory__letterhead"),
        user,
        pk=pk,
    )


@login_required
def certificates_pdf(request, pk):
    """Every valid certificate of the training, one per page, for printing in one go."""
    training = _training_for_reader(request.user, pk)
    issued = documents.issued_certificates(training)
    if not issued.exists():
        raise Http404
    return pdf_response(
        documents.certificates_pdf(training, issued), f"sertifikat-{training.title}"
    )


@login_required
def certificate_pdf(request, pk):
    """One participant's valid certificate (``pk``: the participant)."""
    certificate = get_visible_or_404(
        Certificate.objects.filter(
            revoked_on__isnull=True,
            participant__is_active=True,
            participant__training__is_active=True,
        ).select_related("participant__training__district"),
        request.user,
        participant_id=pk,
    )
    training = certificate.participant.training
    pdf = documents.certificates_pdf(
        training, documents.issued_certificates(training).filter(pk=certificate.pk)
    )
    return pdf_response(pdf, f"sertifikat-{certificate.participant.person.name}")


@login_required
def certificate_sample(request, pk):
    letterhead = get_visible_or_404(
        Letterhead.objects.select_related("district"), request.user, pk=pk
    )
    return pdf_response(documents.sample_certificate_pdf(letterhead), "contoh-sertifikat")


@login_required
def report_pdf(request, pk):
    training = _training_for_reader(request.user, pk)
    return pdf_response(documents.report_pdf(training), f"laporan-{training.title}")
