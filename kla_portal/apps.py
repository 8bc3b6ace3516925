from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlaPortalConfig(AppConfig):
    name = "kla_portal"
    verbose_name = _("Wilayah dan akun")


def project_app_configs() -> list[AppConfig]:
    """Our own apps' configs, in dependency order (``settings.PROJECT_APPS`` lists them by
    module, and ``trainings.plans`` has the label ``plans``)."""
    from django.apps import apps
    from django.conf import settings

    by_name = {config.name: config for config in apps.get_app_configs()}
    return [by_name[name] for name in settings.PROJECT_APPS]
