from kla_portal.models import memberships_of


def regions(request):
    """The user's regions, for the navbar's region picker (no query for anonymous users)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_memberships": memberships_of(user)}
