"""The README's backup recipe works: a dump of the demo database restores with every row."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

# The longest test of the suite (a minute): run first (tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.early]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_a_dump_of_the_demo_database_restores_into_an_empty_one_with_every_row(regions, tmp_path):
    call_command("load_catalogues", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    before = row_counts()
    dump = tmp_path / "kla-backup.json.gz"

    call_command(
        "dumpdata",
        "--natural-foreign",
        "-o",
        str(dump),
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        verbosity=0,
    )
    call_command("flush", "--no-input", verbosity=0)
    assert sum(row_counts().values()) < sum(before.values())
    call_command("loaddata", str(dump), verbosity=0)

    after = row_counts()
    assert after == before
    assert before["kla_portal.Membership"] >= 6
