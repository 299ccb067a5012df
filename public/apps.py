from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Openbare site")

    def ready(self) -> None:
        from public import figures

        figures.connect()  # changes to what the figures count mark their council
