from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kla_portal.models import Membership, Role
from stakeholders.actions import ACCOUNT_NOT_LINKABLE, add_member, create_task_force
from stakeholders.decrees import EXPIRED_MESSAGE, EXPIRING_MESSAGE, decree_validity
from stakeholders.forms import UNTIL_BEFORE_FROM
from stakeholders.models import Member, TaskForce
from tests.stakeholders.conftest import district_login


def form_data(**extra):
    return {
        "decree_number": "188.45/112/2024",
        "decree_date": "12/02/2024",
        "valid_from": "12/02/2024",
        "valid_until": "31/12/2026",
        "secretariat": "Dinas PPKBPPPA",
        "is_current": "on",
        "coordinator_K": "Bappeda",
        **extra,
    }


def test_an_admin_forms_a_task_force_with_its_six_working_groups(
    client_for, balangan_admin, balangan
):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:task_force_create", args=["63.11"]), form_data()
    )
    task_force = TaskForce.objects.get()
    assert response.url == task_force.get_absolute_url()
    assert (task_force.district, task_force.decree_date, task_force.valid_until) == (
        balangan,
        date(2024, 2, 12),
        date(2026, 12, 31),
    )
    assert task_force.working_groups.count() == 6
    assert task_force.working_groups.get(cluster="K").coordinator_agency == "Bappeda"


def test_the_form_refuses_an_end_before_the_start(client_for, balangan_admin, balangan):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:task_force_create", args=["63.11"]),
        form_data(valid_until="01/01/2024"),
    )
    assert response.context["form"].errors["valid_until"] == [UNTIL_BEFORE_FROM]
    assert not TaskForce.objects.exists()


def test_editing_keeps_the_decree_file_and_records_who(client_for, balangan_admin, world):
    client = client_for(balangan_admin)
    opened = TaskForce.objects.get(pk=world["task_force"]).version
    client.post(
        reverse("stakeholders:task_force_edit", args=[world["task_force"]]),
        form_data(decree_number="188.45/113/2024", version=opened),
    )
    task_force = TaskForce.objects.get(pk=world["task_force"])
    assert task_force.decree_number == "188.45/113/2024"
    assert task_force.decree_file
    assert task_force.history.first().history_user == balangan_admin


def test_the_page_groups_members_by_working_group_and_names_the_chair(
    client_for, balangan_member, task_force, member, balangan_admin
):
    add_member(
        task_force=task_force,
        user=balangan_admin,
        name="Drs. H. Sutikno",
        position="Sekretaris Daerah",
        agency="Setda",
        role=Member.Role.KETUA,
    )
    response = client_for(balangan_member).get(task_force.get_absolute_url())
    html = response.content.decode()
    assert [m.name for m in response.context["leaders"]] == ["Drs. H. Sutikno"]
    groups = {g.cluster: [m.name for m in ms] for g, ms in response.context["groups"]}
    assert groups["III"] == ["dr. Rahmadi"]
    assert "Drs. H. Sutikno (Sekretaris Daerah)" in html
    assert "Dinas PPKBPPPA, Bidang PPPA" in html


@pytest.mark.parametrize(
    ("days", "state"), [(-1, "expired"), (0, "expiring"), (90, "expiring"), (91, "valid")]
)
def test_the_decree_warning_starts_90_days_before_it_ends(task_force, days, state):
    today = date(2025, 6, 1)
    task_force.valid_until = today + timedelta(days=days)
    assert decree_validity(task_force, today).state == state


def test_the_page_warns_when_the_decree_expires_within_90_days(
    client_for, balangan_admin, task_force
):
    until = timezone.localdate() + timedelta(days=30)
    TaskForce.objects.filter(pk=task_force.pk).update(valid_until=until)
    html = client_for(balangan_admin).get(task_force.get_absolute_url()).content.decode()
    assert str(EXPIRING_MESSAGE % {"date": until.strftime("%d/%m/%Y"), "days": 30}) in html


def test_the_page_warns_when_the_decree_has_expired(client_for, balangan_admin, task_force):
    until = timezone.localdate() - timedelta(days=1)
    TaskForce.objects.filter(pk=task_force.pk).update(valid_until=until)
    html = client_for(balangan_admin).get(task_force.get_absolute_url()).content.decode()
    assert str(EXPIRED_MESSAGE % {"date": until.strftime("%d/%m/%Y")}) in html


def test_the_task_force_page_runs_a_fixed_number_of_queries(
    client_for, balangan_admin, task_force, django_assert_max_num_queries
):
    groups = list(task_force.working_groups.all())
    client = client_for(balangan_admin)

    def add(n):
        for i in range(n):
            add_member(
                task_force=task_force,
                user=balangan_admin,
                name=f"Anggota {i}",
                working_group=groups[i % 6],
            )

    add(3)
    client.get(task_force.get_absolute_url())
    with django_assert_max_num_queries(15) as small:
        client.get(task_force.get_absolute_url())
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(task_force.get_absolute_url())
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("stakeholders:task_force_list", args=["63.11"]))
    for year in range(2010, 2020):
        create_task_force(
            district=task_force.district,
            user=balangan_admin,
            decree_number=f"{year}",
            decree_date=date(year, 1, 1),
            valid_from=date(year, 1, 1),
            is_current=False,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("stakeholders:task_force_list", args=["63.11"]))


def test_an_admin_adds_a_member_linked_to_an_account(
    client_for, balangan_admin, task_force, balangan
):
    account = district_login("siti", balangan)
    group = task_force.working_groups.get(cluster="IV")
    response = client_for(balangan_admin).post(
        reverse("stakeholders:member_create", args=[task_force.pk]),
        {
            "name": "Siti Aisyah, S.Pd",
            "position": "Kabid PAUD",
            "agency": "Dinas Pendidikan",
            "role": "koordinator",
            "working_group": group.pk,
            "phone": "0813 4800 1234",
            "active_from": "01/03/2024",
            "account": "siti",
        },
    )
    member = Member.objects.get()
    assert response.url == task_force.get_absolute_url()
    assert (member.user, member.phone, member.active_from) == (
        account,
        "+6281348001234",
        date(2024, 3, 1),
    )
    assert Membership.objects.filter(
        user=account, role=Role.TASK_FORCE_MEMBER, district=balangan
    ).exists()


def test_an_unknown_account_is_refused(client_for, balangan_admin, task_force):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:member_create", args=[task_force.pk]),
        {"name": "Siti", "role": "anggota", "account": "tidak-ada"},
    )
    assert response.context["form"].errors["account"] == [ACCOUNT_NOT_LINKABLE]


def test_a_working_group_of_another_task_force_is_refused(
    client_for, balangan_admin, task_force, hst, hst_admin
):
    other = create_task_force(
        district=hst,
        user=hst_admin,
        decree_number="1",
        decree_date=date(2024, 1, 1),
        valid_from=date(2024, 1, 1),
    )
    response = client_for(balangan_admin).post(
        reverse("stakeholders:member_create", args=[task_force.pk]),
        {"name": "Siti", "role": "anggota", "working_group": other.working_groups.first().pk},
    )
    assert "working_group" in response.context["form"].errors


def test_an_admin_edits_and_deactivates_a_member(client_for, balangan_admin, member):
    client = client_for(balangan_admin)
    client.post(
        reverse("stakeholders:member_edit", args=[member.pk]),
        {"name": "dr. Rahmadi, M.Kes", "role": "koordinator", "version": member.version},
    )
    member.refresh_from_db()
    assert member.name == "dr. Rahmadi, M.Kes"
    client.post(reverse("stakeholders:member_deactivate", args=[member.pk]))
    member.refresh_from_db()
    assert not member.is_active
    page = client.get(member.task_force.get_absolute_url())
    assert all(members == [] for _group, members in page.context["groups"])
    detail = client.get(member.get_absolute_url()).content.decode()
    assert "Anggota ini sudah dinonaktifkan." in detail
