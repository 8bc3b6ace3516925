"""stakeholders.agencies: the default catalogue, merging agencies, operator logins."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from kla_portal.models import Membership, Role
from stakeholders import agencies
from stakeholders.actions import update_member
from stakeholders.agencies import (
    DEFAULT_AGENCIES,
    INSTRUMENT_NAMES,
    MERGE_OTHER_DISTRICT,
    OPERATOR_ONE_SCOPE,
    SCOPE_OTHER_DISTRICT,
    SHORT_NAME_TAKEN,
    create_agency,
    create_default_agencies,
    create_operator,
    deactivate_operator,
    merge_agencies,
)
from stakeholders.logins import USERNAME_TAKEN
from stakeholders.models import Agency
from trainings.models import Person

INSTRUMENT = Path(settings.BASE_DIR) / "indicators" / "fixtures" / "instrument_kla_2024.json"


def _responsible_names() -> set[str]:
    data = json.loads(INSTRUMENT.read_text(encoding="utf-8"))
    return {
        name
        for group in data["groups"]
        for indicator in group["indicators"]
        for question in indicator["questions"]
        for name in question["responsible"]
    }


def test_the_default_catalogue_covers_every_agency_name_of_the_instrument_once():
    assert len(INSTRUMENT_NAMES) == len(set(INSTRUMENT_NAMES)) == 31
    assert set(INSTRUMENT_NAMES) == _responsible_names()
    entries = {entry.short_name: entry for entry in DEFAULT_AGENCIES}
    assert entries["Disdukcapil"].name == "Dinas Kependudukan dan Pencatatan Sipil"
    assert (entries["Kemenag"].name, entries["Kemenag"].kind) == (
        "Kantor Kementerian Agama",
        Agency.Kind.VERTICAL,
    )
    assert entries["Polres"].kind == Agency.Kind.VERTICAL
    assert entries["Forum Anak Daerah"].kind == entries["Dunia Usaha"].kind == "non_government"
    assert entries["PAN"].name == "Pengadilan Agama (belum pasti)"
    assert {entry.kind for entry in DEFAULT_AGENCIES} <= set(Agency.Kind.values)


def test_loading_the_catalogue_adds_every_agency_once_and_a_second_time_nothing(
    balangan, balangan_admin
):
    added = create_default_agencies(district=balangan, user=balangan_admin)
    history = Agency.history.count()

    assert create_default_agencies(district=balangan, user=balangan_admin) == []

    assert len(added) == Agency.objects.filter(district=balangan).count() == 31
    assert {name for agency in added for name in agency.covers} == set(INSTRUMENT_NAMES)
    assert Agency.history.count() == history
    assert Agency.history.first().history_user == balangan_admin


def test_the_catalogue_leaves_out_names_an_agency_of_the_district_already_covers(
    balangan, balangan_admin
):
    own = create_agency(
        district=balangan,
        user=balangan_admin,
        name="Dinas Pariwisata, Kepemudaan dan Olahraga",
        short_name="Disporapar",
        covers=["Dispar", "Dispora", "Disparpor"],
    )
    added = create_default_agencies(district=balangan, user=balangan_admin)

    assert len(added) == 28
    assert not {"Dispar", "Dispora", "Disparpor"} & {n for a in added for n in a.covers}
    assert Agency.objects.get(pk=own.pk).covers == ["Dispar", "Dispora", "Disparpor"]


def test_an_agency_with_a_catalogue_short_name_gets_its_instrument_name_instead_of_a_twin(
    balangan, balangan_admin
):
    own = create_agency(
        district=balangan, user=balangan_admin, name="Dinas Kesehatan Balangan", short_name="dinkes"
    )
    added = create_default_agencies(district=balangan, user=balangan_admin)

    assert len(added) == 30
    own.refresh_from_db()
    assert (own.name, own.covers) == ("Dinas Kesehatan Balangan", ["Dinkes"])


def test_a_short_name_already_used_in_the_district_is_refused(balangan, balangan_admin, hst):
    create_agency(
        district=balangan, user=balangan_admin, name="Dinas Pendidikan", short_name="Disdik"
    )

    with pytest.raises(ValidationError) as refused:
        create_agency(
            district=balangan, user=balangan_admin, name="Dinas Pendidikan", short_name="DISDIK"
        )

    assert refused.value.message_dict == {"short_name": [SHORT_NAME_TAKEN]}
    # Another district may use it.
    assert create_agency(district=hst, user=balangan_admin, name="Disdik HST", short_name="Disdik")


@pytest.fixture
def two_offices(balangan, balangan_admin):
    keep = create_agency(
        district=balangan,
        user=balangan_admin,
        name="Dinas Pariwisata, Pemuda dan Olahraga",
        short_name="Disparpor",
        covers=["Disparpor"],
    )
    merge = create_agency(
        district=balangan,
        user=balangan_admin,
        name="Dinas Pemuda dan Olahraga",
        short_name="Dispora",
        covers=["Dispora", "Disparpor"],
    )
    return keep, merge


def test_merging_moves_names_members_people_and_operators_and_closes_the_merged_agency(
    two_offices, member, balangan, balangan_admin
):
    keep, merge = two_offices
    update_member(member=member, user=balangan_admin, agency_unit=merge)
    person = Person.objects.create(district=balangan, name="Rudi", agency_unit=merge)
    operator, _link = create_operator(
        district=balangan,
        user=balangan_admin,
        username="dispora.balangan",
        name="Rudi Hartono",
        email="",
        agency=merge,
    )
    calls = []
    agencies.MERGE_HOOKS.append(lambda **kwargs: calls.append(kwargs))
    try:
        merge_agencies(keep=keep, merge=merge, user=balangan_admin)
    finally:
        agencies.MERGE_HOOKS.pop()

    keep.refresh_from_db()
    merge.refresh_from_db()
    assert keep.covers == ["Disparpor", "Dispora"]
    assert (merge.is_active, merge.covers) == (False, [])
    assert list(keep.members.all()) == [member]
    assert list(keep.people.all()) == [person]
    assert Membership.objects.get(user=operator).agency == keep
    assert calls == [{"keep": keep, "merge": merge, "user": balangan_admin}]
    assert member.history.first().history_user == balangan_admin
    assert merge.history.first().history_user == balangan_admin


def test_merging_agencies_of_two_districts_is_refused(two_offices, hst, balangan_admin):
    keep, _merge = two_offices
    other = create_agency(
        district=hst, user=balangan_admin, name="Dispora HST", short_name="Dispora"
    )

    with pytest.raises(ValidationError) as refused:
        merge_agencies(keep=keep, merge=other, user=balangan_admin)

    assert refused.value.messages == [MERGE_OTHER_DISTRICT]
    other.refresh_from_db()
    assert other.is_active


@pytest.fixture
def disdukcapil(balangan, balangan_admin):
    return create_agency(
        district=balangan,
        user=balangan_admin,
        name="Dinas Kependudukan dan Pencatatan Sipil",
        short_name="Disdukcapil",
        covers=["Disdukcapil"],
    )


def test_a_new_operator_sets_their_own_password_through_the_link_and_signs_in(
    client, disdukcapil, balangan, balangan_admin
):
    account, path = create_operator(
        district=balangan,
        user=balangan_admin,
        username="disdukcapil.balangan",
        name="Rina Marlina",
        email="rina@balangankab.go.id",
        agency=disdukcapil,
    )

    assert account.is_active and not account.has_usable_password()
    assert (account.first_name, account.last_name) == ("Rina", "Marlina")
    membership = account.memberships.get()
    assert (membership.role, membership.district, membership.agency) == (
        Role.AGENCY_OPERATOR,
        balangan,
        disdukcapil,
    )
    assert account.password_link_emailed
    [email] = mail.outbox
    assert email.to == ["rina@balangankab.go.id"]
    assert settings.SITE_URL + path in email.body
    assert "disdukcapil.balangan" in email.body

    form = client.get(path, follow=True)
    assert form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kependudukan#2025", "new_password2": "Kependudukan#2025"},
    )
    assert done.url == reverse("password_reset_complete")
    signed_in = client.post(
        reverse("login"),
        {"username": "disdukcapil.balangan", "password": "Kependudukan#2025"},
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)
    # The link works once.
    client.logout()
    assert not client.get(path, follow=True).context["validlink"]


def test_an_operator_without_an_email_gets_no_mail(balangan, balangan_admin, disdukcapil):
    account, path = create_operator(
        district=balangan,
        user=balangan_admin,
        username="capil",
        name="Rina",
        email="",
        agency=disdukcapil,
    )
    assert mail.outbox == []
    assert not account.password_link_emailed
    assert path.startswith("/akun/sandi/atur/")


@pytest.mark.parametrize("username", ["balangan", "BALANGAN", " balangan "])
def test_a_username_already_taken_is_refused_with_one_message(
    balangan, balangan_admin, disdukcapil, username
):
    with pytest.raises(ValidationError) as refused:
        create_operator(
            district=balangan,
            user=balangan_admin,
            username=username,
            name="Siapa Saja",
            email="",
            agency=disdukcapil,
        )
    assert refused.value.message_dict == {"username": [USERNAME_TAKEN]}
    assert get_user_model().objects.filter(username__iexact="balangan").count() == 1


def test_a_kecamatan_operator_reports_for_a_kecamatan_of_the_district(balangan, balangan_admin):
    paringin = balangan.subdistricts.get(name="Paringin")
    account, _path = create_operator(
        district=balangan,
        user=balangan_admin,
        username="kec.paringin",
        name="Operator Paringin",
        email="",
        subdistrict=paringin,
    )
    membership = account.memberships.get()
    assert (membership.role, membership.subdistrict, membership.agency) == (
        Role.KECAMATAN_OPERATOR,
        paringin,
        None,
    )


def test_an_operator_answers_for_exactly_one_agency_or_kecamatan_of_the_district(
    balangan, hst, balangan_admin, disdukcapil
):
    paringin = balangan.subdistricts.get(name="Paringin")
    barabai = hst.subdistricts.get(name="Barabai")
    cases = [
        ({}, OPERATOR_ONE_SCOPE),
        ({"agency": disdukcapil, "subdistrict": paringin}, OPERATOR_ONE_SCOPE),
        ({"subdistrict": barabai}, SCOPE_OTHER_DISTRICT),
    ]
    for scope, message in cases:
        with pytest.raises(ValidationError) as refused:
            create_operator(
                district=balangan,
                user=balangan_admin,
                username="operator",
                name="Operator",
                email="",
                **scope,
            )
        assert refused.value.messages == [message]
    with pytest.raises(ValidationError):
        create_operator(
            district=hst, user=balangan_admin, username="x", name="X", email="", agency=disdukcapil
        )
    assert not get_user_model().objects.filter(username__in=["operator", "x"]).exists()


def test_deactivating_an_operator_closes_their_login(
    client, balangan, balangan_admin, disdukcapil, rf
):
    account, _path = create_operator(
        district=balangan,
        user=balangan_admin,
        username="capil",
        name="Rina",
        email="",
        agency=disdukcapil,
    )
    account.set_password("Kependudukan#2025")
    account.save()
    client.force_login(account)

    deactivate_operator(membership=account.memberships.get(), user=balangan_admin)

    account.refresh_from_db()
    assert not account.is_active
    # A session opened before is no longer signed in.
    assert client.get(reverse("stakeholders:agency_list", args=["63.11"])).status_code == 302


def test_only_an_operator_membership_is_deactivated_here(balangan_admin):
    with pytest.raises(ValidationError):
        deactivate_operator(membership=balangan_admin.memberships.get(), user=balangan_admin)
    balangan_admin.refresh_from_db()
    assert balangan_admin.is_active
