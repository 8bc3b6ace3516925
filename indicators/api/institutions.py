"""A district's institutions (schools, puskesmas ...) and the child-friendly stage each reached."""

from ninja import Query, Router, Schema

from indicators.api.pages import PageQuery, page_of
from kla_portal.access import district_for_reader
from stakeholders.models import Institution

router = Router(tags=["lembaga"])


class InstitutionOut(Schema):
    id: int
    name: str
    sector: str
    subdistrict: str | None
    official_id: str
    stage: int
    stage_name: str


class InstitutionPage(Schema):
    count: int
    results: list[InstitutionOut]


@router.get("/districts/{code}/institutions/", response=InstitutionPage)
def institutions(request, code: str, page: Query[PageQuery], sector: str | None = None):
    """Active institutions with their highest stage (0: none yet) and its name."""
    district = district_for_reader(request.user, code)
    queryset = (
        Institution.objects.filter(district=district, is_active=True)
        .select_related("sector")
        .prefetch_related("sector__milestones")
        .order_by("sector__order", "name", "pk")
    )
    if sector:
        queryset = queryset.filter(sector=sector)
    count, rows = page_of(queryset, page)
    return {
        "count": count,
        "results": [
            {
                "id": i.pk,
                "name": i.name,
                "sector": i.sector_id,
                "subdistrict": i.subdistrict_id,
                "official_id": i.official_id,
                "stage": i.stage,
                "stage_name": next(
                    (m.name for m in i.sector.milestones.all() if m.order == i.stage), ""
                ),
            }
            for i in rows
        ],
    }
