from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import instrument, workflow


class Command(BaseCommand):
    help = (
        "Tulis kerangka indikator yang berlaku pada tahun evaluasi ke berkas .json atau .xlsx "
        "(bentuk yang sama dengan yang dibaca import_framework)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="tahun evaluasi, mis. 2024")
        parser.add_argument("-o", "--output", required=True, help="berkas .json atau .xlsx")

    def handle(self, *args, year, output, **options):
        framework = workflow.framework_for_year(year)
        if framework is None:
            raise CommandError(f"Tidak ada kerangka yang berlaku pada tahun {year}.")
        path = Path(output)
        if path.suffix.lower() not in (".json", ".xlsx"):
            raise CommandError("Nama berkas harus berakhiran .json atau .xlsx.")
        instrument.write(framework, path)
        self.stdout.write(f"kerangka {framework.code} ditulis ke {path}")
