"""The workbook-download rows of the authorization matrix (tests/test_authorization_matrix.py).

Merge with ``MATRIX |= EXPORTS_MATRIX``. A district workbook reads like the district's
pages; a province workbook is for those who read the whole province (district roles
of a district in it get 403); the national workbook is for evaluators and superusers.
"""

from tests.authorization_rules import ROLES, Entry

YEAR = 2025
_NOT_PROVINCE_WIDE = ("admin", "member", "other_admin")
_NOT_NATIONAL = [r for r in ROLES if r not in ("anonymous", "evaluator", "superuser")]


def _district(world):
    return [world.district.code, YEAR]


def _province(world):
    return [world.district.province_id, YEAR]


def _province_entry():
    return Entry("read", args=_province, overrides={("own", r): 403 for r in _NOT_PROVINCE_WIDE})


def _national_entry():
    return Entry(
        "account",
        args=lambda world: [YEAR],
        overrides={(g, r): 403 for g in ("own", "foreign") for r in _NOT_NATIONAL},
    )


EXPORTS_MATRIX = {
    "indicators:export_district": Entry("read", args=_district),
    "indicators:export_district_csv": Entry("read", args=_district),
    "indicators:export_province": _province_entry(),
    "indicators:export_province_csv": _province_entry(),
    "indicators:export_national": _national_entry(),
    "indicators:export_national_csv": _national_entry(),
}
