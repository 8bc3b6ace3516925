"""Loading the Kemendagri region codes shipped in ``fixtures/idn-area/`` (ODbL 1.0).

The load is an upsert keyed on the official code, so running it again changes
nothing and a newer edition of the data set updates names in place. The 83,762
desa/kelurahan are compared with what is stored first and only the new or changed
rows written: a second run reads them and writes none.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from kla_portal.models import District, Province, Subdistrict, Village

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


def _sync_rows(model, columns: list[str], rows: list[tuple]) -> LoadResult:
    """Insert the rows that are new and update those that differ; the rest is not written.

    For the 83,762 desa/kelurahan: rows stay tuples and are inserted with plain
    multi-row INSERTs. Building a model instance per row and having the ORM compile
    them took four of the five seconds of a first load; a second run compares tuples
    with what is stored and writes nothing. ``columns`` starts with the primary key.
    """
    stored = {
        pk: tuple(values)
        for pk, *values in model.objects.values_list(*columns)
        .order_by()
        .iterator(chunk_size=10_000)
    }
    new = [row for row in rows if row[0] not in stored]
    changed = [row for row in rows if row[0] in stored and tuple(row[1:]) != stored[row[0]]]
    _insert(model, columns, new)
    fields = [model._meta.get_field(c).name for c in columns[1:]]
    model.objects.bulk_update(
        [model(**dict(zip(columns, row, strict=True))) for row in changed],
        fields,
        batch_size=500,
    )
    return LoadResult(model=model, total=len(stored) + len(new), created=len(new))


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(c) for c in columns]
    # SQLite takes 999 parameters a statement (333 rows of three), PostgreSQL any number.
    size = min(2000, connection.ops.bulk_batch_size(fields, rows) or 2000)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


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
    villages = [
        (r["code"], r["district_code"], r["name"]) for r in _rows(data_dir / "villages.csv")
    ]
    results = [
        _upsert(Province, provinces, ["name"]),
        _upsert(District, districts, ["province", "name", "kind"]),
        _upsert(Subdistrict, subdistricts, ["district", "name"]),
        _sync_rows(Village, ["code", "subdistrict_id", "name"], villages),
    ]
    return results
