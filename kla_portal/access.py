"""The access helpers every view calls (healthchecks' ``_get_check_for_user`` habit).

An object outside the user's regions is a 404, so nobody learns that another
district's record exists; an object the user may read but not change is a 403.
Both build on ``visible_to``/``editable_by`` of the model's queryset.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kla_portal.models import District, Role, memberships_of


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


def can_edit_district(user, district: District) -> bool:
    """Whether the user manages this district's records (Dinas PPPA or superuser)."""
    if user.is_superuser:
        return True
    return any(
        m.role == Role.DISTRICT_ADMIN and m.district_id == district.code
        for m in memberships_of(user)
    )


def has_role(user, role: Role) -> bool:
    return any(m.role == role for m in memberships_of(user))


def can_see_activity(user, district: District) -> bool:
    """The activity log names who changed what: district admins, evaluators, superusers."""
    return can_edit_district(user, district) or has_role(user, Role.EVALUATOR)
