from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionpackagesConfig(AppConfig):
    name = "actionpackages"
    verbose_name = _("Actiepakketten")
