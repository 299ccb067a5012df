"""Pre-filled membership applications.

An app above members (relatiebeheer, in ``startup``) can invite a chain party to apply
with a link that carries a *reference*. The application form asks the registered
providers what to fill in for that reference; when the application is sent, the
reference goes along and ``members.signals.application_received`` tells the providers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from ketenoverleg.models import Ketenoverleg

# The longest reference the application form carries along.
REFERENCE_MAX_LENGTH = 300


@dataclass(frozen=True)
class ApplicationPrefill:
    """What the application form starts with: organisation fields and geledingen."""

    organisation: dict = field(default_factory=dict)
    geledingen: list[str] = field(default_factory=list)


Provider = Callable[[Ketenoverleg, str], "ApplicationPrefill | None"]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def prefill_for(council: Ketenoverleg, reference: str) -> ApplicationPrefill | None:
    """The first provider's answer for ``reference`` in ``council``; None when no
    provider recognises it (a stale or forged link just gives an empty form)."""
    if not reference or len(reference) > REFERENCE_MAX_LENGTH:
        return None
    for provider in _providers:
        prefill = provider(council, reference)
        if prefill is not None:
            return prefill
    return None
