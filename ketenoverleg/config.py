"""Reading settings from the environment, with one-line errors that name the variable.

The settings module raises :class:`ConfigError` for a missing or malformed variable;
the entry points (``manage.py``, ``wsgi.py``, the Celery app) turn it into a single
line on stderr and a non-zero exit instead of a traceback.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class ConfigError(ImproperlyConfigured):
    """A setting in the environment is missing or malformed."""


def check_url(name: str, value: str, schemes: set[str]) -> str:
    """Return ``value`` when it is a URL with one of ``schemes``, else raise ConfigError."""
    scheme = urlsplit(value).scheme
    if scheme not in schemes:
        allowed = ", ".join(sorted(f"{s}://" for s in schemes))
        raise ConfigError(f"{name} must start with one of {allowed} (got {value!r})")
    return value


@contextmanager
def exit_on_config_error() -> Iterator[None]:
    """Load the settings; on a ConfigError print one line naming the variable and exit."""
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to load
    except ConfigError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        raise SystemExit(2) from None
    yield
