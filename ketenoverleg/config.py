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


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(environ: dict, name: str, default: bool) -> bool:
    """A yes/no variable; anything but the usual words is an error, not a silent False."""
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false (got {raw!r})")


def env_int(environ: dict, name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number (got {raw!r})") from None


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
