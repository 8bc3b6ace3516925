"""Every stakeholders page, as every role (Must-show 3).

Another district's users get 404; a task-force member reads but gets 403 on
every write; anonymous users are sent to the login page.
"""

import pytest
from django.urls import reverse

from tests.stakeholders.conftest import make_sheet

# (url name, which object the URL takes)
READS = [
    ("stakeholders:task_force_list", "district"),
    ("stakeholders:overview", "district"),
    ("stakeholders:institution_list", "district"),
    ("stakeholders:task_force", "task_force"),
    ("stakeholders:task_force_decree", "task_force"),
    ("stakeholders:member", "member"),
    ("stakeholders:institution", "institution"),
    ("stakeholders:milestone_evidence", "milestone"),
]
WRITE_FORMS = [
    ("stakeholders:task_force_create", "district"),
    ("stakeholders:institution_create", "district"),
    ("stakeholders:institution_import", "district"),
    ("stakeholders:institution_import_template", "district"),
    ("stakeholders:task_force_edit", "task_force"),
    ("stakeholders:member_create", "task_force"),
    ("stakeholders:member_edit", "member"),
    ("stakeholders:institution_edit", "institution"),
]
WRITE_POSTS = [
    ("stakeholders:institution_import_confirm", "district"),
    ("stakeholders:member_deactivate", "member"),
    ("stakeholders:institution_deactivate", "institution"),
    ("stakeholders:milestone_record", "institution"),
]
ALL = [(n, k, "get") for n, k in READS + WRITE_FORMS] + [(n, k, "post") for n, k in WRITE_POSTS]


def url_for(world, name, kind):
    return reverse(name, args=[world[kind]])


@pytest.mark.parametrize(("name", "kind", "method"), ALL)
def test_anonymous_users_are_sent_to_the_login_page(client, world, name, kind, method):
    response = getattr(client, method)(url_for(world, name, kind))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kind", "method"), ALL)
def test_another_districts_admin_gets_404_everywhere(
    client_for, hst_admin, world, name, kind, method
):
    response = getattr(client_for(hst_admin), method)(url_for(world, name, kind))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kind", "method"), ALL)
def test_a_province_coordinator_of_another_province_gets_404(
    client_for, world, balikpapan, name, kind, method
):
    from kla_portal.models import Province, Role
    from tests.conftest import make_user

    kaltim = make_user(
        "kaltim", Role.PROVINCE_COORDINATOR, province=Province.objects.get(code="64")
    )
    response = getattr(client_for(kaltim), method)(url_for(world, name, kind))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kind"), READS)
def test_a_task_force_member_reads_every_page(client_for, balangan_member, world, name, kind):
    assert client_for(balangan_member).get(url_for(world, name, kind)).status_code == 200


@pytest.mark.parametrize(
    ("name", "kind", "method"),
    [(n, k, "get") for n, k in WRITE_FORMS] + [(n, k, "post") for n, k in WRITE_POSTS],
)
@pytest.mark.parametrize("reader", ["balangan_member", "kalsel_coordinator", "evaluator"])
def test_read_only_roles_get_403_on_every_write(
    request, client_for, world, reader, name, kind, method
):
    user = request.getfixturevalue(reader)
    response = getattr(client_for(user), method)(url_for(world, name, kind))
    assert response.status_code == 403


def test_a_task_force_member_posting_a_full_form_changes_nothing(
    client_for, balangan_member, world, school
):
    client = client_for(balangan_member)
    response = client.post(
        reverse("stakeholders:institution_create", args=["63.11"]),
        {"sector": "masjid", "name": "Masjid Baru"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("stakeholders:institution_import", args=["63.11"]),
        {"file": make_sheet([["SD X", "SD", None, None, None, None, None]])},
    )
    assert response.status_code == 403
    from stakeholders.models import Institution

    assert list(Institution.objects.values_list("name", flat=True)) == [school.name]


@pytest.mark.parametrize(("name", "kind"), READS + WRITE_FORMS)
def test_the_district_admin_opens_every_page(client_for, balangan_admin, world, name, kind):
    assert client_for(balangan_admin).get(url_for(world, name, kind)).status_code == 200


def test_pages_hide_write_buttons_from_readers(client_for, balangan_member, world):
    page = client_for(balangan_member).get(
        url_for(world, "stakeholders:institution", "institution")
    )
    html = page.content.decode()
    assert "SD Negeri 1 Paringin" in html
    assert reverse("stakeholders:institution_edit", args=[world["institution"]]) not in html
    assert 'data-testid="milestone-form"' not in html
