from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from indicators import exports
from kla_portal.access import can_export_national, province_for_export
from kla_portal.models import District


class Command(BaseCommand):
    help = (
        "Tulis lembar kerja evaluasi KLA (Excel, atau CSV dalam zip dengan --csv) untuk satu "
        "kabupaten/kota, satu provinsi atau seluruh Indonesia."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--district", help="kode kabupaten/kota, mis. 63.11")
        scope.add_argument("--province", help="kode provinsi, mis. 63")
        scope.add_argument("--national", action="store_true", help="semua kabupaten/kota")
        parser.add_argument("--year", type=int, required=True, help="tahun penilaian, mis. 2025")
        parser.add_argument("-o", "--output", required=True, help="berkas tujuan (.xlsx/.zip)")
        parser.add_argument("--csv", action="store_true", help="zip berisi satu CSV per lembar")
        parser.add_argument(
            "--user",
            help="tulis hanya yang boleh dilihat pengguna ini (bawaan: semua data, "
            "dicatat sebagai dibuat dari baris perintah)",
        )

    def handle(self, *args, **options):
        user = self._user(options["user"])
        year = options["year"]
        if not exports.MIN_YEAR <= year <= exports.MAX_YEAR:
            raise CommandError(f"Tahun {year} di luar {exports.MIN_YEAR}-{exports.MAX_YEAR}.")
        as_csv = options["csv"]
        if options["district"]:
            district = self._get(District.objects.visible_to(user), options["district"])
            build = exports.district_csv_zip if as_csv else exports.district_workbook
            data = build(district, year, user=user)
        elif options["province"]:
            try:
                province = province_for_export(user, options["province"])
            except (Http404, PermissionDenied) as exc:
                raise CommandError(f"Provinsi {options['province']} tidak tersedia.") from exc
            build = exports.province_csv_zip if as_csv else exports.province_workbook
            data = build(province, year, user=user)
        else:
            if not can_export_national(user):
                raise CommandError("Pengguna ini tidak boleh mengunduh lembar kerja nasional.")
            build = exports.national_csv_zip if as_csv else exports.national_workbook
            data = build(year, user=user)
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"Ditulis: {options['output']} ({len(data):,} bita).")

    def _user(self, username):
        model = get_user_model()
        if not username:
            # Not saved: it only stands for "everything" and names the author on the summary.
            return model(username="manage.py export_evaluation", is_superuser=True)
        try:
            return model.objects.get(username=username, is_active=True)
        except model.DoesNotExist as exc:
            raise CommandError(f"Pengguna {username} tidak ada.") from exc

    def _get(self, queryset, code):
        try:
            return queryset.select_related("province").get(code=code)
        except District.DoesNotExist as exc:
            raise CommandError(
                f"Kabupaten/kota {code} tidak ada atau tidak boleh dilihat."
            ) from exc
