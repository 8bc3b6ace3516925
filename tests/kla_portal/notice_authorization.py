"""The notice rows of the authorization matrix (tests/test_authorization_matrix.py).

A notice is its user's alone, whatever their role: opening another's is a 404 for
everyone, superusers included. The world has no notice of its own (the matrix's
world builder belongs to the apps), so ``_notice`` makes one inside the case:
Balangan's admin's in the "own" world, Hulu Sungai Tengah's admin's in the
"foreign" one, rolled back with the case.
"""

from kla_portal.models import Notice
from tests.authorization_rules import LOGIN, ROLES, Entry

_OWNER = {"own": "admin", "foreign": "other_admin"}


def _notice(world) -> int:
    owner = world.cast[_OWNER[world.region]]
    return Notice.objects.get_or_create(
        user=owner, key="matrix", defaults={"text": "Pertanyaan dikembalikan", "url": "/"}
    )[0].pk


# Opening a notice (POST): its owner is sent on (302), anonymous to the login (302 too);
# everyone else finds nothing.
_OPEN = {
    (region, role): LOGIN if role in ("anonymous", _OWNER[region]) else 404
    for region in ("own", "foreign")
    for role in ROLES
}
# The user's own notices, whoever they are: done, and back to the page.
_OWN_POST = {(region, role): 302 for region in ("own", "foreign") for role in ROLES}

NOTICES_MATRIX = {
    "notices": Entry("account"),
    "notice_open": Entry("account", args=lambda w: [_notice(w)], method="post", overrides=_OPEN),
    "notices_read_all": Entry("account", method="post", overrides=_OWN_POST),
    "notice_settings": Entry(
        "account", method="post", data={"email_digest": "on"}, overrides=_OWN_POST
    ),
}
