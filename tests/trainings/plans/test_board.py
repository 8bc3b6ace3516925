from datetime import timedelta

import pytest
from django.urls import reverse

from stakeholders.models import Institution
from trainings.plans.models import ActionItem, ActionPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_items(plan, balangan, sectors, indicators, gugus, today):
    clinic = Institution.objects.create(
        district=balangan, sector=sectors["puskesmas"], name="Puskesmas Paringin"
    )
    clinic_plan = ActionPlan.objects.create(
        district=balangan, owner_institution=clinic, title="RTL Puskesmas"
    )
    return {
        "late": ActionItem.objects.create(
            plan=plan,
            activity="Rapat tim SRA",
            due_date=today - timedelta(days=2),
            indicator=indicators[19],
            responsible_member=gugus,
        ),
        "done": ActionItem.objects.create(
            plan=plan,
            activity="Deklarasi SRA",
            due_date=today - timedelta(days=9),
            status="done",
            percent=100,
            indicator=indicators[19],
        ),
        "clinic": ActionItem.objects.create(
            plan=clinic_plan,
            activity="Ruang laktasi",
            due_date=today + timedelta(days=20),
            status="in_progress",
            indicator=indicators[12],
        ),
    }


def board_url(district, **params):
    from urllib.parse import urlencode

    url = reverse("plans:plan_board", args=[district.code])
    return f"{url}?{urlencode(params)}" if params else url


def test_the_board_lists_items_with_counts_and_highlights_the_overdue(
    client_for, balangan_admin, balangan, board_items
):
    response = client_for(balangan_admin).get(board_url(balangan))

    assert response.status_code == 200
    html = response.content.decode()
    counts = response.context["counts"]
    assert (counts.total, counts.planned, counts.in_progress, counts.done, counts.overdue) == (
        3,
        1,
        1,
        1,
        1,
    )
    assert html.count('class="overdue"') == 1
    assert "Rapat tim SRA" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "puskesmas"}, {"Ruang laktasi"}),
        ({"sector": "sekolah"}, {"Rapat tim SRA", "Deklarasi SRA"}),
        ({"indicator": "12"}, {"Ruang laktasi"}),
        ({"status": "done"}, {"Deklarasi SRA"}),
        ({"overdue": "on"}, {"Rapat tim SRA"}),
        ({"sector": "gugus_tugas"}, set()),
    ],
)
def test_the_board_filters(client_for, balangan_member, balangan, board_items, params, expected):
    response = client_for(balangan_member).get(board_url(balangan, **params))

    assert {i.activity for i in response.context["page"].object_list} == expected


def test_the_board_filters_by_training(client_for, balangan_admin, balangan, plan, board_items):
    from trainings.models import Training

    training = Training.objects.create(
        district=balangan,
        title="Pelatihan KHA",
        start_date=plan.created_at.date(),
        end_date=plan.created_at.date(),
    )
    plan.training = training
    plan.save()

    response = client_for(balangan_admin).get(board_url(balangan, training=training.pk))

    assert {i.activity for i in response.context["page"].object_list} == {
        "Rapat tim SRA",
        "Deklarasi SRA",
    }


def test_the_board_shows_nothing_of_inactive_plans(
    client_for, balangan_admin, balangan, plan, board_items
):
    plan.is_active = False
    plan.save()

    response = client_for(balangan_admin).get(board_url(balangan))

    assert [i.activity for i in response.context["page"].object_list] == ["Ruang laktasi"]


def _fill(plan, member, indicator, today, n):
    ActionItem.objects.bulk_create(
        ActionItem(
            plan=plan,
            activity=f"Kegiatan {i}",
            due_date=today - timedelta(days=i % 5),
            responsible_member=member,
            indicator=indicator,
        )
        for i in range(n)
    )


def test_the_board_query_count_does_not_grow_with_the_items(
    client_for,
    balangan_admin,
    balangan,
    plan,
    gugus,
    indicators,
    today,
    django_assert_max_num_queries,
):
    client = client_for(balangan_admin)
    _fill(plan, gugus, indicators[19], today, 3)
    with django_assert_max_num_queries(15) as few:  # +1: the navbar's notice and queue counts
        client.get(board_url(balangan))
    _fill(plan, gugus, indicators[19], today, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(board_url(balangan))
    assert response.context["page"].paginator.count == 33


def test_the_board_paginates(client_for, balangan_admin, balangan, plan, gugus, indicators, today):
    _fill(plan, gugus, indicators[19], today, 55)

    response = client_for(balangan_admin).get(board_url(balangan, page=2))

    assert len(response.context["page"].object_list) == 5


def test_the_district_hub_card_counts_items(client_for, balangan_member, balangan, board_items):
    response = client_for(balangan_member).get(reverse("district", args=[balangan.code]))

    html = response.content.decode()
    assert 'data-testid="plans-card"' in html
    assert 'data-testid="plans-overdue">1 terlambat' in html
