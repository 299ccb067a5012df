"""Sections that apps above members add to a person's "Mijn gegevens" page.

An app registers a function ``(user) -> dict | None`` in its ``AppConfig.ready()``;
the dict names a ``template`` and carries what that template shows. The page includes
each section that returns something, in the order they were registered.
"""

from collections.abc import Callable

MyDataSection = Callable[[object], dict | None]
_sections: list[MyDataSection] = []


def register(section: MyDataSection) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_for(user) -> list[dict]:
    return [found for section in _sections if (found := section(user))]
