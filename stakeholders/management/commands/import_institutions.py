from django.core.management.base import BaseCommand, CommandError

from kla_portal.imports import DRY_RUN, command_report
from kla_portal.models import District
from stakeholders.imports import apply_import, preview_import


class Command(BaseCommand):
    help = (
        "Impor daftar lembaga (satu baris satu lembaga) dari berkas Excel/CSV. Tanpa --commit "
        "hanya menampilkan apa yang akan dibuat, diperbarui dan ditolak."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .xlsx atau .csv")
        parser.add_argument("--district", required=True, help="kode kabupaten/kota, mis. 63.11")
        parser.add_argument(
            "--commit",
            action="store_true",
            help="simpan baris yang valid (baris yang ditolak tetap dilaporkan)",
        )
        parser.add_argument("--user", help="nama pengguna yang dicatat sebagai pelaku impor")

    def handle(self, *args, **options):
        try:
            district = District.objects.get(code=options["district"])
        except District.DoesNotExist as exc:
            raise CommandError(f"Kabupaten/kota {options['district']} tidak ada.") from exc
        report = command_report(
            options,
            preview=lambda path: preview_import(path, district=district),
            apply=lambda path, user: apply_import(
                path, district=district, user=user, only_valid=True
            ),
        )
        self.stdout.write("\n".join(report.lines()))
        if options["commit"]:
            self.stdout.write(f"Disimpan untuk {district.name}.")
        else:
            self.stdout.write(DRY_RUN)
