"""Every role sees exactly its regions: the rule all later apps build on."""

import pytest

from kla_portal.models import District

KALSEL_DISTRICTS = 13
KALTIM_DISTRICTS = 10


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_an_evaluator_sees_every_district_and_edits_none(evaluator):
    assert District.objects.visible_to(evaluator).count() == KALSEL_DISTRICTS + KALTIM_DISTRICTS
    assert not District.objects.editable_by(evaluator).exists()


def test_a_province_coordinator_sees_only_their_province_and_edits_none(kalsel_coordinator):
    visible = District.objects.visible_to(kalsel_coordinator)
    assert visible.count() == KALSEL_DISTRICTS
    assert {d.province_id for d in visible} == {"63"}
    assert not District.objects.editable_by(kalsel_coordinator).exists()


def test_a_district_admin_sees_and_edits_only_their_district(balangan_admin):
    assert codes(District.objects.visible_to(balangan_admin)) == {"63.11"}
    assert codes(District.objects.editable_by(balangan_admin)) == {"63.11"}


def test_a_task_force_member_reads_their_district_but_does_not_manage_it(balangan_member):
    assert codes(District.objects.visible_to(balangan_member)) == {"63.11"}
    assert not District.objects.editable_by(balangan_member).exists()


def test_a_user_with_two_memberships_sees_both_regions(balangan_admin, hst):
    from kla_portal.models import Membership, Role

    Membership.objects.create(user=balangan_admin, role=Role.TASK_FORCE_MEMBER, district=hst)
    balangan_admin.refresh_from_db()

    assert codes(District.objects.visible_to(balangan_admin)) == {"63.11", "63.07"}
    assert codes(District.objects.editable_by(balangan_admin)) == {"63.11"}


def test_a_superuser_sees_and_edits_everything(superuser):
    assert District.objects.visible_to(superuser).count() == District.objects.count()
    assert District.objects.editable_by(superuser).count() == District.objects.count()


def test_anonymous_and_roleless_users_see_nothing(regions, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    roleless = django_user_model.objects.create_user("tamu", password="x")
    assert not District.objects.visible_to(AnonymousUser()).exists()
    assert not District.objects.visible_to(roleless).exists()


def test_a_membership_must_match_its_role_to_its_region(balangan, django_user_model):
    from django.db import IntegrityError

    from kla_portal.models import Membership, Role

    user = django_user_model.objects.create_user("salah", password="x")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.DISTRICT_ADMIN, province=balangan.province)
