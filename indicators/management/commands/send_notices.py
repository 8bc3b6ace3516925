from datetime import date

from django.core.management.base import BaseCommand, CommandError

from indicators import stage_notices, stages
from kla_portal import notices

DAYS_BEFORE = (7, 1)


class Command(BaseCommand):
    help = (
        "Untuk cron, sekali sehari: pemberitahuan batas waktu tahap evaluasi (7 dan 1 hari "
        "lagi) kepada yang menjalankan tahapnya, lalu ringkasan email harian pemberitahuan "
        "yang belum dibaca. Aman dijalankan lebih dari sekali: pemberitahuan yang sama tidak "
        "dibuat dua kali, dan satu orang menerima paling banyak satu ringkasan per hari."
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
        created = sum(
            stage_notices.deadline_coming(row, days)
            for days in DAYS_BEFORE
            for row in stages.due_in(days, today)
        )
        sent = notices.send_digests(today)
        self.stdout.write(
            f"{created} pemberitahuan batas waktu baru; {sent} ringkasan email terkirim."
        )
