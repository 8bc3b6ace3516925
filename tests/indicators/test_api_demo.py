"""The API on the demo data: the schema validates, and every documented GET answers 200."""

import re

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from indicators.models import Assessment, AssessmentStage
from tests.conftest import make_user
from trainings.models import Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(demo_world, client):
    client.force_login(make_user("api.root", is_superuser=True, is_staff=True))
    return client


def test_the_schema_is_valid_openapi(superuser_client):
    validate(superuser_client.get(reverse("api:openapi-json")).json())


def _arguments() -> dict:
    """A demo record for each path parameter: the assessment furthest along, so its
    completed stages' points are read too."""
    assessment = (
        Assessment.objects.filter(stages__status=AssessmentStage.Status.COMPLETED)
        .order_by("-year", "district")
        .first()
    ) or Assessment.objects.order_by("-year").first()
    training = Training.objects.filter(district=assessment.district, is_active=True).first()
    return {
        "code": assessment.district_id,
        "assessment_id": assessment.pk,
        "training_id": training.pk,
    }


def test_every_documented_get_answers_200_on_the_demo(superuser_client):
    schema = superuser_client.get(reverse("api:openapi-json")).json()
    arguments = _arguments()
    gets = [path for path, operations in schema["paths"].items() if "get" in operations]

    statuses = {}
    for path in gets:
        url = re.sub(r"\{(\w+)\}", lambda m: str(arguments[m.group(1)]), path)
        response = superuser_client.get(url)
        statuses[url] = response.status_code
        assert response["Content-Type"].startswith("application/json"), url

    assert set(statuses.values()) == {200}, statuses
    assert len(gets) == 11
    detail = superuser_client.get(reverse("api:assessment", args=[arguments["assessment_id"]]))
    first, *_later = detail.json()["points"]  # the demo has completed stages
    assert first["indicators"][0]["questions"]
