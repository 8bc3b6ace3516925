from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import instrument


class Command(BaseCommand):
    help = (
        "Baca kerangka indikator dari berkas .json atau .xlsx (bentuk export_framework): "
        "membuat versi baru, atau memperbarui teks versi yang belum dipakai penilaian yang "
        "diajukan. Berkas yang rusak ditolak seluruhnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            spec = instrument.check(instrument.read(Path(file)))
            # Codes and points never change here (a new version instead), so no score does.
            framework, done = instrument.import_spec(spec)
        except instrument.InstrumentError as error:
            raise CommandError(
                "Berkas ditolak, tidak ada yang diubah:\n- " + "\n- ".join(error.problems)
            ) from error
        what = "dibuat" if done == "created" else "diperbarui (teks)"
        self.stdout.write(f"kerangka {framework.code} {what}: {len(spec.indicators)} indikator")
