"""Provinces and districts, each district with its latest scores by stage.

A stage's total and category appear only once the stage is completed
(``indicators.standings``), as on the dashboards: never a running total.
"""

from decimal import Decimal

from django.db.models import Exists, OuterRef
from ninja import Field, Query, Router, Schema

from indicators import stages
from indicators.api.pages import PageQuery, page_of
from indicators.models import Assessment, OfficialResult
from indicators.standings import award_year, standings
from kla_portal.access import district_for_reader
from kla_portal.models import District, Province

router = Router(tags=["wilayah"])


class ProvinceOut(Schema):
    code: str
    name: str


class StageOut(Schema):
    stage: str = Field(description="em, va, review, vl, final, award")
    status: str = Field(description="not_started, in_progress, returned, skipped, completed")
    total: Decimal | None = Field(description="Nilai tahap; hanya bila tahap selesai.")
    category: str = Field(description="Kategori tahap; hanya bila tahap selesai.")


class ScoresOut(Schema):
    assessment_id: int
    year: int
    status: str
    total: Decimal | None = Field(description="Nilai tahap selesai yang paling lanjut.")
    category: str = Field(description="Penghargaan, bila sudah, atau kategori tahap itu.")
    stages: list[StageOut]


class DistrictOut(Schema):
    code: str
    name: str
    kind: str
    province: str
    scores: ScoresOut | None = Field(description="Penilaian terakhir (atau tahun yang diminta).")


class DistrictPage(Schema):
    count: int
    results: list[DistrictOut]


class DistrictFilter(Schema):
    province: str | None = Field(None, description="Kode provinsi, mis. 63.")
    year: int | None = Field(None, description="Tahun penilaian; kosong: yang terakhir.")


def scores_by_district(codes: list[str], year: int | None = None) -> dict[str, dict]:
    """``{district code: scores}`` of each district's latest assessment (or of ``year``),
    in four queries whatever the number of districts."""
    assessments = Assessment.objects.filter(district__in=codes)
    if year is not None:
        assessments = assessments.filter(year=year)
    else:  # only the latest: not a later assessment of the same district
        later = Assessment.objects.filter(district=OuterRef("district"), year__gt=OuterRef("year"))
        assessments = assessments.exclude(Exists(later))
    latest = {a.district_id: a for a in assessments}
    # Each round's result, by (district, award year): the few award years at once, not an
    # OR of 500 pairs (which cost more to build than to run).
    years = {award_year(a.year) for a in latest.values()}
    officials = (
        {
            (o.district_id, o.year): o
            for o in OfficialResult.objects.filter(district__in=codes, year__in=years)
        }
        if latest
        else {}
    )
    by_assessment = standings(latest.values(), officials)
    result = {}
    for code, assessment in latest.items():
        standing = by_assessment[assessment.pk]
        result[code] = {
            "assessment_id": assessment.pk,
            "year": assessment.year,
            "status": assessment.status,
            "total": standing.total,
            "category": standing.category,
            "stages": [
                {
                    "stage": cell.stage,
                    "status": cell.effective_status,
                    "total": cell.total,
                    "category": cell.category,
                }
                # The award column shows the ministry's published result where the award
                # stage was never reached in the app (a round held before it).
                for cell in standing.shown(stages.ORDER)
            ],
        }
    return result


def district_row(district: District, scores: dict | None) -> dict:
    return {
        "code": district.code,
        "name": district.name,
        "kind": district.kind,
        "province": district.province_id,
        "scores": scores,
    }


@router.get("/provinces/", response=list[ProvinceOut])
def provinces(request):
    """The provinces in which the caller sees at least one district."""
    visible = District.objects.visible_to(request.user).values("province")
    return Province.objects.filter(code__in=visible)


@router.get("/districts/", response=DistrictPage)
def districts(request, filters: Query[DistrictFilter], page: Query[PageQuery]):
    """The districts the caller may see, with the scores of their latest assessment."""
    queryset = District.objects.visible_to(request.user)
    if filters.province:
        queryset = queryset.filter(province=filters.province)
    count, rows = page_of(queryset, page)
    scores = scores_by_district([d.code for d in rows], filters.year)
    return {"count": count, "results": [district_row(d, scores.get(d.code)) for d in rows]}


@router.get("/districts/{code}/", response=DistrictOut)
def district(request, code: str, year: int | None = None):
    found = district_for_reader(request.user, code)
    return district_row(found, scores_by_district([found.code], year).get(found.code))
