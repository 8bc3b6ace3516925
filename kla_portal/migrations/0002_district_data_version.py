"""Each district's data version and the table of the figures cache keyed by it."""

from django.core.management import call_command
from django.db import migrations, models

import secrets


def create_cache_table(apps, schema_editor):
    # The table settings.CACHES names (nothing happens for a cache elsewhere, Redis say).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def new_data_version():
    # Was kla_portal.models.new_data_version (removed with the figures cache in 0004).
    return secrets.randbits(62)


class Migration(migrations.Migration):
    dependencies = [
        ("kla_portal", "0001_regions_and_memberships"),
    ]

    operations = [
        migrations.AddField(
            model_name="district",
            name="data_version",
            field=models.BigIntegerField(
                default=new_data_version, editable=False
            ),
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
