"""The indicator frameworks: the 2024 evaluation instrument (``indicators/instrument.py``)
and the earlier draft framework, from ``fixtures/framework_perpres_25_2021.json``.

Only what is missing is added (a framework, an indicator, a checklist item by
its order): a superuser's edits in the admin (a weight, a maximum, a rewritten
butir) survive every reload.
"""

import json
from decimal import Decimal
from pathlib import Path

from indicators import instrument
from indicators.models import ChecklistItem, Framework, Indicator

FIXTURES = Path(__file__).parent / "fixtures"
FRAMEWORKS = [FIXTURES / "framework_perpres_25_2021.json"]


def load() -> list[str]:
    lines = []
    for path in FRAMEWORKS:
        data = json.loads(path.read_text(encoding="utf-8"))
        spec = data["framework"]
        framework, created = Framework.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "legal_basis": spec["legal_basis"],
                "first_year": spec["first_year"],
                "last_year": spec["last_year"],
                "points_provisional": spec["points_provisional"],
                "scoring": spec["scoring"],
                "notice": spec["notice"],
                "total_points": sum(
                    (Decimal(e["max_points"]) for e in data["indicators"]), Decimal(0)
                ),
            },
        )
        indicators = items = 0
        for entry in data["indicators"]:
            indicator, new = Indicator.objects.get_or_create(
                framework=framework,
                number=entry["number"],
                defaults={
                    "code": str(entry["number"]),
                    "cluster": entry["cluster"],
                    "name": entry["name"],
                    "name_en": entry["name_en"],
                    "max_points": Decimal(entry["max_points"]),
                    "responsible_agency": entry["responsible_agency"],
                    "is_provisional": entry["is_provisional"],
                },
            )
            indicators += new
            for item in entry["items"]:
                _, new = ChecklistItem.objects.get_or_create(
                    indicator=indicator,
                    order=item["order"],
                    defaults={
                        "text": item["text"],
                        "kind": item["kind"],
                        "weight": Decimal(item["weight"]),
                        "evidence_hint": item["evidence_hint"],
                        "derived_source": item["derived_source"],
                        "is_provisional": item["is_provisional"],
                    },
                )
                items += new
        lines.append(
            f"kerangka {framework.code}: {'baru' if created else 'sudah ada'}, "
            f"indikator: {indicators} baru, butir: {items} baru"
        )
    lines.append(instrument.load_shipped())
    return lines
