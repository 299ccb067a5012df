"""Where the invitations of a package can come from besides typing them in.

Chain parties that are not members are informed before a package's start date. An app
above this one that keeps such parties (relatiebeheer, in ``startup``) registers a
source in its ``AppConfig.ready()``: a function that lists candidates for a package.
The invitations page offers them; the service adds the chosen ones.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """A chain party that could be invited; ``key`` is stable across requests."""

    key: str
    name: str
    email: str
    geleding: str
    source: str


Source = Callable[[object], "list[Candidate]"]
_sources: list[Source] = []


def register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def candidates(package) -> list[Candidate]:
    """Every registered source's candidates for ``package``, without the addresses
    already on its invitation list (one per address)."""
    invited = {e.lower() for e in package.invitations.values_list("email", flat=True)}
    seen: set[str] = set()
    result = []
    for source in _sources:
        for candidate in source(package):
            address = candidate.email.lower()
            if address and address not in invited and address not in seen:
                seen.add(address)
                result.append(candidate)
    return result
