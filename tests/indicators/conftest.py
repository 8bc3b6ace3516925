import pytest

from indicators import workflow


@pytest.fixture
def start(framework):
    """``start(district, year, user)``: a draft with one row per butir."""

    def make(district, year, user):
        return workflow.start_assessment(district=district, year=year, user=user)

    return make
