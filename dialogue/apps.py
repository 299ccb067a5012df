from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Dialoog")

    def ready(self) -> None:
        from dialogue import notifications, receivers  # noqa: F401  (connects the receivers)
        from dialogue.links import discussion_links
        from ketenoverleg import related

        # The package and issue pages (lower floors) link to their discussion.
        related.register("actionpackages.Package", discussion_links)
        related.register("projects.Issue", discussion_links)
        notifications.register()
