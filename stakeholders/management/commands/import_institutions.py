from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kla_portal.models import District
from kla_portal.spreadsheets import SheetError
from stakeholders.imports import apply_import, plan_import


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
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Pengguna {options['user']} tidak ada.") from exc
        try:
            if options["commit"]:
                report, _written = apply_import(
                    options["file"], district=district, user=user, only_valid=True
                )
            else:
                report = plan_import(options["file"], district=district).report
        except SheetError as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas {options['file']} tidak ditemukan.") from exc
        self.stdout.write("\n".join(report.lines()))
        if options["commit"]:
            self.stdout.write(f"Disimpan untuk {district.name}.")
        else:
            self.stdout.write("Uji coba: tidak ada yang disimpan (tambahkan --commit).")
