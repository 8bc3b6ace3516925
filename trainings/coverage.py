"""How far KHA training has reached: per district and sector, and in the task force.

The indicators dashboard calls ``coverage_for`` once for all its districts.
"Trained" means an active participant of an active training that was held
(or reported) who was present on at least one of its days.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import Coalesce

from stakeholders.models import Institution, Member, Sector
from trainings.models import Person, Training

TRAINED_STATUSES = (Training.Status.HELD, Training.Status.REPORTED)


@dataclass
class SectorCoverage:
    sector_code: str
    sector_name: str
    institutions: int = 0  # active institutions of the sector in the district
    institutions_with_trained: int = 0  # ...with at least one trained person
    trained_people: int = 0
    trained_female: int = 0
    trained_male: int = 0

    @property
    def share(self) -> float | None:
        if not self.institutions:
            return None
        return self.institutions_with_trained / self.institutions


@dataclass
class DistrictCoverage:
    district_code: str
    sectors: dict[str, SectorCoverage] = field(default_factory=dict)
    task_force_members: int = 0  # active members of the current task force
    trained_task_force_members: int = 0


def trained_people(districts):
    """Active people of these districts who were present at a held training."""
    return Person.objects.filter(
        district__in=districts,
        is_active=True,
        participations__is_active=True,
        participations__training__is_active=True,
        participations__training__status__in=TRAINED_STATUSES,
        participations__attendance__present=True,
    )


def coverage_for(districts) -> dict[str, DistrictCoverage]:
    """Coverage of every district in the queryset, in six queries whatever its size."""
    codes = list(districts.values_list("code", flat=True))
    sectors = list(Sector.objects.order_by("order", "code"))
    result = {
        code: DistrictCoverage(
            district_code=code,
            sectors={s.code: SectorCoverage(s.code, s.name) for s in sectors},
        )
        for code in codes
    }
    if not codes:
        return result
    trained = trained_people(codes)
    trained_ids = trained.values("pk")

    for row in (
        Institution.objects.filter(district__in=codes, is_active=True)
        .values("district_id", "sector_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if coverage := result[row["district_id"]].sectors.get(row["sector_id"]):
            coverage.institutions = row["n"]
    for row in (
        Institution.objects.filter(district__in=codes, is_active=True, people__in=trained_ids)
        .values("district_id", "sector_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        if coverage := result[row["district_id"]].sectors.get(row["sector_id"]):
            coverage.institutions_with_trained = row["n"]
    # A person's sector is their institution's, else the sector recorded on them.
    for row in (
        Person.objects.filter(pk__in=trained_ids)
        .annotate(sector_code=Coalesce(F("institution__sector"), F("sector")))
        .filter(sector_code__isnull=False)
        .values("district_id", "sector_code", "gender")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        coverage = result[row["district_id"]].sectors.get(row["sector_code"])
        if coverage is None:
            continue
        coverage.trained_people += row["n"]
        if row["gender"] == Person.Gender.FEMALE:
            coverage.trained_female += row["n"]
        elif row["gender"] == Person.Gender.MALE:
            coverage.trained_male += row["n"]

    members = Member.objects.filter(
        task_force__district__in=codes,
        task_force__is_current=True,
        task_force__is_active=True,
        is_active=True,
    )
    for row in (
        members.values("task_force__district_id").annotate(n=Count("pk", distinct=True)).order_by()
    ):
        result[row["task_force__district_id"]].task_force_members = row["n"]
    for row in (
        members.filter(people__in=trained_ids)
        .values("task_force__district_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        result[row["task_force__district_id"]].trained_task_force_members = row["n"]
    return result
