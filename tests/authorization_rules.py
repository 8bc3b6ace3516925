"""The rules of the authorization matrix: roles, access classes and their expected statuses.

Kept apart from the test module so each app's rows (tests/<app>/authorization.py)
can import ``Entry`` without importing the matrix itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "evaluator",
    "coordinator",
    "admin",
    "member",
    "other_admin",
    "superuser",
    "agency_operator",
    "kecamatan_operator",
]
# Balangan's Disdukcapil operator and Paringin's kecamatan operator read what a task-force
# member reads there (``expected`` takes the member's status, overrides included), and write
# nothing but their own part: the agency's answers ("agency_write") and the kecamatan's
# reports (see KECAMATAN below).
OPERATORS = ("agency_operator", "kecamatan_operator")
LOGIN = 302

# Expected status per access class: {region: {role: status}}.
_DENIED_FOREIGN = {
    "anonymous": LOGIN,
    "evaluator": 200,
    "coordinator": 404,
    "admin": 404,
    "member": 404,
    "other_admin": 404,
    "superuser": 200,
    "agency_operator": 404,
    "kecamatan_operator": 404,
}
ACCESS = {
    # Pages anyone in the region may read.
    "read": {
        "own": dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN, "other_admin": 404},
        "foreign": _DENIED_FOREIGN,
    },
    # Forms that change a district's records: the district admin (and superusers) only.
    "manage": {
        "own": {
            "anonymous": LOGIN,
            "evaluator": 403,
            "coordinator": 403,
            "admin": 200,
            "member": 403,
            "other_admin": 404,
            "superuser": 200,
            "agency_operator": 403,
            "kecamatan_operator": 403,
        },
        "foreign": _DENIED_FOREIGN | {"evaluator": 403, "superuser": 200},
    },
    # An agency's answer to a question routed to it, and its files: the agency's operator,
    # or the Dinas PPPA on its behalf (and superusers).
    "agency_write": {
        "own": {
            "anonymous": LOGIN,
            "evaluator": 403,
            "coordinator": 403,
            "admin": 302,
            "member": 403,
            "other_admin": 404,
            "superuser": 302,
            "agency_operator": 302,
            "kecamatan_operator": 403,
        },
        "foreign": _DENIED_FOREIGN | {"evaluator": 403, "superuser": 302},
    },
    # KECAMATAN: a kecamatan's reports for indicators 25 and 26 (its own and its desa's):
    # its operator, or the Dinas PPPA for any kecamatan of the district (and superusers).
    "kecamatan_report": {
        "own": {
            "anonymous": LOGIN,
            "evaluator": 403,
            "coordinator": 403,
            "admin": 302,
            "member": 403,
            "other_admin": 404,
            "superuser": 302,
            "agency_operator": 403,
            "kecamatan_operator": 302,
        },
        "foreign": _DENIED_FOREIGN | {"evaluator": 403, "superuser": 302},
    },
    # The activity log names who changed what: admins, evaluators, superusers.
    "audit": {
        "own": {
            "anonymous": LOGIN,
            "evaluator": 200,
            "coordinator": 403,
            "admin": 200,
            "member": 403,
            "other_admin": 404,
            "superuser": 200,
            "agency_operator": 403,
            "kecamatan_operator": 403,
        },
        "foreign": _DENIED_FOREIGN,
    },
    # Pages about the user's own account or session: every signed-in user, no region.
    "account": {
        "own": dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN},
        "foreign": dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN},
    },
    # Public pages.
    "public": {"own": dict.fromkeys(ROLES, 200), "foreign": dict.fromkeys(ROLES, 200)},
}


@dataclass
class Entry:
    access: str
    args: Callable = lambda world: []
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Status overrides for this URL: {(region, role): status}.
    overrides: dict = field(default_factory=dict)


def expected(entry: Entry, region: str, role: str) -> int:
    """The status ``role`` should get: the entry's override, else (for an operator) the
    task-force member's override, else the access class's."""
    if (region, role) in entry.overrides:
        return entry.overrides[(region, role)]
    if role in OPERATORS and (region, "member") in entry.overrides:
        return entry.overrides[(region, "member")]
    return ACCESS[entry.access][region][role]
