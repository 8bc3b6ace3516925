"""The dashboards' data (indicators/dashboard.py) and their query counts."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import dashboard
from indicators.models import (
    Assessment,
    Category,
    ChecklistItem,
    Indicator,
    ItemAssessment,
    ItemStatus,
    OfficialResult,
)
from indicators.scoring import score_assessment
from kla_portal import figures
from kla_portal.models import District, Province
from stakeholders.models import Institution
from tests.indicators.filling import fill
from trainings.plans.models import ActionItem, ActionPlan

MET, PARTLY, NOT_MET = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET
STATUSES = ["", MET, PARTLY, NOT_MET]


def many_districts(framework, count, *, start=0, years=(2025,)):
    """``count`` districts in a made-up province 99, each assessed with random statuses."""
    province, _ = Province.objects.get_or_create(code="99", defaults={"name": "Provinsi Uji"})
    items = list(ChecklistItem.objects.filter(indicator__framework=framework))
    rng = random.Random(count)
    for n in range(start, start + count):
        district = District.objects.create(
            code=f"99.{n:02d}", province=province, name=f"Kabupaten Uji {n}", kind="kabupaten"
        )
        for year in years:
            assessment = Assessment.objects.create(
                district=district, year=year, framework=framework
            )
            ItemAssessment.objects.bulk_create(
                ItemAssessment(
                    assessment=assessment,
                    item=item,
                    self_status=rng.choice(STATUSES),
                    verified_status=rng.choice(STATUSES),
                )
                for item in items
            )
        OfficialResult.objects.create(
            district=district, year=2023, category=Category.MADYA, source="uji"
        )
    # Rows written directly, around the write functions: refresh their figures as they would.
    figures.refresh(District.objects.filter(province=province).values_list("code", flat=True))


def national_queries(client, evaluator):
    client.force_login(evaluator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:national"))
    assert response.status_code == 200
    return len(queries), response


def test_the_national_dashboard_takes_the_same_queries_for_3_or_30_districts(
    framework, client, evaluator
):
    many_districts(framework, 3)
    few, _ = national_queries(client, evaluator)
    many_districts(framework, 27, start=3)
    many, response = national_queries(client, evaluator)

    assert few == many
    assert many <= NATIONAL_QUERIES
    rows = response.context["table"]
    assert sum(1 for r in rows if r.get("total")) == 30


NATIONAL_QUERIES = 11  # measured (session save 3); one query per district would add 27


def test_national_totals_match_each_assessments_score_card(framework, evaluator):
    many_districts(framework, 5, years=(2024, 2025))

    rank = dashboard.ranking(District.objects.filter(province="99"), evaluator, 2025)

    for row in rank.rows:
        assert row.totals.total == score_assessment(row.assessment).total
        assert row.totals.verified == score_assessment(row.assessment, verified=True).total
    readiness = [r.readiness for r in rank.rows]
    assert readiness == sorted(readiness, reverse=True)
    assert [r.rank for r in rank.rows] == [1, 2, 3, 4, 5]
    assert sum(n for _value, _label, n in rank.categories) == 5


def test_the_national_dashboard_filters_by_province_and_shows_only_visible_districts(
    framework, client, kalsel_coordinator, start, balangan, balangan_admin
):
    many_districts(framework, 2)
    fill(start(balangan, 2025, balangan_admin), {"2.1": MET})
    client.force_login(kalsel_coordinator)

    response = client.get(reverse("indicators:national"), {"year": 2025})

    codes = {r["code"] for r in response.context["table"]}
    assert "63.11" in codes
    assert not any(code.startswith("99.") for code in codes)
    filtered = client.get(reverse("indicators:national"), {"province": "99"})
    assert filtered.context["table"] == []


def district_queries(client, user, code):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:district", args=[code]))
    assert response.status_code == 200
    return len(queries), response


def test_the_district_dashboard_takes_the_same_queries_whatever_the_years_and_plans(
    framework, client, balangan_admin, start, balangan, sectors
):
    fill(start(balangan, 2025, balangan_admin), {"2.1": MET, "19.1": PARTLY})
    few, _ = district_queries(client, balangan_admin, "63.11")

    for year in (2022, 2023, 2024):
        fill(start(balangan, year, balangan_admin), {"2.1": MET}, verified={"2.1": PARTLY})
    school = Institution.objects.create(district=balangan, sector=sectors["sekolah"], name="SD 1")
    plan = ActionPlan.objects.create(district=balangan, owner_institution=school, title="RTL")
    due = timezone.localdate() + timedelta(days=10)
    for indicator in Indicator.objects.filter(framework=framework):
        ActionItem.objects.create(plan=plan, activity="Kegiatan", indicator=indicator, due_date=due)
    many, response = district_queries(client, balangan_admin, "63.11")

    assert few == many
    assert many <= DISTRICT_QUERIES
    data = dashboard.district_dashboard(balangan, balangan_admin, None)
    assert [year for year, _t, _a in data.trend] == [2022, 2023, 2024, 2025]
    assert all(row.actions for row in data.gap_rows)
    assert response.context["data"].years == [2025, 2024, 2023, 2022]


DISTRICT_QUERIES = 21  # measured; a query per year or per plan item would show at once


@pytest.fixture
def balangan_2025(framework, start, balangan, balangan_admin):
    """Everything met except indicator 19 (SRA, max 40): 960 points, KLA category."""
    assessment = start(balangan, 2025, balangan_admin)
    statuses = {
        f"{ia.item.indicator.number}.{ia.item.order}": MET
        for ia in assessment.items.select_related("item__indicator")
        if ia.item.indicator.number != 19
    }
    return fill(assessment, statuses, verified={"2.1": NOT_MET})


def test_the_district_dashboard_shows_both_scores_the_gap_and_the_last_award(
    balangan_2025, balangan, balangan_admin, framework, sectors, client
):
    # Indicator 2 all partly: 960 - 25 = 935; indicator 1 not met: 935 - 50 = 885 (Utama).
    fill(balangan_2025, {f"2.{n}": PARTLY for n in range(1, 7)})
    fill(balangan_2025, {f"1.{n}": NOT_MET for n in range(1, 6)})
    OfficialResult.objects.create(
        district=balangan, year=2025, category=Category.NINDYA, source="KemenPPPA 2025"
    )
    school = Institution.objects.create(district=balangan, sector=sectors["sekolah"], name="SD 1")
    plan = ActionPlan.objects.create(district=balangan, owner_institution=school, title="RTL SRA")
    ActionItem.objects.create(
        plan=plan,
        activity="Verifikasi SRA di 10 sekolah",
        indicator=Indicator.objects.get(framework=framework, number=19),
        due_date=date(2030, 1, 1),
    )
    client.force_login(balangan_admin)

    response = client.get(reverse("indicators:district", args=["63.11"]))

    data = dashboard.district_dashboard(balangan, balangan_admin, None)
    assert data.card.total == Decimal("885.00")
    assert data.card.category == Category.UTAMA
    # The verifier found 2.1 (weight 2 of 7.5, claimed partly) not met:
    # 885 - 50 x 2/7.5 x 0.5 = 878.33
    assert data.verified_card.total == Decimal("878.33")
    assert data.gap.target == Category.KLA
    assert data.gap.reachable
    assert data.card.total + data.gap.gain >= Decimal("900.01")
    step_19 = next(r for r in data.gap_rows if r.step.indicator_number == 19)
    assert [a.activity for a in step_19.actions] == ["Verifikasi SRA di 10 sekolah"]
    assert data.last_award.category == Category.NINDYA
    content = response.content.decode()
    assert "885.00" in content and "878.33" in content
    assert "Verifikasi SRA di 10 sekolah" in content
    assert 'id="indicators-district-data"' in content
