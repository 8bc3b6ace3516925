"""The Perangkat daerah pages: the list, the agency forms, merging, operator logins."""

import pytest
from django.core import mail
from django.urls import reverse

from kla_portal.models import Membership, Role
from stakeholders.agencies import (
    SHORT_NAME_TAKEN,
    create_agency,
    create_default_agencies,
    create_operator,
)
from stakeholders.forms import MemberForm
from stakeholders.logins import USERNAME_TAKEN
from stakeholders.models import Agency
from trainings.forms import ParticipantForm


@pytest.fixture
def catalogue(balangan, balangan_admin):
    """Balangan's agencies from the default catalogue, by short name."""
    create_default_agencies(district=balangan, user=balangan_admin)
    return {a.short_name: a for a in Agency.objects.filter(district=balangan)}


@pytest.fixture
def operator(balangan, balangan_admin, catalogue):
    account, _path = create_operator(
        district=balangan,
        user=balangan_admin,
        username="dinkes.balangan",
        name="Hendra Saputra",
        email="",
        agency=catalogue["Dinkes"],
    )
    return account.memberships.get()


def _writes(catalogue, operator):
    dinkes = catalogue["Dinkes"].pk
    return [
        ("post", reverse("stakeholders:agency_list", args=["63.11"])),
        ("get", reverse("stakeholders:agency_add", args=["63.11"])),
        ("get", reverse("stakeholders:agency_edit", args=[dinkes])),
        ("get", reverse("stakeholders:agency_merge", args=[dinkes])),
        ("get", reverse("stakeholders:agency_operator_add", args=[dinkes])),
        ("get", reverse("stakeholders:kecamatan_operator_add", args=["63.11"])),
        ("post", reverse("stakeholders:operator_deactivate", args=[operator.pk])),
    ]


def test_the_list_shows_each_agency_with_its_kind_names_members_and_operators(
    client_for, balangan_member, catalogue, operator, member, balangan_admin
):
    from stakeholders.actions import update_member

    update_member(member=member, user=balangan_admin, agency_unit=catalogue["Dinkes"])

    response = client_for(balangan_member).get(reverse("stakeholders:agency_list", args=["63.11"]))

    assert response.status_code == 200
    html = response.content.decode()
    rows = {a.short_name: a for a in response.context["agencies"]}
    assert rows["Dinkes"].member_count == 1
    assert [m.user.username for m in rows["Dinkes"].operators.all()] == ["dinkes.balangan"]
    assert "Kantor Kementerian Agama" in html
    assert "Instansi vertikal" in html
    assert "Hendra Saputra" in html
    assert response.context["uncovered"] == []
    # A task-force member reads; the buttons are the admin's.
    assert 'data-testid="load-defaults"' not in html
    assert reverse("stakeholders:agency_edit", args=[catalogue["Dinkes"].pk]) not in html


def test_the_list_names_the_instrument_names_no_agency_answers_for(client_for, balangan_admin):
    response = client_for(balangan_admin).get(reverse("stakeholders:agency_list", args=["63.11"]))
    assert len(response.context["uncovered"]) == 31
    assert 'data-testid="load-defaults"' in response.content.decode()


def test_the_admin_loads_the_default_catalogue_from_the_list(client_for, balangan_admin, balangan):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:agency_list", args=["63.11"])

    response = client.post(url, follow=True)

    assert Agency.objects.filter(district=balangan).count() == 31
    assert "31 perangkat daerah dari daftar bawaan ditambahkan." in response.content.decode()
    client.post(url)
    assert Agency.objects.filter(district=balangan).count() == 31


def test_the_list_costs_the_same_queries_for_many_agencies_as_for_few(
    client_for, balangan_admin, balangan, django_assert_max_num_queries
):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:agency_list", args=["63.11"])
    create_agency(district=balangan, user=balangan_admin, name="Dinas Kesehatan", short_name="A")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    create_default_agencies(district=balangan, user=balangan_admin)
    for agency in Agency.objects.filter(district=balangan)[:5]:
        create_operator(
            district=balangan,
            user=balangan_admin,
            username=f"op{agency.pk}",
            name="Operator",
            email="",
            agency=agency,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_admin_renames_an_agency_and_keeps_what_it_answers_for(
    client_for, balangan_admin, catalogue
):
    disdik = catalogue["Disdik"]
    response = client_for(balangan_admin).post(
        reverse("stakeholders:agency_edit", args=[disdik.pk]),
        {
            "name": "Dinas Pendidikan dan Kebudayaan",
            "short_name": "Disdikbud",
            "kind": "dinas",
            "covers": ["Disdik"],
            "version": disdik.version,
        },
    )
    assert response.url == reverse("stakeholders:agency_list", args=["63.11"])
    disdik.refresh_from_db()
    assert (disdik.short_name, disdik.name, disdik.covers) == (
        "Disdikbud",
        "Dinas Pendidikan dan Kebudayaan",
        ["Disdik"],
    )
    assert disdik.history.first().history_user == balangan_admin


def test_a_short_name_already_used_is_shown_beside_the_field(client_for, balangan_admin, catalogue):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:agency_add", args=["63.11"]),
        {"name": "Dinas Kesehatan Kabupaten", "short_name": "dinkes", "kind": "dinas"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["short_name"] == [SHORT_NAME_TAKEN]


def test_the_admin_adds_the_districts_own_agency(client_for, balangan_admin, balangan):
    client_for(balangan_admin).post(
        reverse("stakeholders:agency_add", args=["63.11"]),
        {
            "name": "Dinas Pariwisata, Kepemudaan dan Olahraga",
            "short_name": "Disporapar",
            "kind": "dinas",
            "covers": ["Dispar", "Dispora"],
            "head": "H. Rahmadi",
            "phone": "0812 5110 0199",
        },
    )
    agency = Agency.objects.get(district=balangan)
    assert (agency.short_name, agency.covers, agency.phone) == (
        "Disporapar",
        ["Dispar", "Dispora"],
        "+6281251100199",
    )


def test_the_admin_merges_an_agency_into_another(client_for, balangan_admin, catalogue):
    dispar, dispora = catalogue["Dispar"], catalogue["Dispora"]
    client = client_for(balangan_admin)
    page = client.get(reverse("stakeholders:agency_merge", args=[dispora.pk]))
    choices = list(page.context["form"].fields["keep"].queryset)
    assert dispar in choices and dispora not in choices

    response = client.post(
        reverse("stakeholders:agency_merge", args=[dispora.pk]), {"keep": dispar.pk}, follow=True
    )

    assert "Dispora digabung ke Dispar." in response.content.decode()
    dispar.refresh_from_db()
    dispora.refresh_from_db()
    assert dispar.covers == ["Dispar", "Dispora"]
    assert not dispora.is_active


def test_creating_an_operator_shows_the_link_to_copy_and_says_it_was_emailed(
    client_for, balangan_admin, catalogue
):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:agency_operator_add", args=[catalogue["Kemenag"].pk]),
        {"username": "kemenag.balangan", "name": "Fitriani", "email": "fitri@kemenag.go.id"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    link = response.context["link"]
    assert link.startswith("http://testserver/akun/sandi/atur/")
    assert f'value="{link}"' in html
    assert 'data-testid="emailed"' in html
    assert mail.outbox[0].to == ["fitri@kemenag.go.id"]
    membership = Membership.objects.get(user__username="kemenag.balangan")
    assert (membership.role, membership.agency) == (Role.AGENCY_OPERATOR, catalogue["Kemenag"])


def test_an_operator_without_email_is_told_to_pass_the_link_on_themselves(
    client_for, balangan_admin, catalogue
):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:agency_operator_add", args=[catalogue["Kemenag"].pk]),
        {"username": "kemenag.balangan", "name": "Fitriani"},
    )
    assert 'data-testid="not-emailed"' in response.content.decode()
    assert mail.outbox == []


def test_a_username_already_taken_is_shown_on_the_form(client_for, balangan_admin, catalogue):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:agency_operator_add", args=[catalogue["Kemenag"].pk]),
        {"username": "Balangan", "name": "Fitriani"},
    )
    assert response.context["form"].errors["username"] == [USERNAME_TAKEN]
    assert not Membership.objects.filter(role=Role.AGENCY_OPERATOR).exists()


def test_a_kecamatan_operator_is_made_for_a_kecamatan_of_the_district_only(
    client_for, balangan_admin, balangan, hst
):
    client = client_for(balangan_admin)
    url = reverse("stakeholders:kecamatan_operator_add", args=["63.11"])
    barabai = hst.subdistricts.get(name="Barabai")
    refused = client.post(url, {"subdistrict": barabai.pk, "username": "kec.x", "name": "X"})
    assert "subdistrict" in refused.context["form"].errors

    paringin = balangan.subdistricts.get(name="Paringin")
    response = client.post(
        url, {"subdistrict": paringin.pk, "username": "kec.paringin", "name": "Operator Paringin"}
    )
    assert response.status_code == 200
    membership = Membership.objects.get(user__username="kec.paringin")
    assert (membership.role, membership.subdistrict) == (Role.KECAMATAN_OPERATOR, paringin)
    listed = client.get(reverse("stakeholders:agency_list", args=["63.11"]))
    assert [m.user.username for m in listed.context["kecamatan_operators"]] == ["kec.paringin"]


def test_the_admin_deactivates_an_operator_from_the_list(client_for, balangan_admin, operator):
    response = client_for(balangan_admin).post(
        reverse("stakeholders:operator_deactivate", args=[operator.pk]), follow=True
    )
    operator.user.refresh_from_db()
    assert not operator.user.is_active
    assert "Akun operator dinkes.balangan dinonaktifkan." in response.content.decode()


def test_a_task_force_member_reads_but_gets_403_on_every_write(
    client_for, balangan_member, catalogue, operator
):
    client = client_for(balangan_member)
    for method, url in _writes(catalogue, operator):
        assert getattr(client, method)(url).status_code == 403, url
    operator.user.refresh_from_db()
    assert operator.user.is_active


def test_the_admin_of_another_district_gets_404_everywhere(
    client_for, hst_admin, catalogue, operator
):
    client = client_for(hst_admin)
    urls = [("get", reverse("stakeholders:agency_list", args=["63.11"]))]
    for method, url in [*urls, *_writes(catalogue, operator)]:
        assert getattr(client, method)(url).status_code == 404, url


def test_an_anonymous_visitor_is_sent_to_sign_in(client, catalogue):
    url = reverse("stakeholders:agency_edit", args=[catalogue["Dinkes"].pk])
    response = client.get(url)
    assert response.url == f"{reverse('login')}?next={url}"


def test_the_district_hub_links_to_the_agencies(client_for, balangan_member):
    response = client_for(balangan_member).get(reverse("district", args=["63.11"]))
    assert reverse("stakeholders:agency_list", args=["63.11"]) in response.content.decode()


def test_members_and_participants_pick_from_the_districts_active_agencies(
    task_force, catalogue, balangan, balangan_admin, hst, hst_admin
):
    from stakeholders.agencies import merge_agencies

    merge_agencies(keep=catalogue["Dispar"], merge=catalogue["Dispora"], user=balangan_admin)
    create_agency(district=hst, user=hst_admin, name="Dinas Kesehatan HST", short_name="Dinkes HST")

    for field in (
        MemberForm(task_force=task_force).fields["agency_unit"],
        ParticipantForm(district=balangan).fields["agency_unit"],
    ):
        offered = set(field.queryset)
        assert len(offered) == 30
        assert catalogue["Dispar"] in offered and catalogue["Dispora"] not in offered


def test_a_member_and_a_participant_are_saved_with_their_agency(
    client_for, balangan_admin, task_force, catalogue, balangan
):
    from trainings.people import find_or_create_person

    dinkes = catalogue["Dinkes"]
    client_for(balangan_admin).post(
        reverse("stakeholders:member_create", args=[task_force.pk]),
        {"name": "dr. Rahmadi", "role": "anggota", "agency_unit": dinkes.pk},
    )
    assert task_force.members.get().agency_unit == dinkes

    form = ParticipantForm(
        {"name": "Siti", "other_organisation": "Dinkes", "agency_unit": dinkes.pk},
        district=balangan,
    )
    assert form.is_valid(), form.errors
    person, _created = find_or_create_person(
        district=balangan, details=form.details(), user=balangan_admin
    )
    assert person.agency_unit == dinkes
