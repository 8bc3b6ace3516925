"""The role rules of kla_portal/access.py, asked directly (no HTTP) of every member of the cast.

Balangan and HST are districts of Kalimantan Selatan (63), whose coordinator is
``kalsel_coordinator``; Balikpapan is in Kalimantan Timur (64), which nobody in the
cast coordinates.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kla_portal.access import (
    can_edit_district,
    can_export_national,
    can_export_province,
    can_restore,
    can_see_activity,
    can_verify_administratively,
    coordinated_provinces,
    home_region,
    is_evaluator,
    is_province_coordinator_of,
    is_task_force_member,
    own_districts,
    province_for_export,
    task_force_district_codes,
)
from kla_portal.models import District

CAST = [
    "anonymous",
    "evaluator",
    "kalsel_coordinator",
    "balangan_admin",
    "balangan_member",
    "hst_admin",
    "superuser",
]
DISTRICTS = ["balangan", "hst", "balikpapan"]


@pytest.fixture
def anonymous():
    return AnonymousUser()


def fixture(request, name):
    return request.getfixturevalue(name)


def answers(request, rule, arguments):
    """The rule's answer for each member of the cast, to compare with a whole table at once."""
    return {who: rule(fixture(request, who), *arguments) for who in CAST}


def only(*names) -> dict[str, bool]:
    return {who: who in names for who in CAST}


# Editing a district


@pytest.mark.parametrize(
    "district, editors",
    [
        ("balangan", ["balangan_admin", "superuser"]),
        ("hst", ["hst_admin", "superuser"]),
        ("balikpapan", ["superuser"]),
    ],
)
def test_a_district_is_edited_only_by_its_dinas_pppa_and_by_superusers(
    request, regions, district, editors
):
    assert answers(request, can_edit_district, [fixture(request, district)]) == only(*editors)


@pytest.mark.parametrize("who", CAST)
def test_can_edit_district_and_editable_by_agree_on_every_district(request, regions, who):
    user = fixture(request, who)
    editable = set(District.objects.editable_by(user).values_list("code", flat=True))

    for name in DISTRICTS:
        district = fixture(request, name)
        assert can_edit_district(user, district) is (district.code in editable), name


def test_asking_who_edits_a_district_costs_no_query_once_the_memberships_are_loaded(
    balangan_admin, balangan, hst, django_assert_num_queries
):
    assert can_edit_district(balangan_admin, balangan)

    with django_assert_num_queries(0):
        assert can_edit_district(balangan_admin, balangan)
        assert not can_edit_district(balangan_admin, hst)


# The administrative verification (VA) of a district's assessments


@pytest.mark.parametrize(
    "district, verifiers",
    [
        ("balangan", ["kalsel_coordinator", "superuser"]),
        ("hst", ["kalsel_coordinator", "superuser"]),
        ("balikpapan", ["superuser"]),
    ],
)
def test_a_districts_va_is_run_by_its_provinces_coordinator_not_by_evaluators(
    request, regions, district, verifiers
):
    answer = answers(request, can_verify_administratively, [fixture(request, district)])
    assert answer == only(*verifiers)


# Workbooks


@pytest.mark.parametrize(
    "province, exporters",
    [
        ("63", ["evaluator", "kalsel_coordinator", "superuser"]),
        ("64", ["evaluator", "superuser"]),
    ],
)
def test_a_province_workbook_is_for_its_coordinator_evaluators_and_superusers(
    request, regions, province, exporters
):
    assert answers(request, can_export_province, [province]) == only(*exporters)


def test_the_national_workbook_is_for_evaluators_and_superusers(request, regions):
    assert answers(request, can_export_national, []) == only("evaluator", "superuser")


@pytest.mark.parametrize(
    "who, province",
    [
        ("anonymous", "63"),
        ("kalsel_coordinator", "64"),
        ("balangan_admin", "64"),
        ("balangan_member", "64"),
    ],
)
def test_a_province_the_user_sees_nothing_of_is_not_found_for_export(
    request, regions, who, province
):
    with pytest.raises(Http404):
        province_for_export(fixture(request, who), province)


@pytest.mark.parametrize("who", ["balangan_admin", "balangan_member", "hst_admin"])
def test_a_district_role_is_refused_the_workbook_of_its_own_province(request, regions, who):
    with pytest.raises(PermissionDenied):
        province_for_export(fixture(request, who), "63")


@pytest.mark.parametrize(
    "who, province",
    [("kalsel_coordinator", "63"), ("evaluator", "64"), ("superuser", "64")],
)
def test_those_who_may_export_a_province_get_the_province(request, regions, who, province):
    assert province_for_export(fixture(request, who), province).code == province


def test_the_export_command_acting_as_an_unsaved_superuser_is_let_through_without_a_query(
    balangan, django_assert_num_queries
):
    command_user = get_user_model()(username="manage.py export_evaluation", is_superuser=True)

    with django_assert_num_queries(0):
        assert can_export_national(command_user)
        assert can_export_province(command_user, "64")
        assert can_edit_district(command_user, balangan)
        assert can_verify_administratively(command_user, balangan)


# Who holds which role


def test_evaluators_and_superusers_count_as_evaluators_and_nobody_else(request, regions):
    assert answers(request, is_evaluator, []) == only("evaluator", "superuser")


@pytest.mark.parametrize("province, coordinators", [("63", ["kalsel_coordinator"]), ("64", [])])
def test_only_a_provinces_coordinator_coordinates_it_not_even_a_superuser(
    request, regions, province, coordinators
):
    assert answers(request, is_province_coordinator_of, [province]) == only(*coordinators)


def test_only_the_coordinator_has_provinces_to_coordinate(request, kalsel):
    provinces = answers(request, coordinated_provinces, [])

    assert provinces == {who: [kalsel] if who == "kalsel_coordinator" else [] for who in CAST}


def test_the_district_roles_work_in_their_own_district_and_the_others_in_none(
    request, balangan, hst
):
    expected = {who: [] for who in CAST} | {
        "balangan_admin": [balangan],
        "balangan_member": [balangan],
        "hst_admin": [hst],
    }

    assert answers(request, own_districts, []) == expected


def test_only_a_task_force_member_counts_as_one(request, regions):
    assert answers(request, is_task_force_member, []) == only("balangan_member")


def test_a_task_force_member_posts_progress_in_their_district_only(request, regions):
    expected = {who: set() for who in CAST} | {"balangan_member": {"63.11"}}

    assert answers(request, task_force_district_codes, []) == expected


def test_a_user_starts_in_the_region_of_their_membership_and_evaluators_in_none(
    request, kalsel, balangan, hst
):
    expected = dict.fromkeys(CAST) | {
        "kalsel_coordinator": kalsel,
        "balangan_admin": balangan,
        "balangan_member": balangan,
        "hst_admin": hst,
    }

    assert answers(request, home_region, []) == expected


# The activity log and restoring


@pytest.mark.parametrize(
    "district, readers",
    [
        ("balangan", ["balangan_admin", "evaluator", "superuser"]),
        ("hst", ["hst_admin", "evaluator", "superuser"]),
        ("balikpapan", ["evaluator", "superuser"]),
    ],
)
def test_a_districts_activity_log_is_for_its_dinas_pppa_evaluators_and_superusers(
    request, regions, district, readers
):
    assert answers(request, can_see_activity, [fixture(request, district)]) == only(*readers)


@pytest.mark.parametrize(
    ("district", "restorers"),
    [
        ("balangan", ["balangan_admin", "superuser"]),
        ("hst", ["hst_admin", "superuser"]),
        ("balikpapan", ["superuser"]),
    ],
)
def test_a_districts_admin_and_superusers_restore_its_deactivated_records(
    request, regions, district, restorers
):
    assert answers(request, can_restore, [fixture(request, district)]) == only(*restorers)
