from kla_portal.models import DISTRICT_ROLES, Role, memberships_of


def regions(request):
    """The user's regions for the navbar: the picker, and the district its links point to.

    The district is the one the user picked (kept in the session) if it is one of
    theirs, else their first district membership. Memberships are cached on the
    user, so this adds no query beyond the one the page already makes.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = memberships_of(user)
    districts = [m.district for m in memberships if m.role in DISTRICT_ROLES]
    chosen = request.session.get("active_region")
    nav_district = next(
        (d for d in districts if d.code == chosen), districts[0] if districts else None
    )
    provinces = [m.province for m in memberships if m.role == Role.PROVINCE_COORDINATOR]
    return {
        "user_memberships": memberships,
        "nav_district": nav_district,
        "nav_province": next(
            (p for p in provinces if p.code == chosen), provinces[0] if provinces else None
        ),
        "nav_is_evaluator": user.is_superuser or any(m.role == Role.EVALUATOR for m in memberships),
        "nav_is_member": any(m.role == Role.TASK_FORCE_MEMBER for m in memberships),
    }
