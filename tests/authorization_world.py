"""One record of every kind in a district, for the authorization matrix.

``build_world(request, "own")`` builds them in Kabupaten Balangan (63.11),
``"foreign"`` in Kota Balikpapan (64.71). Records are created directly so the
matrix tests access rules, not the write functions (tested elsewhere).
"""

from types import SimpleNamespace

from stakeholders.models import Institution
from tests.indicators.authorization import add_indicators
from tests.stakeholders.authorization import add_stakeholders
from tests.trainings.authorization import add_trainings
from tests.trainings.plans.authorization import add_plans


def build_world(request, region: str) -> SimpleNamespace:
    district = request.getfixturevalue("balangan" if region == "own" else "balikpapan")
    sectors = request.getfixturevalue("sectors")
    world = SimpleNamespace(district=district, region=region)
    world.archived_institution = Institution.objects.create(
        district=district, sector=sectors["sekolah"], name="SD nonaktif", is_active=False
    )
    add_stakeholders(world, request)
    add_trainings(world, request)
    add_plans(world, request)
    add_indicators(world, request)
    return world
