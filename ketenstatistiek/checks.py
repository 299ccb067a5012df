"""A production web process without a key for the figures refuses to start."""

from django.conf import settings
from django.core import checks


@checks.register()
def keys_configured(app_configs, **kwargs):
    if getattr(settings, "PRODUCTION", False) and not getattr(
        settings, "KETENSTATISTIEK_KEYS", None
    ):
        return [
            checks.Error(
                "KETENSTATISTIEK_KEYS is required when DJANGO_ENV=production.",
                hint="Generate one with: python3 -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'",
                id="ketenstatistiek.E001",
            )
        ]
    return []
