from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError

from indicators.agency_reminders import send_agency_reminders
from kla_portal.models import District


def _date(raw: str, fmt: str, label: str) -> date:
    try:
        return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
    except ValueError as exc:
        raise CommandError(f"{label} {raw} tidak terbaca.") from exc


class Command(BaseCommand):
    help = (
        "Kirim email pengingat kepada setiap operator perangkat daerah: pertanyaan penilaian "
        "yang ditugaskan ke perangkat daerahnya dan belum dikirim ke Dinas PPPA (termasuk "
        "yang dikembalikan). Aman dijalankan tiap hari dari cron: satu alamat menerima "
        "paling banyak satu pengingat per hari."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="tanggal acuan (yyyy-mm-dd), bawaan: hari ini")
        parser.add_argument(
            "--deadline", help="batas waktu Dinas PPPA (dd/mm/yyyy), disebut di email"
        )
        parser.add_argument("--district", help="hanya kabupaten/kota ini (kode, mis. 63.11)")

    def handle(self, *args, **options):
        today = _date(options["date"], "%Y-%m-%d", "Tanggal") if options["date"] else None
        deadline = None
        if options["deadline"]:
            deadline = _date(options["deadline"], "%d/%m/%Y", "Batas waktu")
        code = options["district"]
        if code and not District.objects.filter(code=code).exists():
            raise CommandError(f"Kabupaten/kota {code} tidak ada.")
        lines = send_agency_reminders(today=today, deadline=deadline, district_code=code)
        self.stdout.write("\n".join(lines) if lines else "Tidak ada pengingat untuk dikirim.")
