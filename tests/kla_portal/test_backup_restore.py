"""The README's backup recipe works: a dump of the demo database restores with every row.

The demo is the one seeded for every module that reads it (``demo_world``). The flush and
the restore run inside this test's transaction, as everything else does, and are rolled
back with it: PostgreSQL's TRUNCATE and SQLite's DELETE are both transactional.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

# The longest test of the suite: run first (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.early]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def forget_content_types():
    """The flush's post_migrate makes the content types again with other ids, and the cache
    keeps those after the rollback has brought the old rows back: forget them."""
    yield
    ContentType.objects.clear_cache()


def test_a_dump_of_the_demo_database_restores_into_an_empty_one_with_every_row(
    demo_world, forget_content_types, tmp_path
):
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
    call_command("loaddata", str(dump), stdout=StringIO(), verbosity=0)

    after = row_counts()
    assert after == before
    assert before["kla_portal.Membership"] >= 6
    assert before["indicators.AreaAnswer"] > 0
