from datetime import date

from django.core.management.base import BaseCommand, CommandError

from trainings.plans.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Kirim email pengingat kepada setiap penanggung jawab kegiatan RTL: kegiatan yang "
        "terlambat dan yang jatuh tempo dalam 7 hari. Aman dijalankan tiap hari dari cron: "
        "satu alamat menerima paling banyak satu pengingat per hari."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="tanggal acuan (yyyy-mm-dd), bawaan: hari ini")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Tanggal {options['date']} tidak terbaca.") from exc
        lines = send_reminders(today=today)
        self.stdout.write("\n".join(lines) if lines else "Tidak ada pengingat untuk dikirim.")
