"""Two Balangan admins open the same edit form and both save: the second save is refused
with what changed, and the first change is still there (kla_portal/conflicts.py)."""

import pytest
from django.urls import reverse

from kla_portal.models import Role
from stakeholders.agencies import create_agency
from stakeholders.models import Agency, Institution, Member, TaskForce
from tests.concurrent_edits import as_posted, assert_refused, desks, open_form
from tests.conftest import make_user


@pytest.fixture
def two_admins(balangan, balangan_admin):
    colleague = make_user("balangan.sekretariat", Role.DISTRICT_ADMIN, district=balangan)
    return desks(balangan_admin, colleague)


@pytest.fixture
def agency(balangan, balangan_admin):
    return create_agency(
        district=balangan,
        user=balangan_admin,
        name="Dinas Kesehatan",
        short_name="Dinkes",
        kind="dinas",
        head="dr. Rahmadi",
    )


def test_the_second_save_of_a_task_force_is_refused_and_the_first_kept(two_admins, task_force):
    first, second = two_admins
    url = reverse("stakeholders:task_force_edit", args=[task_force.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, mine | {"secretariat": "Bappeda", "coordinator_K": "Setda"}).url
    posted = theirs | {"decree_number": "188.45/200/2024"}
    response = second.post(url, posted)

    assert_refused(
        TaskForce,
        response,
        posted,
        ("decree_number", "188.45/112/2024", "188.45/200/2024"),
        ("secretariat", "Bappeda", "Dinas PPKBPPPA, Bidang PPPA"),
        ("coordinator_K", "Setda", "Bappeda"),
    )
    task_force.refresh_from_db()
    assert (task_force.decree_number, task_force.secretariat) == ("188.45/112/2024", "Bappeda")
    assert task_force.working_groups.get(cluster="K").coordinator_agency == "Setda"

    # Having compared, the second admin keeps the first's changes and saves their own.
    again = as_posted(response.context["form"]) | {
        "secretariat": "Bappeda",
        "coordinator_K": "Setda",
    }
    assert second.post(url, again).url == task_force.get_absolute_url()
    task_force.refresh_from_db()
    assert (task_force.decree_number, task_force.secretariat) == ("188.45/200/2024", "Bappeda")


def test_a_change_to_the_coordinators_alone_makes_an_open_form_stale(two_admins, task_force):
    first, second = two_admins
    url = reverse("stakeholders:task_force_edit", args=[task_force.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    first.post(url, mine | {"coordinator_III": "Dinkes"})
    response = second.post(url, theirs | {"coordinator_IV": "Disdik"})

    assert response.context["conflict"].differences[0].stored == "Dinkes"
    group = task_force.working_groups.get(cluster="III")
    assert group.coordinator_agency == "Dinkes"
    assert task_force.working_groups.get(cluster="IV").coordinator_agency == ""


def test_the_second_save_of_a_member_is_refused_and_the_first_kept(two_admins, member):
    first, second = two_admins
    url = reverse("stakeholders:member_edit", args=[member.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, mine | {"phone": "0813 4800 1234"}).url == member.get_absolute_url()
    posted = theirs | {"position": "Kepala Dinas Kesehatan"}
    response = second.post(url, posted)

    assert_refused(
        Member,
        response,
        posted,
        ("position", "Kepala Bidang Kesehatan Masyarakat", "Kepala Dinas Kesehatan"),
        ("phone", "+6281348001234", "—"),
    )
    member.refresh_from_db()
    assert (member.phone, member.position) == (
        "+6281348001234",
        "Kepala Bidang Kesehatan Masyarakat",
    )


def test_the_second_save_of_an_institution_is_refused_and_the_first_kept(two_admins, school):
    first, second = two_admins
    url = reverse("stakeholders:institution_edit", args=[school.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    first.post(url, mine | {"name": "SD Negeri 1 Paringin Timur"})
    posted = theirs | {"contact_person": "Hj. Noorhasanah", "is_tobacco_industry": "on"}
    response = second.post(url, posted)

    assert_refused(
        Institution,
        response,
        posted,
        ("name", "SD Negeri 1 Paringin Timur", "SD Negeri 1 Paringin"),
        ("contact_person", "—", "Hj. Noorhasanah"),
        ("is_tobacco_industry", "tidak", "ya"),
    )
    school.refresh_from_db()
    assert (school.name, school.contact_person) == ("SD Negeri 1 Paringin Timur", "")


def test_the_second_save_of_an_agency_is_refused_and_the_first_kept(two_admins, agency):
    first, second = two_admins
    url = reverse("stakeholders:agency_edit", args=[agency.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    first.post(url, mine | {"head": "dr. Hj. Nurul Huda"})
    posted = theirs | {"kind": "badan", "covers": ["Dinkes"]}
    response = second.post(url, posted)

    assert_refused(
        Agency,
        response,
        posted,
        ("kind", "Dinas", "Badan"),
        ("head", "dr. Hj. Nurul Huda", "dr. Rahmadi"),
        ("covers", "—", "Dinkes"),
    )
    agency.refresh_from_db()
    assert (agency.head, agency.kind, agency.covers) == ("dr. Hj. Nurul Huda", "dinas", [])


def test_an_import_makes_an_open_institution_form_stale(two_admins, school, balangan_admin):
    from stakeholders.actions import update_institution

    first, _second = two_admins
    url = reverse("stakeholders:institution_edit", args=[school.pk])
    opened = open_form(first, url)
    update_institution(institution=school, user=balangan_admin, address="Jl. A. Yani")

    response = first.post(url, opened | {"name": "SDN 1 Paringin"})

    assert response.context["conflict"] is not None
    school.refresh_from_db()
    assert (school.name, school.address) == ("SD Negeri 1 Paringin", "Jl. A. Yani")
