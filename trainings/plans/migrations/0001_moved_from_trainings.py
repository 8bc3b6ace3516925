"""The action-plan models, moved here from the trainings app without touching a row.

State only: the tables keep their ``trainings_*`` names (``Meta.db_table``), so the
database is not changed. Content types are renamed so that admin permissions and
log entries follow the models.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = [
    "actionplan",
    "actionitem",
    "progressupdate",
    "evidence",
    "reminderlog",
    "historicalactionplan",
    "historicalactionitem",
    "historicalprogressupdate",
    "historicalevidence",
]


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, "trainings", "plans")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "plans", "trainings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('indicators', '0002_suggestions_sign_off_provisional_points'),
        ('kla_portal', '0003_catalogue_version'),
        ('stakeholders', '0001_task_force_and_institutions'),
        ('trainings', '0006_action_plans_moved_to_plans_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActionPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='judul')),
                        ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='action_plans', to='kla_portal.district', verbose_name='kabupaten/kota')),
                        ('owner_institution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='action_plans', to='stakeholders.institution', verbose_name='lembaga pemilik')),
                        ('owner_working_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='action_plans', to='stakeholders.workinggroup', verbose_name='kelompok kerja pemilik')),
                        ('training', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='action_plans', to='trainings.training', verbose_name='dari pelatihan')),
                    ],
                    options={
                        'verbose_name': 'rencana tindak lanjut',
                        'verbose_name_plural': 'rencana tindak lanjut',
                        'db_table': 'trainings_actionplan',
                        'ordering': ['district', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='ActionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('activity', models.CharField(max_length=300, verbose_name='kegiatan')),
                        ('objective', models.TextField(blank=True, verbose_name='tujuan')),
                        ('target_group', models.CharField(blank=True, max_length=300, verbose_name='sasaran')),
                        ('start_date', models.DateField(blank=True, null=True, verbose_name='mulai')),
                        ('due_date', models.DateField(verbose_name='tenggat')),
                        ('responsible_name', models.CharField(blank=True, max_length=200, verbose_name='penanggung jawab (bukan anggota)')),
                        ('budget_source', models.CharField(blank=True, max_length=200, verbose_name='sumber dana')),
                        ('budget_amount', models.DecimalField(blank=True, decimal_places=0, max_digits=15, null=True, verbose_name='anggaran (Rp)')),
                        ('success_measure', models.CharField(blank=True, max_length=300, verbose_name='indikator keberhasilan')),
                        ('venue', models.CharField(blank=True, max_length=300, verbose_name='tempat')),
                        ('status', models.CharField(choices=[('planned', 'Direncanakan'), ('in_progress', 'Berjalan'), ('done', 'Selesai'), ('cancelled', 'Dibatalkan')], default='planned', max_length=12, verbose_name='status')),
                        ('cancel_reason', models.TextField(blank=True, verbose_name='alasan dibatalkan')),
                        ('percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='persen selesai')),
                        ('version', models.PositiveIntegerField(default=1, help_text='Incremented on every save; a stale version is refused (no lost update).')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('indicator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='action_items', to='indicators.indicator', verbose_name='indikator KLA')),
                        ('responsible_member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='action_items', to='stakeholders.member', verbose_name='penanggung jawab')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='plans.actionplan', verbose_name='RTL')),
                    ],
                    options={
                        'verbose_name': 'kegiatan RTL',
                        'verbose_name_plural': 'kegiatan RTL',
                        'db_table': 'trainings_actionitem',
                        'ordering': ['plan', 'due_date', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalActionItem',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('activity', models.CharField(max_length=300, verbose_name='kegiatan')),
                        ('objective', models.TextField(blank=True, verbose_name='tujuan')),
                        ('target_group', models.CharField(blank=True, max_length=300, verbose_name='sasaran')),
                        ('start_date', models.DateField(blank=True, null=True, verbose_name='mulai')),
                        ('due_date', models.DateField(verbose_name='tenggat')),
                        ('responsible_name', models.CharField(blank=True, max_length=200, verbose_name='penanggung jawab (bukan anggota)')),
                        ('budget_source', models.CharField(blank=True, max_length=200, verbose_name='sumber dana')),
                        ('budget_amount', models.DecimalField(blank=True, decimal_places=0, max_digits=15, null=True, verbose_name='anggaran (Rp)')),
                        ('success_measure', models.CharField(blank=True, max_length=300, verbose_name='indikator keberhasilan')),
                        ('venue', models.CharField(blank=True, max_length=300, verbose_name='tempat')),
                        ('status', models.CharField(choices=[('planned', 'Direncanakan'), ('in_progress', 'Berjalan'), ('done', 'Selesai'), ('cancelled', 'Dibatalkan')], default='planned', max_length=12, verbose_name='status')),
                        ('cancel_reason', models.TextField(blank=True, verbose_name='alasan dibatalkan')),
                        ('percent', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='persen selesai')),
                        ('version', models.PositiveIntegerField(default=1, help_text='Incremented on every save; a stale version is refused (no lost update).')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('indicator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.indicator', verbose_name='indikator KLA')),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.actionplan', verbose_name='RTL')),
                        ('responsible_member', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stakeholders.member', verbose_name='penanggung jawab')),
                    ],
                    options={
                        'verbose_name': 'historical kegiatan RTL',
                        'verbose_name_plural': 'historical kegiatan RTL',
                        'db_table': 'trainings_historicalactionitem',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalActionPlan',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='judul')),
                        ('is_active', models.BooleanField(default=True, verbose_name='aktif')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('district', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kla_portal.district', verbose_name='kabupaten/kota')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner_institution', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stakeholders.institution', verbose_name='lembaga pemilik')),
                        ('owner_working_group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='stakeholders.workinggroup', verbose_name='kelompok kerja pemilik')),
                        ('training', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='trainings.training', verbose_name='dari pelatihan')),
                    ],
                    options={
                        'verbose_name': 'historical rencana tindak lanjut',
                        'verbose_name_plural': 'historical rencana tindak lanjut',
                        'db_table': 'trainings_historicalactionplan',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProgressUpdate',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='tanggal')),
                        ('text', models.TextField(verbose_name='perkembangan')),
                        ('percent', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='persen selesai')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('author', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ditulis oleh')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.actionitem', verbose_name='kegiatan')),
                    ],
                    options={
                        'verbose_name': 'historical perkembangan',
                        'verbose_name_plural': 'historical perkembangan',
                        'db_table': 'trainings_historicalprogressupdate',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ProgressUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='tanggal')),
                        ('text', models.TextField(verbose_name='perkembangan')),
                        ('percent', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='persen selesai')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ditulis oleh')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='plans.actionitem', verbose_name='kegiatan')),
                    ],
                    options={
                        'verbose_name': 'perkembangan',
                        'verbose_name_plural': 'perkembangan',
                        'db_table': 'trainings_progressupdate',
                        'ordering': ['item', '-date', '-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalEvidence',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('file', models.TextField(max_length=100, verbose_name='berkas')),
                        ('original_name', models.CharField(max_length=255, verbose_name='nama berkas')),
                        ('content_type', models.CharField(max_length=100)),
                        ('size', models.PositiveIntegerField()),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('update', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.progressupdate', verbose_name='perkembangan')),
                    ],
                    options={
                        'verbose_name': 'historical bukti',
                        'verbose_name_plural': 'historical bukti',
                        'db_table': 'trainings_historicalevidence',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Evidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(upload_to='evidence/%Y/%m/', verbose_name='berkas')),
                        ('original_name', models.CharField(max_length=255, verbose_name='nama berkas')),
                        ('content_type', models.CharField(max_length=100)),
                        ('size', models.PositiveIntegerField()),
                        ('update', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='plans.progressupdate', verbose_name='perkembangan')),
                    ],
                    options={
                        'verbose_name': 'bukti',
                        'verbose_name_plural': 'bukti',
                        'db_table': 'trainings_evidence',
                    },
                ),
                migrations.CreateModel(
                    name='ReminderLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('recipient', models.EmailField(max_length=254)),
                        ('date', models.DateField()),
                        ('item_count', models.PositiveSmallIntegerField()),
                        ('sent_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'trainings_reminderlog',
                        'constraints': [models.UniqueConstraint(fields=('recipient', 'date'), name='one_reminder_per_day')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='actionplan',
                    constraint=models.CheckConstraint(condition=models.Q(('owner_institution__isnull', True), ('owner_working_group__isnull', True), _connector='OR'), name='plan_has_one_owner', violation_error_message='Pemilik RTL: pilih lembaga atau kelompok kerja, bukan keduanya.'),
                ),
                migrations.AddIndex(
                    model_name='actionitem',
                    index=models.Index(fields=['status', 'due_date'], name='trainings_a_status_3cb663_idx'),
                ),
                migrations.AddConstraint(
                    model_name='actionitem',
                    constraint=models.CheckConstraint(condition=models.Q(('percent__gte', 0), ('percent__lte', 100)), name='item_percent_in_range'),
                ),
                migrations.AddConstraint(
                    model_name='actionitem',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'cancelled'), _negated=True), models.Q(('cancel_reason', ''), _negated=True), _connector='OR'), name='cancelled_item_has_reason', violation_error_message='Kegiatan yang dibatalkan harus diberi alasan.'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
