"""The sectors and their child-friendly milestones, from ``fixtures/sector_catalogue.json``.

Only what is missing is added: a superuser's edits in the admin survive reloads.
Corrections to rows shipped earlier reach existing databases through a data
migration (``0003_catalogue_prap_rira_sra_decree``), not through this loader.
"""

import json
from pathlib import Path

from stakeholders.models import MilestoneDefinition, Sector

CATALOGUE = Path(__file__).parent / "fixtures" / "sector_catalogue.json"


def load() -> list[str]:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    sectors = milestones = 0
    for order, entry in enumerate(data["sectors"], start=1):
        sector, created = Sector.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "name_en": entry["name_en"],
                "programme": entry["programme"],
                "identifier_label": entry["identifier_label"],
                "is_core": entry["is_core"],
                "order": order,
            },
        )
        sectors += created
        for step, milestone in enumerate(entry["milestones"], start=1):
            if isinstance(milestone, str):
                milestone = {"name": milestone}
            _, created = MilestoneDefinition.objects.get_or_create(
                sector=sector,
                order=step,
                defaults={
                    "name": milestone["name"],
                    "is_decree": milestone.get("is_decree", False),
                },
            )
            milestones += created
    return [f"sektor: {Sector.objects.count()} ({sectors} baru), tahap: {milestones} baru"]
