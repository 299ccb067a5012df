from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlvConfig(AppConfig):
    name = "alv"
    verbose_name = _("Algemene ledenvergadering en jaarcyclus")

    def ready(self) -> None:
        from alv import hooks

        hooks.connect()
