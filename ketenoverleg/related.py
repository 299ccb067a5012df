"""Links that apps on a higher floor add to the pages of a lower one.

A package's page lives in actionpackages, but its public discussion lives in dialogue
and its documents in library, both a floor higher. The higher app registers a provider
here in its ``AppConfig.ready()``::

    related.register("actionpackages.Package", discussion_links)

and the lower page includes ``includes/related_links.html`` with ``obj=package``. The
lower app imports nothing of the higher one; it does not even know which apps add links.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RelatedLink:
    label: str
    url: str
    detail: str = ""


# (obj, user) -> the links this user may follow from obj's page
RelatedProvider = Callable[[object, object], Iterable[RelatedLink]]
_providers: dict[str, list[RelatedProvider]] = {}


def register(model_label: str, provider: RelatedProvider) -> None:
    """Add ``provider(obj, user)`` for the pages of ``model_label`` ("app_label.Model")."""
    providers = _providers.setdefault(model_label.lower(), [])
    if provider not in providers:
        providers.append(provider)


def links_for(obj, user) -> list[RelatedLink]:
    """Every registered app's links for ``obj``, in the order the apps registered."""
    label = obj._meta.label_lower
    return [link for provider in _providers.get(label, []) for link in provider(obj, user)]
