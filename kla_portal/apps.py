from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlaPortalConfig(AppConfig):
    name = "kla_portal"
    verbose_name = _("Wilayah dan akun")

    def ready(self):
        from kla_portal.figures_cache import connect_signals

        connect_signals()
