from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Muat katalog acuan: sektor dan tahap ramah anak, kerangka indikator KLA. "
        "Hanya menambah yang belum ada; suntingan superuser tidak ditimpa."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            # Each app loads its own reference data in catalogue.py, in dependency order.
            for app in settings.PROJECT_APPS:
                if find_spec(f"{app}.catalogue"):
                    for line in import_module(f"{app}.catalogue").load() or []:
                        self.stdout.write(line)
