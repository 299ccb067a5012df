import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    """The public forms count attempts in the cache: every test starts at zero, in a
    cache of its own (never a shared Redis)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dialogue-tests",
        }
    }
    cache.clear()
