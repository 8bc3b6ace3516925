from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indikator dan penilaian KLA")

    def ready(self):
        # Merging two agencies moves their question routes and answers: the stakeholders
        # app cannot import this one (the layers), so it calls the hooks registered here.
        from indicators.agency_answers import merge_agency_routes
        from stakeholders.agencies import MERGE_HOOKS

        if merge_agency_routes not in MERGE_HOOKS:
            MERGE_HOOKS.append(merge_agency_routes)
