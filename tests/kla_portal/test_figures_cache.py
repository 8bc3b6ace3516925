"""The figures cache: a change to a district's records shows on the next page load,
other districts keep their cached figures, and nobody gets another user's part."""

import contextlib
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from indicators import dashboard, exports
from indicators.models import Indicator, ItemAssessment, ItemStatus
from kla_portal import figures_cache
from kla_portal.models import District
from stakeholders.models import Institution
from tests.indicators.exports.conftest import (  # noqa: F401 (the framework fixture)
    YEAR,
    fill_district,
    framework,
    make_assessment,
)
from trainings.models import ActionItem, Attendance, Participant, Person, Training


def version(district) -> int:
    return District.objects.values_list("data_version", flat=True).get(pk=district.pk)


@pytest.fixture
def world(balangan, hst, sectors, framework):  # noqa: F811
    fill_district(balangan, sectors, size=2)
    fill_district(hst, sectors, size=2, tag=" HST")
    return make_assessment(balangan, framework, evidence=False), make_assessment(
        hst, framework, evidence=False
    )


def stat_of(response) -> str:
    """The self-assessed total as the page prints it."""
    page = response.content.decode()
    card = page[page.index('data-testid="self-score"') :]
    return re.search(r'<span class="stat">([^<]+)</span>', card).group(1)


def changes(district, write) -> bool:
    """Whether the write changes the district's version after a page was cached."""
    figures_cache.cached("probe", [District.objects.get(pk=district.pk)], lambda: 1)
    before = version(district)
    write()
    return version(district) != before


def test_every_kind_of_write_changes_only_its_own_districts_version(world, balangan, hst):
    training = Training.objects.get(district=balangan)
    participant = Participant.objects.filter(training=training).first()
    items = ActionItem.objects.filter(plan__district=balangan)
    person = Person.objects.create(district=balangan, name="Peserta baru")
    writes = {
        "save": lambda: Attendance.objects.filter(participant=participant).first().save(),
        "create": lambda: Participant.objects.create(training=training, person=person),
        "queryset update": lambda: items.update(percent=55),
        "bulk_create": lambda: Person.objects.bulk_create(
            [Person(district=balangan, name="Impor 1"), Person(district=balangan, name="Impor 2")]
        ),
        "bulk_update": lambda: ActionItem.objects.bulk_update(
            [*items.filter(percent=55)], ["percent"]
        ),
        "delete with cascade": lambda: participant.delete(),
        "queryset delete": lambda: ItemAssessment.objects.filter(
            assessment__district=balangan, item__indicator__number=21
        ).delete(),
    }
    for name, write in writes.items():
        hst_before = version(hst)
        assert changes(balangan, write), name
        assert version(hst) == hst_before, name


def test_a_catalogue_change_shows_on_every_districts_page(
    world,
    client_for,
    evaluator,
    framework,  # noqa: F811
):
    client = client_for(evaluator)
    urls = [reverse("indicators:district", args=[code]) for code in ("63.11", "63.07")]
    before = [stat_of(client.get(url)) for url in urls]
    before_version = figures_cache.catalogue_version()

    indicator = Indicator.objects.filter(framework=framework, number=1).get()
    indicator.max_points *= 2
    indicator.save()

    assert figures_cache.catalogue_version() != before_version
    after = [stat_of(client.get(url)) for url in urls]
    assert all(a != b for a, b in zip(after, before, strict=True))


def test_the_dashboard_shows_a_change_at_once_and_other_districts_stay_cached(
    world, client_for, balangan_admin, evaluator, balangan, django_assert_max_num_queries
):
    url = reverse("indicators:district", args=["63.11"])
    other = reverse("indicators:district", args=["63.07"])

    def total():
        return dashboard.district_dashboard(balangan, evaluator, None).card.total

    client = client_for(evaluator)
    before = total()
    assert stat_of(client.get(url)) == f"{before:.2f}"
    client.get(other)

    ItemAssessment.objects.filter(assessment__district=balangan).update(self_status=ItemStatus.MET)

    after = total()
    assert after > before
    assert stat_of(client_for(balangan_admin).get(url)) == f"{after:.2f}"
    assert stat_of(client.get(url)) == f"{after:.2f}"  # the evaluator too
    with django_assert_max_num_queries(10):  # Hulu Sungai Tengah did not change
        client.get(other)


def test_the_same_district_page_is_the_same_for_everyone_who_sees_it_and_hidden_from_others(
    world, client_for, balangan_admin, balangan_member, evaluator, hst_admin
):
    url = reverse("indicators:district", args=["63.11"])
    totals = {
        user.username: stat_of(client_for(user).get(url))
        for user in (balangan_admin, balangan_member, evaluator)
    }
    assert len(set(totals.values())) == 1
    assert client_for(hst_admin).get(url).status_code == 404  # cached, still not theirs


def test_a_cached_workbook_names_whoever_downloads_it(
    world, balangan, balangan_admin, evaluator, django_assert_max_num_queries
):
    def made_by(user):
        data = exports.district_workbook(balangan, YEAR, user=user)
        rows = load_workbook(io.BytesIO(data))["Ringkasan"].iter_rows(values_only=True)
        return {row[0]: row[1] for row in rows}["Dibuat oleh"]

    assert made_by(balangan_admin) == balangan_admin.get_username()
    with django_assert_max_num_queries(4):  # memberships, district, catalogue, cached sheets
        assert made_by(evaluator) == evaluator.get_username()


def test_a_workbook_in_english_is_not_served_from_the_indonesian_one(world, balangan, evaluator):
    titles = [s.title for s in exports.district_sheets(balangan, YEAR, user=evaluator)]
    with translation.override("en"):
        english = [s.title for s in exports.district_sheets(balangan, YEAR, user=evaluator)]
    assert "Ringkasan" in titles
    assert "Summary" in english


def test_a_new_institution_is_counted_in_the_next_national_workbook(
    world, balangan, evaluator, sectors
):
    def institutions():
        sheet = load_workbook(io.BytesIO(exports.national_workbook(YEAR, user=evaluator)))
        rows = list(sheet["Angka Kunci"].iter_rows(values_only=True))
        return {row[0]: row[3] for row in rows[1:]}["63.11"]

    before = institutions()
    Institution.objects.create(district=balangan, sector=sectors["masjid"], name="Masjid Baru")
    assert institutions() == before + 1


def test_a_records_district_comes_from_its_loaded_parents_or_one_query(
    world, balangan, django_assert_num_queries
):
    loaded = (
        Attendance.objects.select_related("participant__training")
        .filter(participant__training__district=balangan)
        .first()
    )
    with django_assert_num_queries(0):
        assert figures_cache.district_codes(Attendance, [loaded]) == {"63.11"}
    bare = Attendance.objects.get(pk=loaded.pk)
    with django_assert_num_queries(1):
        assert figures_cache.district_codes(Attendance, [bare]) == {"63.11"}


def test_the_national_ranking_shows_a_change_at_once(world, client_for, evaluator, balangan):
    client = client_for(evaluator)

    def balangan_total():
        response = client.get(reverse("indicators:national"), {"year": YEAR})
        return {row["code"]: row.get("total") for row in response.context["table"]}["63.11"]

    before = balangan_total()
    ItemAssessment.objects.filter(assessment__district=balangan).update(self_status=ItemStatus.MET)
    after = balangan_total()
    assert after != before
    assert after == f"{dashboard.district_dashboard(balangan, evaluator, YEAR).card.total:.2f}"


def test_the_cache_keeps_one_copy_of_a_page_however_often_it_changes(
    world, client_for, evaluator, balangan
):
    from django.conf import settings
    from django.db import connection

    client = client_for(evaluator)
    url = reverse("indicators:district", args=["63.11"])
    for status in (ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.NOT_MET):
        ItemAssessment.objects.filter(assessment__district=balangan).update(self_status=status)
        client.get(url)
    with connection.cursor() as cursor:
        table = settings.CACHES["default"]["LOCATION"]
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s", ["%district-page%"])
        assert cursor.fetchone()[0] == 1


def test_many_writes_in_one_transaction_change_the_version_once_unless_undone(
    world, balangan, django_assert_num_queries
):
    from django.db import transaction

    figures_cache.bump(["63.11"])
    with django_assert_num_queries(0):  # nothing was cached since: still changed
        figures_cache.bump(["63.11"])

    figures_cache.cached("probe", [District.objects.get(pk="63.11")], lambda: 1)
    cached_under = version(balangan)
    with contextlib.suppress(RuntimeError), transaction.atomic():
        figures_cache.bump(["63.11"])
        raise RuntimeError  # the bump is undone with the savepoint...
    assert version(balangan) == cached_under
    figures_cache.bump(["63.11"])  # ...so the next write must change the version again
    assert version(balangan) != cached_under
    with django_assert_num_queries(0):
        figures_cache.bump(["63.11"])
