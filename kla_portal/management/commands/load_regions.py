from django.core.management.base import BaseCommand

from kla_portal.regions import load_regions


class Command(BaseCommand):
    help = (
        "Muat kode wilayah Kemendagri: 38 provinsi, 514 kabupaten/kota, 7.285 kecamatan, "
        "83.762 desa/kelurahan."
    )

    def handle(self, *args, **options):
        for result in load_regions():
            self.stdout.write(
                f"{result.model._meta.verbose_name_plural}: {result.total} ({result.created} baru)"
            )
