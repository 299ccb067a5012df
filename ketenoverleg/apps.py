from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KetenoverlegConfig(AppConfig):
    name = "ketenoverleg"
    verbose_name = _("Ketenoverleg")
