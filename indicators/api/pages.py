"""Pagination of the list endpoints: ``count`` and one page of ``results``."""

from ninja import Field, Schema

MAX_PAGE_SIZE = 500


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="Halaman, mulai dari 1.")
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE, description="Baris per halaman.")


def page_of(queryset, query: PageQuery) -> tuple[int, list]:
    """The total and the rows of the page asked for (two queries)."""
    start = (query.page - 1) * query.page_size
    return queryset.count(), list(queryset[start : start + query.page_size])
