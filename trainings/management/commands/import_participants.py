from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kla_portal.spreadsheets import SheetError
from trainings.models import Training
from trainings.participant_import import DETAIL_MATCHED, import_participants


class Command(BaseCommand):
    help = (
        "Impor daftar peserta pelatihan dari Excel/CSV. Tanpa --commit hanya pratinjau "
        "(tidak ada yang disimpan); dengan --commit baris yang valid disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--training", type=int, required=True, help="ID pelatihan")
        parser.add_argument("--commit", action="store_true", help="simpan baris yang valid")
        parser.add_argument("--user", help="username yang dicatat sebagai pengubah")

    def handle(self, *args, file, training, commit, user=None, **options):
        try:
            target = Training.objects.select_related("district").get(pk=training, is_active=True)
        except Training.DoesNotExist as exc:
            raise CommandError(f"Pelatihan {training} tidak ditemukan.") from exc
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Pengguna {user} tidak ditemukan.")
        try:
            preview = import_participants(
                file, training=target, user=actor, commit=commit, valid_only=True
            )
        except (SheetError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for note in preview.notes:
            self.stdout.write(note)
        for line in preview.report.lines():
            self.stdout.write(line)
        matched = sum(1 for r in preview.report.rows if str(DETAIL_MATCHED) in r.detail)
        self.stdout.write(f"cocok dengan orang yang sudah terdata: {matched}")
        if commit:
            self.stdout.write(
                f"Disimpan: {preview.report.created_count} dibuat, "
                f"{preview.report.updated_count} diperbarui; "
                f"{preview.report.rejected_count} ditolak tidak disimpan."
            )
        else:
            self.stdout.write("Pratinjau saja: tidak ada yang disimpan. Tambahkan --commit.")
