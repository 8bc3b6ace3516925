import pytest

from indicators import catalogue, workflow
from indicators.models import Framework


@pytest.fixture
def framework(db):
    """The shipped Perpres 25/2021 framework (24 indicators, their butir)."""
    catalogue.load()
    return Framework.objects.get(code="perpres-25-2021")


@pytest.fixture
def start(framework):
    """``start(district, year, user)``: a draft with one row per butir."""

    def make(district, year, user):
        return workflow.start_assessment(district=district, year=year, user=user)

    return make
