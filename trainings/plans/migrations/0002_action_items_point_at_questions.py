"""An RTL item may point at the instrument question it serves (``ActionItem.question``).

Adds a nullable column to ``trainings_actionitem`` and its history table (the tables
keep their ``trainings_*`` names, see ``0001_moved_from_trainings``); no row changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_instrument_2024"),
        ("plans", "0001_moved_from_trainings"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="question",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="action_items",
                to="indicators.checklistitem",
                verbose_name="pertanyaan instrumen",
            ),
        ),
        migrations.AddField(
            model_name="historicalactionitem",
            name="question",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="indicators.checklistitem",
                verbose_name="pertanyaan instrumen",
            ),
        ),
    ]
