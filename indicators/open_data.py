"""The national categories by district and year as open data, for the district and
province open-data portals (Satu Data) and anyone else: a public CSV and JSON.

Only what the ministry has published goes out: the awarded categories
(``OfficialResult.objects.published()``) and their scores where verified, never a
district's own claim (``is_self_assessed``), a source note, an assessment under way
or anything about a person. The region codes and names come from idn-area-data,
under the ODbL: the files carry its attribution (``ATTRIBUTION``).
"""

import csv
import io
from dataclasses import dataclass

from django.db.models import F

from indicators.models import Category, OfficialResult
from kla_portal.spreadsheets import csv_safe

# Column names in Indonesian, snake_case, as the Satu Data portals name theirs; stable:
# portals map them once.
FIELDS = [
    "tahun",
    "kode_provinsi",
    "provinsi",
    "kode_kabupaten_kota",
    "kabupaten_kota",
    "kategori",
    "nilai",
]
ATTRIBUTION = (
    "Kategori KLA: hasil resmi KemenPPPA yang dicatat di Portal KLA. Kode dan nama wilayah: "
    "idn-area-data 4.0.1 (Fityan Nugroho dan kontributor), Open Database License (ODbL 1.0), "
    "https://github.com/fityannugroho/idn-area-data"
)
LICENSE = "ODbL-1.0"


@dataclass(frozen=True)
class Filters:
    """What the caller asked for (``?tahun=2024&provinsi=63``); blanks mean everything."""

    year: int | None = None
    province: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        year = query.get("tahun", "")
        return cls(
            year=int(year) if year.isdigit() and len(year) == 4 else None,
            province=query.get("provinsi", "").strip(),
        )


def published_rows(filters: Filters = Filters()) -> list[dict]:
    """The published results, oldest year first, then by district code: one query."""
    results = OfficialResult.objects.published()
    if filters.year is not None:
        results = results.filter(year=filters.year)
    if filters.province:
        results = results.filter(district__province_id=filters.province)
    labels = dict(Category.choices)
    rows = results.order_by("year", "district_id").values(
        "year",
        "category",
        "score",
        "is_self_assessed",
        province_code=F("district__province_id"),
        province_name=F("district__province__name"),
        district_code=F("district_id"),
        district_name=F("district__name"),
    )
    return [
        {
            "tahun": row["year"],
            "kode_provinsi": row["province_code"],
            "provinsi": row["province_name"],
            "kode_kabupaten_kota": row["district_code"],
            "kabupaten_kota": row["district_name"],
            "kategori": str(labels[row["category"]]),
            "nilai": published_score(row),
        }
        for row in rows
    ]


def published_score(row: dict) -> str | None:
    """The score as published ("712.50"), or None: a district's own claim is not."""
    if row["score"] is None or row["is_self_assessed"]:
        return None
    return f"{row['score']:.2f}"


def csv_bytes(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark (Excel reads the accents right), every text cell
    neutralised as the app's other CSVs are (``csv_safe``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow(
            [csv_safe(value) if isinstance(value, str) else value for value in row.values()]
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def json_document(rows: list[dict]) -> dict:
    return {
        "license": LICENSE,
        "attribution": ATTRIBUTION,
        "fields": FIELDS,
        "count": len(rows),
        "results": rows,
    }
