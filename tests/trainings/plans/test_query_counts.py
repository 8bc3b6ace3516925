from datetime import timedelta

import pytest
from django.urls import reverse

from trainings.plans.models import ActionItem, ProgressUpdate

pytestmark = pytest.mark.django_db


def fill(plan, gugus, indicator, today, n):
    items = ActionItem.objects.bulk_create(
        ActionItem(
            plan=plan,
            activity=f"Kegiatan {i}",
            due_date=today + timedelta(days=i - 2),
            responsible_member=gugus,
            indicator=indicator,
        )
        for i in range(n)
    )
    return items


@pytest.mark.parametrize(
    "page",
    ["plan", "my_items"],
)
def test_list_pages_do_not_grow_with_the_items(
    client_for,
    balangan_member,
    plan,
    gugus,
    indicators,
    today,
    page,
    django_assert_max_num_queries,
):
    url = plan.get_absolute_url() if page == "plan" else reverse("plans:my_items")
    client = client_for(balangan_member)
    fill(plan, gugus, indicators[19], today, 3)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    fill(plan, gugus, indicators[19], today, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_item_page_does_not_grow_with_the_updates(
    client_for, balangan_member, item, evidence, today, django_assert_max_num_queries
):
    client = client_for(balangan_member)
    with django_assert_max_num_queries(30) as few:
        client.get(item.get_absolute_url())
    for i in range(10):
        ProgressUpdate.objects.create(
            item=item, date=today, text=f"Langkah {i}", percent=i, author=balangan_member
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(item.get_absolute_url())
    assert response.content.decode().count("Langkah") == 10
