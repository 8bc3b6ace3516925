"""The API's rows for the authorization matrix, and its routes for ``test_api_access``.

The matrix (tests/test_authorization_matrix.py) sends form posts and expects a login
redirect; a JSON API answers 401 and reads JSON bodies. So the token page joins the
matrix (``API_MATRIX``), and the API's routes are EXEMPT there and walked by
tests/indicators/test_api_access.py instead, every route as every role, own region
and foreign, with a token and with a session (``API_ROUTES``; a route missing from
it fails ``test_every_api_route_is_covered``).
"""

from dataclasses import dataclass, field
from datetime import date

from tests.authorization_rules import ROLES, Entry

API_MATRIX = {"api_tokens": Entry("account")}
_FOREIGN_READ = {"evaluator": 200, "superuser": 200}
READ = {
    "own": {"other_admin": 404, "*": 200},
    "foreign": _FOREIGN_READ | {"*": 404},
}
ANY = {"own": {"*": 200}, "foreign": {"*": 200}}
# The schema and the docs hold no data: public, so a system's builders read them first.
PUBLIC = {"own": {"anonymous": 200, "*": 200}, "foreign": {"anonymous": 200, "*": 200}}
# The district admin's writes; a reader of the region gets 403, someone else's region 404.
MANAGE = {
    "own": {"admin": 200, "superuser": 200, "other_admin": 404, "*": 403},
    "foreign": {"evaluator": 403, "superuser": 200, "*": 404},
}


@dataclass
class Route:
    access: dict
    args: object = lambda w: []
    method: str = "get"
    body: dict = field(default_factory=dict)
    roles: tuple = tuple(ROLES)


def _code(w):
    return [w.district.code]


API_ROUTES = {
    # The same document for everyone, and slow to build: anonymous and one signed-in role.
    "api:openapi-json": Route(PUBLIC, roles=("anonymous", "member")),
    "api:provinces": Route(ANY),
    "api:districts": Route(ANY),
    "api:district": Route(READ, _code),
    "api:district_assessments": Route(READ, _code),
    "api:assessment": Route(READ, lambda w: [w.assessment.pk]),
    "api:district_trainings": Route(READ, _code),
    "api:training": Route(READ, lambda w: [w.training.pk]),
    "api:attendance": Route(READ, lambda w: [w.training.pk]),
    "api:coverage": Route(READ, _code),
    "api:institutions": Route(READ, _code),
    "api:district_plans": Route(READ, _code),
    "api:mark_attendance": Route(
        MANAGE,
        lambda w: [w.training.pk],
        "post",
        lambda w: {
            "marks": [{"participant_id": w.participant.pk, "date": "2025-08-19", "status": "izin"}]
        },
    ),
    # The task-force member posts progress on the item assigned to them; the operators not.
    "api:post_progress": Route(
        {
            "own": MANAGE["own"] | {"admin": 201, "superuser": 201, "member": 201},
            "foreign": MANAGE["foreign"] | {"superuser": 201},
        },
        lambda w: [w.item.pk],
        "post",
        lambda w: {"date": date.today().isoformat(), "percent": 40, "text": "Rapat pertama"},
    ),
    # The agency's operator, or the Dinas PPPA on its behalf.
    "api:save_answer": Route(
        {"own": MANAGE["own"] | {"agency_operator": 200}, "foreign": MANAGE["foreign"]},
        lambda w: [w.agency_item.pk, w.agency.pk],
        "post",
        lambda w: {"answer": "met"},
    ),
}


API_EXEMPT = {
    "api_token_revoke": "POST on ones own token, others 404: tests/kla_portal/test_api_tokens",
    "api:api-root": "django-ninja's root, which answers nothing (404)",
    "api:openapi-view": "the docs page, public: test_api_access",
}
API_EXEMPT |= dict.fromkeys(
    API_ROUTES, "a JSON API (401, JSON bodies): tests/indicators/test_api_access.py"
)


def expected(route: Route, region: str, role: str) -> int:
    statuses = route.access[region]
    if role == "anonymous":
        return statuses.get(role, 401)
    return statuses.get(role, statuses["*"])
