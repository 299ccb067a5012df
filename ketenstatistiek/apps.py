from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KetenstatistiekConfig(AppConfig):
    name = "ketenstatistiek"
    verbose_name = _("Ketenstatistiek")

    def ready(self) -> None:
        from ketenoverleg import documents
        from ketenstatistiek import checks  # noqa: F401  (registers the system check)
        from ketenstatistiek.models import Period
        from ketenstatistiek.selectors import published_table

        documents.register(
            documents.DocumentKind(
                key="ketenstatistiek",
                model=Period,
                template="pdf/ketenstatistiek.html",
                title=lambda p: f"Ketenstatistiek {p.name}",
                # The PDF is public and shows what the public page shows: published
                # cells only, no reasons.
                context=lambda p: {
                    "period": p,
                    "table": published_table(p, with_reasons=False),
                },
                council=lambda p: p.council,
                is_public=lambda p: p.is_published,
                can_view=lambda user, p: p.is_published,
            )
        )
