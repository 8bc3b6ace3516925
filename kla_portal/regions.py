"""Loading the Kemendagri region codes shipped in ``fixtures/idn-area/`` (ODbL 1.0).

The load is an upsert keyed on the official code, so running it again changes
nothing and a newer edition of the data set updates names in place.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kla_portal.models import District, Province, Subdistrict

DATA_DIR = Path(settings.BASE_DIR) / "fixtures" / "idn-area"


@dataclass
class LoadResult:
    model: type
    total: int
    created: int


def _rows(path: Path):
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def district_kind(name: str) -> str:
    return District.Kind.KOTA if name.startswith("Kota ") else District.Kind.KABUPATEN


def _upsert(model, objects, update_fields) -> LoadResult:
    existing = set(model.objects.values_list("pk", flat=True))
    model.objects.bulk_create(
        objects,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=update_fields,
    )
    created = sum(1 for obj in objects if obj.pk not in existing)
    return LoadResult(model=model, total=model.objects.count(), created=created)


@transaction.atomic
def load_regions(data_dir: Path = DATA_DIR) -> list[LoadResult]:
    provinces = [
        Province(code=r["code"], name=r["name"]) for r in _rows(data_dir / "provinces.csv")
    ]
    districts = [
        District(
            code=r["code"],
            province_id=r["province_code"],
            name=r["name"],
            kind=district_kind(r["name"]),
        )
        for r in _rows(data_dir / "regencies.csv")
    ]
    subdistricts = [
        Subdistrict(code=r["code"], district_id=r["regency_code"], name=r["name"])
        for r in _rows(data_dir / "districts.csv")
    ]
    results = [
        _upsert(Province, provinces, ["name"]),
        _upsert(District, districts, ["province", "name", "kind"]),
        _upsert(Subdistrict, subdistricts, ["district", "name"]),
    ]
    return results
