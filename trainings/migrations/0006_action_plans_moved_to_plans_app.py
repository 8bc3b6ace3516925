"""The action-plan models leave this app's state for ``trainings.plans`` (label ``plans``).

State only: their tables stay as they are and ``plans.0001_moved_from_trainings`` takes
them over.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('trainings', '0005_tof_label_in_indonesian'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='actionitem',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='actionitem',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='actionitem',
                    name='responsible_member',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='item',
                ),
                migrations.RemoveField(
                    model_name='historicalprogressupdate',
                    name='item',
                ),
                migrations.RemoveField(
                    model_name='actionplan',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='actionplan',
                    name='owner_institution',
                ),
                migrations.RemoveField(
                    model_name='actionplan',
                    name='owner_working_group',
                ),
                migrations.RemoveField(
                    model_name='actionplan',
                    name='training',
                ),
                migrations.RemoveField(
                    model_name='historicalactionitem',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='evidence',
                    name='update',
                ),
                migrations.RemoveField(
                    model_name='historicalactionitem',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalactionitem',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='historicalactionitem',
                    name='responsible_member',
                ),
                migrations.RemoveField(
                    model_name='historicalactionplan',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='historicalactionplan',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalactionplan',
                    name='owner_institution',
                ),
                migrations.RemoveField(
                    model_name='historicalactionplan',
                    name='owner_working_group',
                ),
                migrations.RemoveField(
                    model_name='historicalactionplan',
                    name='training',
                ),
                migrations.RemoveField(
                    model_name='historicalevidence',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalevidence',
                    name='update',
                ),
                migrations.RemoveField(
                    model_name='historicalprogressupdate',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='historicalprogressupdate',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='progressupdate',
                    name='author',
                ),
                migrations.DeleteModel(
                    name='ReminderLog',
                ),
                migrations.DeleteModel(
                    name='ActionItem',
                ),
                migrations.DeleteModel(
                    name='ActionPlan',
                ),
                migrations.DeleteModel(
                    name='Evidence',
                ),
                migrations.DeleteModel(
                    name='HistoricalActionItem',
                ),
                migrations.DeleteModel(
                    name='HistoricalActionPlan',
                ),
                migrations.DeleteModel(
                    name='HistoricalEvidence',
                ),
                migrations.DeleteModel(
                    name='HistoricalProgressUpdate',
                ),
                migrations.DeleteModel(
                    name='ProgressUpdate',
                ),
            ],
        ),
    ]
