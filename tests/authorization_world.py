"""One record of every kind in a district, and the cast of users, for the authorization matrix.

``build_world("own", ...)`` builds them in Kabupaten Balangan (63.11),
``"foreign"`` in Kota Balikpapan (64.71). Records are created directly so the
matrix tests access rules, not the write functions (tested elsewhere). The
matrix builds both worlds and the cast once per module; nothing here may depend
on which case runs first.
"""

from types import SimpleNamespace

from kla_portal.models import District, Membership, Province, Role, Subdistrict
from stakeholders.models import Agency, Institution, Sector
from tests.conftest import make_user
from tests.indicators.agency_authorization import add_agency_answers
from tests.indicators.authorization import add_indicators
from tests.indicators.stage_authorization import add_stages
from tests.stakeholders.authorization import add_stakeholders
from tests.trainings.authorization import add_trainings
from tests.trainings.plans.authorization import add_plans

DISTRICTS = {"own": "63.11", "foreign": "64.71"}


def build_cast() -> dict:
    """The users of tests/conftest.py's fixtures, by matrix role (anonymous has none)."""
    balangan = District.objects.get(code="63.11")
    return {
        "evaluator": make_user("evaluator", Role.EVALUATOR),
        "coordinator": make_user(
            "kalsel", Role.PROVINCE_COORDINATOR, province=Province.objects.get(code="63")
        ),
        "admin": make_user("balangan", Role.DISTRICT_ADMIN, district=balangan),
        "member": make_user("gugus.balangan", Role.TASK_FORCE_MEMBER, district=balangan),
        "other_admin": make_user(
            "hst", Role.DISTRICT_ADMIN, district=District.objects.get(code="63.07")
        ),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
        **build_operators(balangan),
    }


def build_operators(balangan) -> dict:
    """Balangan's Disdukcapil operator and the operator of its kecamatan Paringin."""
    capil = Agency.objects.get_or_create(
        district=balangan,
        short_name="Disdukcapil",
        defaults={"name": "Dinas Kependudukan dan Pencatatan Sipil", "covers": ["Disdukcapil"]},
    )[0]
    agency_operator = make_user("capil.balangan")
    Membership.objects.create(
        user=agency_operator, role=Role.AGENCY_OPERATOR, district=balangan, agency=capil
    )
    kecamatan_operator = make_user("paringin")
    Membership.objects.create(
        user=kecamatan_operator,
        role=Role.KECAMATAN_OPERATOR,
        district=balangan,
        subdistrict=Subdistrict.objects.get(district=balangan, name="Paringin"),
    )
    return {"agency_operator": agency_operator, "kecamatan_operator": kecamatan_operator}


def build_world(region: str, cast: dict) -> SimpleNamespace:
    district = District.objects.select_related("province").get(code=DISTRICTS[region])
    sectors = {s.code: s for s in Sector.objects.prefetch_related("milestones")}
    world = SimpleNamespace(district=district, region=region, sectors=sectors, cast=cast)
    world.archived_institution = Institution.objects.create(
        district=district, sector=sectors["sekolah"], name="SD nonaktif", is_active=False
    )
    add_stakeholders(world)
    add_trainings(world)
    add_plans(world)
    add_indicators(world)
    add_stages(world)
    add_agency_answers(world)
    return world
