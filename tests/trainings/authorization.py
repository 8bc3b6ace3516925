"""The trainings rows of the authorization matrix (tests/test_authorization_matrix.py)."""

from datetime import date

from django.core.files.base import ContentFile

from tests.authorization_rules import Entry
from tests.letterhead_world import KEPALA, make_letterhead
from trainings import certificates
from trainings.models import (
    Attendance,
    Facilitator,
    Participant,
    Person,
    Training,
    TrainingDay,
    TrainingDocument,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_trainings(world):
    """A two-day training with a facilitator, a document and a certified participant."""
    district = world.district
    world.training = Training.objects.create(
        district=district,
        title="Pelatihan KHA",
        start_date=date(2025, 8, 19),
        end_date=date(2025, 8, 20),
        status=Training.Status.HELD,
    )
    for day in (19, 20):
        TrainingDay.objects.create(training=world.training, date=date(2025, 8, day))
    world.facilitator = Facilitator.objects.create(training=world.training, name="Narasumber")
    world.document = TrainingDocument(
        training=world.training, kind=TrainingDocument.Kind.AGENDA, original_name="agenda.pdf"
    )
    world.document.file.save("agenda.pdf", ContentFile(PDF))
    person = Person.objects.create(district=district, name="Peserta", gender="P")
    world.participant = Participant.objects.create(training=world.training, person=person)
    for day in world.training.days.all():
        Attendance.objects.create(participant=world.participant, day=day)
    world.letterhead = make_letterhead(district, None, logo=False, signatories=[KEPALA])
    world.certificate = certificates.issue_certificate(
        participant=world.participant, user=None, on=date(2025, 8, 20)
    )
    world.participant.refresh_from_db()
    return world


def _code(w):
    return [w.district.code]


def _training(w):
    return [w.training.pk]


# A POST that changes something, or a step without its upload, redirects (302) for those
# allowed to make it.
_DONE = {("own", "admin"): 302, ("own", "superuser"): 302, ("foreign", "superuser"): 302}

TRAININGS_MATRIX = {
    "trainings:list": Entry("read", args=_code),
    "trainings:calendar": Entry("read", args=_code),
    "trainings:training": Entry("read", args=_training),
    "trainings:report": Entry("read", args=_training),
    "trainings:report_xlsx": Entry("read", args=_training),
    "trainings:certificates": Entry("read", args=_training),
    "trainings:certificates_pdf": Entry("read", args=_training),
    "trainings:report_pdf": Entry("read", args=_training),
    "trainings:certificate_sample": Entry("read", args=lambda w: [w.letterhead.pk]),
    "trainings:export": Entry("read", args=_training),
    "trainings:template": Entry("read", args=_training),
    "trainings:certificate": Entry("read", args=lambda w: [w.participant.pk]),
    "trainings:document": Entry("read", args=lambda w: [w.document.pk]),
    "trainings:create": Entry("manage", args=_code),
    "trainings:people_merge": Entry("manage", args=_code),
    "trainings:edit": Entry("manage", args=_training),
    "trainings:participant_add": Entry("manage", args=_training),
    "trainings:participants_bulk": Entry("manage", args=_training),
    "trainings:scores": Entry("manage", args=_training),
    "trainings:import": Entry("manage", args=_training),
    "trainings:attendance": Entry("manage", args=lambda w: [w.training.pk, 1]),
    "trainings:import_preview": Entry("manage", args=_training, overrides=_DONE),
    "trainings:deactivate": Entry("manage", args=_training, method="post", overrides=_DONE),
    "trainings:facilitator_add": Entry("manage", args=_training, method="post", overrides=_DONE),
    "trainings:facilitator_remove": Entry(
        "manage", args=lambda w: [w.facilitator.pk], method="post", overrides=_DONE
    ),
    "trainings:document_add": Entry("manage", args=_training, method="post", overrides=_DONE),
    "trainings:document_remove": Entry(
        "manage", args=lambda w: [w.document.pk], method="post", overrides=_DONE
    ),
    "trainings:participant_remove": Entry(
        "manage", args=lambda w: [w.participant.pk], method="post", overrides=_DONE
    ),
    "trainings:certificates_issue": Entry("manage", args=_training, method="post", overrides=_DONE),
    "trainings:certificate_signatory": Entry(
        "manage", args=_training, method="post", overrides=_DONE
    ),
    # Already issued: the admin is sent back to the page with the reason (302).
    "trainings:certificate_issue": Entry(
        "manage", args=lambda w: [w.participant.pk], method="post", overrides=_DONE
    ),
    # Without a reason: sent back to the page with the message (302), nothing revoked.
    "trainings:certificate_revoke": Entry(
        "manage", args=lambda w: [w.certificate.pk], method="post", overrides=_DONE
    ),
    # The letterheads live in stakeholders but serve the trainings' documents: their rows
    # and their records are kept with the documents'.
    "stakeholders:letterhead_list": Entry("read", args=_code),
    "stakeholders:letterhead_create": Entry("manage", args=_code),
    "stakeholders:letterhead_edit": Entry("manage", args=lambda w: [w.letterhead.pk]),
    "trainings:import_confirm": Entry("manage", args=_training, method="post", overrides=_DONE),
    # The certificate check is public: anyone holding the code may confirm it.
    "trainings:verify": Entry("public", args=lambda w: [w.participant.certificate_code]),
}
