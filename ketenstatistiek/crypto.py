"""Encryption of members' individual figures at rest.

A figure is stored as a Fernet token (AES-128-CBC with HMAC-SHA256) made with a key
from ``KETENSTATISTIEK_KEYS``, which only the web process needs: the worker and beat
never decrypt. The plaintext names the question and the organisation and is padded to
a fixed length, so

- a database dump alone shows who submitted for which question, but no figure, and
  not even its number of digits;
- a token copied into another organisation's row (by someone who can write to the
  database) does not decrypt there, so it cannot be read on that organisation's page.

Several keys may be given, comma-separated: the first encrypts, all decrypt, so a key
can be rotated (``rotate_all``). Losing every key loses the individual figures; the
published tables do not depend on them.
"""

from decimal import Decimal, InvalidOperation

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Used only when no key is configured outside production (make run, the tests).
DEVELOPMENT_KEY = "a2V0ZW5vdmVybGVnLWRldmVsb3BtZW50LWtleS0wMDE="
PLAINTEXT_LENGTH = 64


class SealError(Exception):
    """A token that does not decrypt, or that belongs to another row."""


def configured_keys() -> list[str]:
    keys = list(getattr(settings, "KETENSTATISTIEK_KEYS", []) or [])
    if keys:
        return keys
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("KETENSTATISTIEK_KEYS is required when DJANGO_ENV=production")
    return [DEVELOPMENT_KEY]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in configured_keys()])


def _plaintext(question_id: int, organisation_id: int, value: Decimal) -> bytes:
    text = f"{question_id}:{organisation_id}:{value:f}"
    if len(text) > PLAINTEXT_LENGTH:
        raise ValueError("value too long to seal")
    return text.ljust(PLAINTEXT_LENGTH).encode("ascii")


def seal(*, question_id: int, organisation_id: int, value: Decimal) -> str:
    return _fernet().encrypt(_plaintext(question_id, organisation_id, value)).decode("ascii")


def unseal(token: str, *, question_id: int, organisation_id: int) -> Decimal:
    try:
        text = _fernet().decrypt(token.encode("ascii")).decode("ascii").strip()
    except (InvalidToken, UnicodeError) as exc:
        raise SealError("token does not decrypt with the configured keys") from exc
    question, organisation, raw = text.split(":", 2)
    if (int(question), int(organisation)) != (question_id, organisation_id):
        raise SealError("token belongs to another question or organisation")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise SealError("token holds no number") from exc


def rotate(token: str) -> str:
    """The same plaintext under the first (newest) key."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")
