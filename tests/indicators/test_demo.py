"""Must show 2: the demo gives Balangan and Hulu Sungai Tengah different scores and
categories, each explainable item by item on its page."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Assessment, Category, OfficialResult
from indicators.scoring import score_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(module_db):
    """The demo, seeded once for the module (a seed takes seconds); each test's writes are
    rolled back."""
    with module_db():
        call_command("seed_demo", stdout=io.StringIO())


def test_balangan_and_hst_score_differently_in_the_demo(demo):
    balangan = Assessment.objects.get(district="63.11", year=2025)
    hst = Assessment.objects.get(district="63.07", year=2025)

    own_b, own_h = score_assessment(balangan), score_assessment(hst)
    checked_b, checked_h = (score_assessment(a, verified=True) for a in (balangan, hst))

    assert own_b.category == Category.NINDYA
    assert own_h.category == Category.MADYA
    assert checked_h.category == Category.PRATAMA  # the province marked HST's claims down
    assert own_b.total - own_h.total > Decimal(100)
    assert checked_b.total < own_b.total and checked_h.total < own_h.total
    assert Assessment.objects.filter(district__in=["63.11", "63.07"]).count() == 4


def test_the_demo_carries_the_real_official_results(demo):
    assert OfficialResult.objects.filter(year=2023, district__province="63").count() == 13
    assert OfficialResult.objects.get(district="63.07", year=2023).category == Category.PRATAMA
    assert OfficialResult.objects.get(district="63.11", year=2025).category == Category.NINDYA
    hst_2021 = OfficialResult.objects.get(district="63.07", year=2021)
    assert (hst_2021.score, hst_2021.is_self_assessed) == (Decimal("810.89"), True)
    assert OfficialResult.objects.get(district="63.09", year=2022).score == Decimal("797.50")


def test_each_demo_item_is_explained_on_the_assessment_page(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="kalsel"))
    hst = Assessment.objects.get(district="63.07", year=2025)

    content = client.get(hst.get_absolute_url()).content.decode()

    assert "Kelompok kerja klaster V belum ditetapkan dalam SK." in content  # 2.2's note
    assert "Tidak ada pos anggaran gugus tugas dalam DPA." in content  # the province's finding
    assert content.count('data-testid="item"') == 97
    dashboard = client.get(reverse("indicators:province", args=["63"])).content.decode()
    assert "Kabupaten Balangan" in dashboard and "Kabupaten Hulu Sungai Tengah" in dashboard


def test_seeding_twice_changes_nothing(demo):
    before = Assessment.history.count(), OfficialResult.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert (Assessment.history.count(), OfficialResult.objects.count()) == before
