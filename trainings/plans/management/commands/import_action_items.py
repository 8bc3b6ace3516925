from django.core.management.base import BaseCommand, CommandError

from kla_portal.imports import DRY_RUN, command_report
from trainings.plans.imports import apply_import, preview_import
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
        report = command_report(
            options,
            preview=lambda path: preview_import(path, plan=plan),
            apply=lambda path, user: apply_import(path, plan=plan, user=user, only_valid=True),
        )
        self.stdout.write("\n".join(report.lines()))
        if options["commit"]:
            self.stdout.write(f"Disimpan ke RTL '{plan.title}' ({plan.district.name}).")
        else:
            self.stdout.write(DRY_RUN)
