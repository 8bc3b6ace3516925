"""The figures cache goes: figures are kept on rows that every write updates.

``District.data_version`` and ``CatalogueVersion`` keyed the cache, and the
``kla_cache`` table held it (migration 0002 created it with ``createcachetable``).
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "kla_cache"


def drop_cache_table(apps, schema_editor):
    if CACHE_TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


def create_cache_table(apps, schema_editor):
    CreateCacheTable().create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [
        ("kla_portal", "0003_catalogue_version"),
    ]

    operations = [
        migrations.RemoveField(model_name="district", name="data_version"),
        migrations.DeleteModel(name="CatalogueVersion"),
        migrations.RunPython(drop_cache_table, create_cache_table),
    ]
