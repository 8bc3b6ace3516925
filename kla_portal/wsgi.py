"""WSGI entry point: ``gunicorn kla_portal.wsgi`` in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_portal.settings")
application = get_wsgi_application()
