from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kla_portal.spreadsheets import SheetError
from trainings.plans.imports import apply_import, plan_import
from trainings.plans.models import ActionPlan


class Command(BaseCommand):
    help = (
        "Impor kegiatan RTL (satu baris satu kegiatan) dari berkas Excel/CSV ke satu RTL. "
        "Tanpa --commit hanya menampilkan apa yang akan dibuat, diperbarui dan ditolak."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .xlsx atau .csv")
        parser.add_argument("--plan", required=True, type=int, help="nomor (id) RTL tujuan")
        parser.add_argument(
            "--commit",
            action="store_true",
            help="simpan baris yang valid (baris yang ditolak tetap dilaporkan)",
        )
        parser.add_argument("--user", help="nama pengguna yang dicatat sebagai pelaku impor")

    def handle(self, *args, **options):
        try:
            plan = ActionPlan.objects.select_related("district").get(
                pk=options["plan"], is_active=True
            )
        except ActionPlan.DoesNotExist as exc:
            raise CommandError(f"RTL {options['plan']} tidak ada atau nonaktif.") from exc
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"Pengguna {options['user']} tidak ada.") from exc
        try:
            if options["commit"]:
                report, _written = apply_import(
                    options["file"], plan=plan, user=user, only_valid=True
                )
            else:
                report = plan_import(options["file"], plan=plan).report
        except SheetError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas {options['file']} tidak ditemukan.") from exc
        self.stdout.write("\n".join(report.lines()))
        if options["commit"]:
            self.stdout.write(f"Disimpan ke RTL '{plan.title}' ({plan.district.name}).")
        else:
            self.stdout.write("Uji coba: tidak ada yang disimpan (tambahkan --commit).")
