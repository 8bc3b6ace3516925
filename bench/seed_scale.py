"""Fill a scratch database with the synthetic national data set (bench/scale.py).

    .venv/bin/python bench/seed_scale.py --districts 514 --years 5 [--reset]

A management command's class, run as a script: the generator is benchmark code, so it
lives here and not in an app the portal ships.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management.base import BaseCommand, CommandError  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

SCALE_DATA_EXISTS = gettext_lazy(
    "Data skala dari run sebelumnya masih ada: tambahkan --reset untuk menghapusnya dulu."
)
FOREIGN_DATA = gettext_lazy(
    "Basis data ini sudah berisi data yang bukan data skala (%(rows)s). Gunakan basis data "
    "kosong (DATABASE_URL), atau --force bila memang ingin mencampurnya."
)


class Command(BaseCommand):
    help = (
        "Buat data uji skala nasional (lembaga, gugus tugas, pelatihan, peserta, RTL, "
        "penilaian) secara massal dan bisa diulang dari seed. Hanya untuk basis data uji."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--districts",
            type=int,
            default=514,
            help="jumlah kabupaten/kota (urut kode); 0 = hanya --reset",
        )
        parser.add_argument("--years", type=int, default=5, help="jumlah tahun, s.d. --until")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--province", help="batasi pada satu provinsi (kode, mis. 63)")
        parser.add_argument("--until", type=int, help="tahun terakhir (bawaan: tahun ini)")
        parser.add_argument(
            "--reset", action="store_true", help="hapus dulu data skala dari run sebelumnya"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="jalan juga bila basis data sudah berisi data lain (data itu tidak diubah)",
        )

    def handle(self, *args, districts, years, seed, province, until, reset, force, **options):
        from bench import scale  # the models it imports need Django set up first

        if districts < 0 or years < 1:
            raise CommandError("--districts >= 0, --years >= 1")
        try:
            scale.check_catalogues()
        except scale.ScaleError as exc:
            raise CommandError(str(exc)) from exc
        if districts and not force:
            foreign = scale.foreign_rows()
            if foreign:
                rows = ", ".join(f"{name}: {count}" for name, count in foreign.items())
                raise CommandError(FOREIGN_DATA % {"rows": rows})
        if reset:
            started = time.perf_counter()
            deleted = scale.delete_scale_data()
            summary = ", ".join(f"{name} {count}" for name, count in deleted.items()) or "-"
            self.stdout.write(f"Dihapus ({time.perf_counter() - started:.1f} s): {summary}")
        if not districts:
            return
        if scale.scale_rows_exist():
            raise CommandError(str(SCALE_DATA_EXISTS))

        try:
            plan = scale.plan_run(
                districts=districts, years=years, seed=seed, province=province, until_year=until
            )
        except scale.ScaleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Membuat data skala: {len(plan.districts)} kabupaten/kota, "
            f"tahun {plan.years[0]}-{plan.years[-1]}, seed {seed}"
        )
        by_framework: dict[str, list[int]] = {}
        for year, framework in scale.frameworks_for(plan.years).items():
            by_framework.setdefault(framework.code, []).append(year)
        for code, framework_years in by_framework.items():
            self.stdout.write(f"  kerangka {code}: {', '.join(map(str, framework_years))}")
        started = time.perf_counter()

        def progress(done, total):
            if done == total or done % 64 == 0:
                elapsed = time.perf_counter() - started
                self.stdout.write(f"  {done}/{total} kabupaten/kota ({elapsed:.0f} s)")

        counts = scale.generate(plan, progress=progress)
        elapsed = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"  {name:<22} {count:>10,}")
        self.stdout.write(f"Selesai dalam {elapsed:.1f} s ({sum(counts.values()):,} baris).")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import setup_django

    setup_django()
    Command().run_from_argv(["seed_scale", "seed_scale", *sys.argv[1:]])
