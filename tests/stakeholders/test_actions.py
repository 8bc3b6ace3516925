from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kla_portal.models import Membership, Role
from stakeholders.actions import (
    add_member,
    create_task_force,
    deactivate_institution,
    deactivate_member,
    record_milestone,
    restore,
    update_institution,
    update_member,
    update_task_force,
)
from stakeholders.models import TaskForce
from tests.stakeholders.conftest import district_login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_task_force_gets_kelembagaan_and_the_five_cluster_groups(task_force):
    groups = {g.cluster: g.coordinator_agency for g in task_force.working_groups.all()}
    assert groups == {
        "K": "Bappeda",
        "I": "",
        "II": "",
        "III": "Dinas Kesehatan",
        "IV": "",
        "V": "",
    }
    assert task_force.history.get().history_user.username == "balangan"


def test_a_new_current_task_force_unflags_the_previous_and_keeps_it(
    task_force, balangan, balangan_admin
):
    newer = create_task_force(
        district=balangan,
        user=balangan_admin,
        decree_number="188.45/300/2026",
        decree_date=date(2026, 1, 5),
        valid_from=date(2026, 1, 5),
    )
    task_force.refresh_from_db()
    assert (task_force.is_current, newer.is_current) == (False, True)
    assert TaskForce.objects.filter(district=balangan).count() == 2
    assert task_force.history.first().history_user == balangan_admin

    update_task_force(task_force=task_force, user=balangan_admin, is_current=True)
    newer.refresh_from_db()
    assert (task_force.is_current, newer.is_current) == (True, False)


def test_updating_only_the_coordinators_keeps_the_task_force_row_unchanged(
    task_force, balangan_admin
):
    update_task_force(
        task_force=task_force, user=balangan_admin, coordinators={"IV": "Disdik"}, decree_file=None
    )
    assert task_force.working_groups.get(cluster="IV").coordinator_agency == "Disdik"
    assert task_force.history.count() == 1


def test_linking_a_member_to_an_account_grants_the_task_force_member_role(
    task_force, balangan_admin, balangan
):
    account = district_login("rina", balangan)
    member = add_member(task_force=task_force, user=balangan_admin, name="Rina", account=account)
    assert Membership.objects.filter(
        user=account, role=Role.TASK_FORCE_MEMBER, district=balangan
    ).exists()

    update_member(member=member, user=balangan_admin, account=account, position="Kasi")
    assert Membership.objects.filter(user=account).count() == 2  # operator and member

    deactivate_member(member=member, user=balangan_admin)
    assert list(Membership.objects.filter(user=account).values_list("role", flat=True)) == [
        Role.AGENCY_OPERATOR
    ]
    assert member.history.first().history_user == balangan_admin


def test_unlinking_keeps_the_role_while_another_active_member_uses_the_account(
    task_force, balangan_admin
):
    account = district_login("rina", task_force.district)
    first = add_member(task_force=task_force, user=balangan_admin, name="Rina", account=account)
    add_member(task_force=task_force, user=balangan_admin, name="Rina (2)", account=account)
    update_member(member=first, user=balangan_admin, account=None)
    assert Membership.objects.filter(user=account, role=Role.TASK_FORCE_MEMBER).count() == 1


def test_recording_milestones_moves_the_stage_to_the_highest_reached(
    school, sectors, balangan_admin
):
    steps = list(sectors["sekolah"].milestones.order_by("order"))
    record_milestone(
        institution=school, definition=steps[0], achieved_on=date(2025, 3, 1), user=balangan_admin
    )
    record_milestone(
        institution=school,
        definition=steps[2],
        achieved_on=date(2025, 5, 1),
        user=balangan_admin,
        evidence=SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
    )
    school.refresh_from_db()
    assert school.stage == 3
    assert school.milestones.get(definition=steps[2]).evidence.name.endswith(".pdf")
    assert [h.stage for h in school.history.order_by("history_date")] == [0, 1, 3]


def test_recording_the_same_milestone_again_corrects_its_date(school, sectors, balangan_admin):
    step = sectors["sekolah"].milestones.get(order=1)
    record_milestone(
        institution=school, definition=step, achieved_on=date(2025, 3, 1), user=balangan_admin
    )
    record_milestone(
        institution=school, definition=step, achieved_on=date(2025, 3, 9), user=balangan_admin
    )
    assert school.milestones.get().achieved_on == date(2025, 3, 9)


def test_a_milestone_of_another_sector_is_refused(school, sectors, balangan_admin):
    with pytest.raises(ValueError):
        record_milestone(
            institution=school,
            definition=sectors["masjid"].milestones.first(),
            achieved_on=date(2025, 3, 1),
            user=balangan_admin,
        )


def test_changing_the_sector_recomputes_the_stage(school, sectors, balangan_admin):
    record_milestone(
        institution=school,
        definition=sectors["sekolah"].milestones.get(order=2),
        achieved_on=date(2025, 3, 1),
        user=balangan_admin,
    )
    update_institution(institution=school, user=balangan_admin, sector=sectors["pesantren"])
    school.refresh_from_db()
    assert school.stage == 0


def test_the_districts_admin_restores_what_was_deactivated_and_another_district_cannot(
    school, balangan_admin, hst_admin
):
    deactivate_institution(institution=school, user=balangan_admin)
    with pytest.raises(PermissionDenied):
        restore(obj=school, user=hst_admin)
    restore(obj=school, user=balangan_admin)
    school.refresh_from_db()
    assert school.is_active
    assert school.history.first().history_user == balangan_admin
