"""The backup's JSON format (kla_portal/backup_json.py): each user a row points at is
looked up once on the way out and once on the way back in, not once per row."""

from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from stakeholders.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def history_of_two_editors(balangan, sectors, balangan_admin, balangan_member):
    """Forty institutions, each saved by one of two users: forty history rows naming them."""
    for n in range(40):
        institution = Institution(district=balangan, sector=sectors["sekolah"], name=f"SD {n}")
        institution._history_user = (balangan_admin, balangan_member)[n % 2]
        institution.save()
    return Institution.history.filter(name__startswith="SD ")


def test_a_dump_names_each_user_once_looked_up(
    history_of_two_editors, balangan_admin, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):  # the rows, two users, and no more
        dump = serializers.serialize(
            "json", history_of_two_editors.order_by("pk"), use_natural_foreign_keys=True
        )

    assert dump.count(f'"history_user": ["{balangan_admin.username}"]') == 20


def test_it_loads_back_looking_each_user_up_once(
    history_of_two_editors, balangan_admin, balangan_member, django_assert_max_num_queries
):
    dump = serializers.serialize(
        "json", history_of_two_editors.order_by("pk"), use_natural_foreign_keys=True
    )
    history_of_two_editors.delete()

    with django_assert_max_num_queries(4):
        objects = list(serializers.deserialize("json", dump))
    for obj in objects:
        obj.save()

    users = set(history_of_two_editors.values_list("history_user__username", flat=True))
    assert history_of_two_editors.count() == 40
    assert users == {balangan_admin.username, balangan_member.username}


def test_the_readme_recipe_s_dumpdata_uses_it(
    history_of_two_editors, balangan_admin, django_assert_max_num_queries
):
    out = StringIO()
    with django_assert_max_num_queries(10):
        call_command(
            "dumpdata", "stakeholders.historicalinstitution", "--natural-foreign", stdout=out
        )

    assert out.getvalue().count(f'["{balangan_admin.username}"]') == 20
