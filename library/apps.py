from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Bibliotheek")

    def ready(self) -> None:
        from ketenoverleg import related
        from library.links import library_links

        # Package, project and meeting pages (lower floors) list their documents.
        for model in ("actionpackages.Package", "projects.Project", "meetings.Meeting"):
            related.register(model, library_links)
