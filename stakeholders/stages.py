"""Where institutions stand on their sector's child-friendly path.

The path is data (``MilestoneDefinition``); an institution's ``stage`` is the
highest milestone order it has reached, kept by ``actions.record_milestone``.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Institution, InstitutionMilestone, MilestoneDefinition, Sector

NOT_STARTED = _("Belum mulai")
IN_PROGRESS = _("Berproses")
COMPLETE = _("Ramah anak (semua tahap)")


def with_path_length(queryset):
    """Annotate ``path_length``: how many milestones the institution's sector has."""
    count = (
        MilestoneDefinition.objects.filter(sector=OuterRef("sector"))
        .order_by()
        .values("sector")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        path_length=Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
    )


@dataclass
class ChecklistItem:
    definition: MilestoneDefinition
    reached: InstitutionMilestone | None


def checklist(institution: Institution) -> list[ChecklistItem]:
    """The sector's path, each step with the milestone record if reached."""
    reached = {
        m.definition_id: m
        for m in InstitutionMilestone.objects.filter(
            institution=institution, definition__sector_id=institution.sector_id
        )
    }
    return [
        ChecklistItem(definition=d, reached=reached.get(d.pk))
        for d in MilestoneDefinition.objects.filter(sector_id=institution.sector_id).order_by(
            "order"
        )
    ]


@dataclass
class StageChange:
    when: datetime
    who: str
    old: int | None
    new: int
    old_name: str
    new_name: str


def stage_changes(institution: Institution) -> list[StageChange]:
    """Every change of the institution's stage, newest first, with who made it."""
    names = {
        (d.sector_id, d.order): d.name
        for d in MilestoneDefinition.objects.filter(
            sector__in=institution.history.values("sector_id")
        )
    }
    records = list(
        institution.history.select_related("history_user").order_by("history_date", "history_id")
    )
    changes, previous = [], None
    for record in records:
        moved = record.stage != previous.stage if previous else record.stage > 0
        if moved:
            user = record.history_user
            old = previous.stage if previous else None
            changes.append(
                StageChange(
                    when=record.history_date,
                    who=(user.get_full_name() or user.username) if user else str(_("sistem")),
                    old=old,
                    new=record.stage,
                    old_name=names.get((record.sector_id, old), ""),
                    new_name=names.get((record.sector_id, record.stage), ""),
                )
            )
        previous = record
    return changes[::-1]


@dataclass
class SectorRow:
    sector: Sector
    path_length: int
    by_stage: list  # counts for stage 0 .. max stage of any sector
    total: int
    complete: int
    in_progress: int
    not_started: int


def sector_stage_table(institutions) -> tuple[list[SectorRow], int]:
    """Institutions counted per sector and stage: one grouped query plus the sectors."""
    counts = defaultdict(int)
    for row in institutions.order_by().values("sector_id", "stage").annotate(n=Count("pk")):
        counts[(row["sector_id"], row["stage"])] = row["n"]
    sectors = list(Sector.objects.annotate(path_length=Count("milestones")).order_by("order"))
    top = max((s.path_length for s in sectors), default=0)
    rows = []
    for sector in sectors:
        by_stage = [counts[(sector.code, stage)] for stage in range(top + 1)]
        complete = sum(
            n
            for (code, st), n in counts.items()
            if code == sector.code and st >= sector.path_length > 0
        )
        total = sum(by_stage) + sum(
            n for (code, st), n in counts.items() if code == sector.code and st > top
        )
        not_started = counts[(sector.code, 0)]
        rows.append(
            SectorRow(
                sector=sector,
                path_length=sector.path_length,
                by_stage=by_stage,
                total=total,
                complete=complete,
                in_progress=total - complete - not_started,
                not_started=not_started,
            )
        )
    return rows, top
