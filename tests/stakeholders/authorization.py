"""The stakeholders rows of the authorization matrix (tests/test_authorization_matrix.py).

``STAKEHOLDERS_MATRIX`` joins ``MATRIX``; ``build_world`` calls ``add_stakeholders``.
"""

from datetime import date

from django.core.files.base import ContentFile

from kla_portal.models import Membership, Role
from stakeholders.models import (
    Agency,
    Institution,
    InstitutionMilestone,
    Member,
    TaskForce,
    WorkingGroup,
)
from tests.authorization_rules import Entry
from tests.conftest import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_stakeholders(world):
    """A task force with a decree file, a member, an institution with a milestone and evidence."""
    sectors = world.sectors
    world.task_force = TaskForce.objects.create(
        district=world.district,
        decree_number="188.45/1/2024",
        decree_date=date(2024, 1, 2),
        valid_from=date(2024, 1, 2),
    )
    world.task_force.decree_file.save("sk.pdf", ContentFile(PDF))
    group = WorkingGroup.objects.create(task_force=world.task_force, cluster="K")
    world.member = Member.objects.create(
        task_force=world.task_force, working_group=group, name="Anggota"
    )
    world.institution = Institution.objects.create(
        district=world.district, sector=sectors["sekolah"], name="SD Negeri 1"
    )
    world.milestone = InstitutionMilestone.objects.create(
        institution=world.institution,
        definition=sectors["sekolah"].milestones.get(order=1),
        achieved_on=date(2025, 1, 2),
    )
    world.milestone.evidence.save("bukti.pdf", ContentFile(PDF))
    # An agency with an operator login (not one of the cast: its membership is deactivated).
    world.stakeholders_agency = Agency.objects.create(
        district=world.district, name="Perangkat daerah matriks", short_name="PD Matriks"
    )
    world.operator_membership = Membership.objects.create(
        user=make_user(f"operator.matriks.{world.region}"),
        role=Role.AGENCY_OPERATOR,
        district=world.district,
        agency=world.stakeholders_agency,
    )
    return world


def _code(w):
    return [w.district.code]


# A POST that changes something redirects (302) for those allowed to make it.
_WRITE_DONE = {("own", "admin"): 302, ("own", "superuser"): 302, ("foreign", "superuser"): 302}

STAKEHOLDERS_MATRIX = {
    "stakeholders:task_force_list": Entry("read", args=_code),
    "stakeholders:overview": Entry("read", args=_code),
    "stakeholders:institution_list": Entry("read", args=_code),
    "stakeholders:task_force": Entry("read", args=lambda w: [w.task_force.pk]),
    "stakeholders:task_force_decree": Entry("read", args=lambda w: [w.task_force.pk]),
    "stakeholders:member": Entry("read", args=lambda w: [w.member.pk]),
    "stakeholders:institution": Entry("read", args=lambda w: [w.institution.pk]),
    "stakeholders:milestone_evidence": Entry("read", args=lambda w: [w.milestone.pk]),
    "stakeholders:task_force_create": Entry("manage", args=_code),
    "stakeholders:institution_create": Entry("manage", args=_code),
    "stakeholders:institution_import": Entry("manage", args=_code),
    "stakeholders:institution_import_template": Entry("manage", args=_code),
    "stakeholders:task_force_edit": Entry("manage", args=lambda w: [w.task_force.pk]),
    "stakeholders:member_create": Entry("manage", args=lambda w: [w.task_force.pk]),
    "stakeholders:member_edit": Entry("manage", args=lambda w: [w.member.pk]),
    # The invitation's write: an empty form is shown again with its error (200); no login is
    # made for anyone but the member's own district admin (and superusers).
    "stakeholders:member_invite": Entry("manage", args=lambda w: [w.member.pk], method="post"),
    "stakeholders:institution_edit": Entry("manage", args=lambda w: [w.institution.pk]),
    "stakeholders:agency_list": Entry("read", args=_code),
    "stakeholders:agency_add": Entry("manage", args=_code),
    "stakeholders:kecamatan_operator_add": Entry("manage", args=_code),
    "stakeholders:agency_edit": Entry("manage", args=lambda w: [w.stakeholders_agency.pk]),
    "stakeholders:agency_merge": Entry("manage", args=lambda w: [w.stakeholders_agency.pk]),
    "stakeholders:agency_operator_add": Entry("manage", args=lambda w: [w.stakeholders_agency.pk]),
    "stakeholders:operator_deactivate": Entry(
        "manage", args=lambda w: [w.operator_membership.pk], method="post", overrides=_WRITE_DONE
    ),
    # An empty confirmation has no stashed file: back to the upload form.
    "stakeholders:institution_import_confirm": Entry(
        "manage", args=_code, method="post", overrides=_WRITE_DONE
    ),
    "stakeholders:member_deactivate": Entry(
        "manage", args=lambda w: [w.member.pk], method="post", overrides=_WRITE_DONE
    ),
    "stakeholders:institution_deactivate": Entry(
        "manage", args=lambda w: [w.institution.pk], method="post", overrides=_WRITE_DONE
    ),
    # An empty milestone form is shown again with its errors (200).
    "stakeholders:milestone_record": Entry(
        "manage", args=lambda w: [w.institution.pk], method="post"
    ),
}
