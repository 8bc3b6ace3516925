"""The access helpers every view calls (healthchecks' ``_get_check_for_user`` habit).

An object outside the user's regions is a 404, so nobody learns that another
district's record exists; an object the user may read but not change is a 403.
Both build on ``visible_to``/``editable_by`` of the model's queryset.

Every other rule about who holds which role where lives here too, as a named
``can_*``/``is_*`` function, so that a view, a template tag, an export or the
workflow asks one question instead of reading memberships itself. They read the
memberships ``memberships_of`` caches per request, so asking costs no query, and
they test ``is_superuser`` first: the ``export_evaluation`` command acts as an
unsaved superuser, who has no memberships to read.

Public on purpose, outside these rules: the certificate check page (by its code), the
password reset pages and the open data (``OfficialResult.objects.published()``: the
categories the ministry awarded, nothing unpublished or personal).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kla_portal.models import (
    DISTRICT_ROLES,
    District,
    Province,
    Role,
    district_codes_edited_by,
    memberships_of,
)


def get_visible_or_404(queryset, user, **lookup):
    return get_object_or_404(queryset.visible_to(user), **lookup)


def get_editable_or_403(queryset, user, **lookup):
    obj = get_visible_or_404(queryset, user, **lookup)
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def district_for_reader(user, code: str) -> District:
    return get_visible_or_404(District.objects.select_related("province"), user, code=code)


def district_for_editor(user, code: str) -> District:
    district = district_for_reader(user, code)
    if not can_edit_district(user, district):
        raise PermissionDenied
    return district


def province_for_export(user, code: str) -> Province:
    """A province whose workbook the user may download.

    Nobody learns of a province they see nothing of (404); a district role sees
    its own district in the province, but the comparison is not theirs (403).
    """
    visible = District.objects.visible_to(user).filter(province_id=code)
    district = visible.select_related("province").first()
    if district is None:
        raise Http404
    if not can_export_province(user, code):
        raise PermissionDenied
    return district.province


# Roles


def _has_role(user, role: Role) -> bool:
    return any(m.role == role for m in memberships_of(user))


def is_evaluator(user) -> bool:
    """A ministry evaluator, or a superuser standing in for one: they read every
    district, start on the national dashboard and download the national workbook."""
    return user.is_superuser or _has_role(user, Role.EVALUATOR)


def _coordinator_memberships(user):
    return [m for m in memberships_of(user) if m.role == Role.PROVINCE_COORDINATOR]


def is_province_coordinator_of(user, province_code: str) -> bool:
    """The DP3A coordinator of this province (a superuser is not one: ask the
    ``can_*`` rules, which let superusers through)."""
    return any(m.province_id == province_code for m in _coordinator_memberships(user))


def coordinated_provinces(user) -> list[Province]:
    """The provinces the user coordinates, in membership order: the navbar links the first."""
    return [m.province for m in _coordinator_memberships(user)]


def own_districts(user) -> list[District]:
    """The districts the user works in (Dinas PPPA or task force), in membership order."""
    return [
        m.district
        for m in memberships_of(user)
        # Always set for a district role (membership_region_matches_role); mypy cannot know.
        if m.role in DISTRICT_ROLES and m.district is not None
    ]


def is_task_force_member(user) -> bool:
    """Whether the user sits on a task force: the navbar offers them their RTL items."""
    return bool(task_force_district_codes(user))


def task_force_district_codes(user) -> set[str]:
    """The districts where the user is a task-force member: there they post progress on
    the action items assigned to them (``ActionItemQuerySet.editable_by``)."""
    return {
        m.district_id
        for m in memberships_of(user)
        # Always set for this role, as above.
        if m.role == Role.TASK_FORCE_MEMBER and m.district_id is not None
    }


def operator_agency_ids(user) -> set[int]:
    """The agencies the user answers for as an agency operator (one, by the constraint)."""
    return {
        m.agency_id
        for m in memberships_of(user)
        if m.role == Role.AGENCY_OPERATOR and m.agency_id is not None
    }


def operator_subdistrict_codes(user) -> set[str]:
    """The kecamatan the user reports for as a kecamatan operator (with its desa)."""
    return {
        m.subdistrict_id
        for m in memberships_of(user)
        if m.role == Role.KECAMATAN_OPERATOR and m.subdistrict_id is not None
    }


def is_operator(user) -> bool:
    """An agency or kecamatan operator: they start on their own questions, not the hub."""
    return bool(operator_agency_ids(user) or operator_subdistrict_codes(user))


def home_region(user) -> District | Province | None:
    """The region of the user's first regional membership: where a user who has not
    picked a region starts, when they are not an evaluator."""
    return next((m.region for m in memberships_of(user) if m.region is not None), None)


# What a role may do


def can_edit_district(user, district: District) -> bool:
    """Whether the user manages this district's records (Dinas PPPA or superuser).

    Tests the district against the same list ``District.objects.editable_by`` filters
    with, rather than asking the database per call: pages ask this for every row.
    """
    return _edits_district_code(user, district.code)


def _edits_district_code(user, code: str) -> bool:
    codes = district_codes_edited_by(user)
    return codes is None or code in codes


def can_verify_administratively(user, district: District) -> bool:
    """Whether the user runs the district's administrative verification (VA): the
    coordinator of its province (their one write right), or a superuser. The
    ministry's evaluators act at the later stages (``indicators.stages``)."""
    return user.is_superuser or is_province_coordinator_of(user, district.province_id)


def can_export_province(user, province_code: str) -> bool:
    """The province workbook compares its districts: for its coordinator and for those
    who read the whole country, not for a district, which would see only itself."""
    return can_export_national(user) or is_province_coordinator_of(user, province_code)


def can_export_national(user) -> bool:
    """The national workbook: for the ministry's evaluators (and superusers)."""
    return is_evaluator(user)


def can_answer_for_agency(user, agency) -> bool:
    """Whether the user writes an agency's answers: its operator, or the Dinas PPPA of
    the agency's district (who may enter an answer on the agency's behalf)."""
    return agency.pk in operator_agency_ids(user) or _edits_district_code(user, agency.district_id)


def can_report_for_subdistrict(user, subdistrict) -> bool:
    """Whether the user records a kecamatan's part (indicator 25) and its desa's (26):
    the kecamatan's operator, or the Dinas PPPA of its district."""
    return subdistrict.code in operator_subdistrict_codes(user) or _edits_district_code(
        user, subdistrict.district_id
    )


def can_see_activity(user, district: District) -> bool:
    """The activity log names who changed what: district admins, evaluators, superusers."""
    return can_edit_district(user, district) or is_evaluator(user)


def can_restore(user, district: District) -> bool:
    """Undoing a deactivation is the district admin's, like the deactivation was (and a
    superuser's): they are shown the district's archive of deactivated records."""
    return can_edit_district(user, district)


def can_unlock_account(user, account) -> bool:
    """Whether the user may lift a sign-in lock on this account (``kla_portal.lockouts``):
    a superuser, for anyone; a Dinas PPPA admin, for the people of the districts they
    manage (their task force, operators and fellow admins), never for a superuser."""
    if user.is_superuser:
        return True
    if account.is_superuser:
        return False
    return any(
        m.district_id is not None and _edits_district_code(user, m.district_id)
        for m in memberships_of(account)
    )
