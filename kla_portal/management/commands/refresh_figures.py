import time

from django.core.management.base import BaseCommand
from django.db import transaction

from kla_portal import figures


class Command(BaseCommand):
    help = (
        "Hitung ulang dari awal angka ringkasan setiap kabupaten/kota (nilai, kategori, "
        "lembaga, orang terlatih, RTL) yang dibaca dasbor dan workbook. Jalankan setelah "
        "memperbarui aplikasi atau memulihkan cadangan."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            figures.refresh_all()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Angka ringkasan dihitung ulang ({elapsed:.1f} s).")
