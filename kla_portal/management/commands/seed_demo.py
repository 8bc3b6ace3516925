from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kla_portal import figures
from kla_portal.demo import DEMO_DISTRICTS
from kla_portal.models import District


class Command(BaseCommand):
    help = (
        "Isi data demo (Kalimantan Selatan: Balangan dan Hulu Sungai Tengah) dan akun demo. "
        "Aman dijalankan berulang."
    )

    def handle(self, *args, **options):
        if not District.objects.filter(code="63.11").exists():
            raise CommandError("Wilayah belum dimuat: jalankan dulu `manage.py load_regions`.")
        reports = {}
        with transaction.atomic(), figures.batch():
            # Each app seeds its own demo data in its demo.py, in dependency order.
            for app in settings.PROJECT_APPS:
                if find_spec(f"{app}.demo"):
                    reports[app] = import_module(f"{app}.demo").seed() or []
            # Demo modules also write a few rows directly (attendance in bulk, the
            # ministry's results): bring every demo district's figures up to date.
            figures.refresh(DEMO_DISTRICTS)
        # The demo logins (kla_portal's report, then any an app's demo_logins() lists, such as
        # the operators) come last, right above the server's banner.
        logins = reports.pop("kla_portal", [])
        for app in reports:
            logins += getattr(import_module(f"{app}.demo"), "demo_logins", list)()
        self.stdout.write("\n".join([line for lines in reports.values() for line in lines]))
        self.stdout.write("\n".join(["", *logins]))
