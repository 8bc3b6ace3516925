"""WSGI entry point: ``gunicorn kla_portal.wsgi`` in production."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_portal.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps' models, the libraries) lives as long as the
# worker: frozen, the collector's full passes skip it. Over the 150,000 objects a worker
# holds after a few pages, a full pass took 55-69 ms, stalling every thread of the
# worker; about 8 ms once frozen here (bench/README.md, "2026-12-06").
gc.freeze()
