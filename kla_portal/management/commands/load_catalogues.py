from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from kla_portal import figures


class Command(BaseCommand):
    help = (
        "Muat katalog acuan: sektor dan tahap ramah anak, kerangka indikator KLA. "
        "Hanya menambah yang belum ada; suntingan superuser tidak ditimpa."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            # Each app loads its own reference data in catalogue.py, in dependency order.
            lines = []
            for app in settings.PROJECT_APPS:
                if find_spec(f"{app}.catalogue"):
                    lines += import_module(f"{app}.catalogue").load() or []
            # The figures are computed with the catalogues (a sector's milestones decide
            # which institutions are at its final stage).
            figures.refresh_all()
        for line in lines:
            self.stdout.write(line)
