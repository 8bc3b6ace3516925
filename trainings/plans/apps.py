from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The follow-up action plans (rencana tindak lanjut, RTL): an app of its own, because
    a plan belongs to an institution or a working group and only optionally to a training."""

    name = "trainings.plans"
    label = "plans"
    verbose_name = _("Rencana tindak lanjut (RTL)")
