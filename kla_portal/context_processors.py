from kla_portal.access import (
    coordinated_provinces,
    is_evaluator,
    is_task_force_member,
    own_districts,
)
from kla_portal.models import memberships_of


def regions(request):
    """The user's regions for the navbar: the picker, and the district its links point to.

    The district is the one the user picked (kept in the session) if it is one of
    theirs, else their first district membership. Memberships are cached on the
    user, so this adds no query beyond the one the page already makes.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    districts = own_districts(user)
    chosen = request.session.get("active_region")
    nav_district = next(
        (d for d in districts if d.code == chosen), districts[0] if districts else None
    )
    provinces = coordinated_provinces(user)
    return {
        "user_memberships": memberships_of(user),
        "nav_district": nav_district,
        "nav_province": next(
            (p for p in provinces if p.code == chosen), provinces[0] if provinces else None
        ),
        "nav_is_evaluator": is_evaluator(user),
        "nav_is_member": is_task_force_member(user),
    }
