"""Every URL of the site, filled with the objects of one council.

Builds on the resolver walk of tests/ketenoverleg/test_urls_smoke.py: each pattern's
``<slug>`` becomes the council's slug and each ``pk``-like argument a row of that
council (found through the model's foreign keys to its council), so the same pattern
can be filled for council A, B or C, or for A's address with B's objects.
"""

import itertools
from functools import cache

from django.apps import apps
from django.urls import get_resolver, resolve
from django.urls.exceptions import Resolver404

from ketenoverleg.models import Ketenoverleg
from meetings.models import CalendarToken
from tests.ketenoverleg.test_urls_smoke import model_for, template_and_parameters, walk

# Arguments whose values are not primary keys.
NAMED_VALUES = {
    "fmt": ["csv", "json"],
    "version": ["1", "2"],
    "number": ["1", "2"],
}


@cache
def council_lookup(model) -> str | None:
    """How ``model`` reaches its council: "council", "package__council", ... or None."""
    if model is Ketenoverleg:
        return "pk"
    frontier = [(model, "")]
    for _depth in range(4):
        following = []
        for current, prefix in frontier:
            for field in current._meta.get_fields():
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    continue
                if field.related_model is Ketenoverleg and field.name == "council":
                    return f"{prefix}council"
                if field.related_model is not None and field.related_model is not current:
                    following.append((field.related_model, f"{prefix}{field.name}__"))
        frontier = following
    # One step back: an organisation belongs to a council through its memberships.
    for field in model._meta.get_fields():
        if field.one_to_many and hasattr(field.related_model, "council"):
            return f"{field.get_accessor_name()}__council"
    return None


def pks_in(model, council: Ketenoverleg) -> list[str]:
    lookup = council_lookup(model)
    queryset = model._default_manager.order_by("pk")
    if lookup is not None:
        queryset = queryset.filter(**{lookup: council.pk})
    return [str(pk) for pk in queryset.values_list("pk", flat=True).distinct()[:1]]


def candidates(pattern, template, position, parameter, council, objects_of) -> list[str]:
    """Values to try for one URL argument: the slug of ``council``, rows of
    ``objects_of`` (usually the same council), then dummies."""
    name, converter, body = parameter
    values = []
    if name == "slug" or converter == "slug":
        values.append(council.slug)
    if name in NAMED_VALUES:
        values += NAMED_VALUES[name]
    if name == "token":
        values += list(
            CalendarToken.objects.filter(council=objects_of).values_list("token", flat=True)[:1]
        )
    if converter in {"int", "path"} or name == "pk" or name.endswith("id"):
        model = model_for(pattern, template, position)
        if model is not None:
            values += pks_in(model, objects_of)
    if body and all(part.isalnum() for part in body.split("|")):
        values += body.split("|")
    return [*values, "1", "x"]


def council_urls(council: Ketenoverleg, objects_of: Ketenoverleg | None = None) -> list[str]:
    """One URL per pattern of the site (admin included), for ``council``."""
    objects_of = objects_of or council
    urls = []
    for chain, pattern in walk(get_resolver()):
        template, parameters = template_and_parameters(chain)
        options = [
            candidates(pattern, template, position, parameter, council, objects_of)
            for position, parameter in enumerate(parameters)
        ]
        url = _first_resolving(template, options, pattern)
        if url is not None:
            urls.append(url)
    return urls


def _first_resolving(template, options, pattern) -> str | None:
    for values in itertools.islice(itertools.product(*options), 50):
        url = template.format(*values)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func == pattern.callback:
            return url
    return None


def row_counts() -> dict[str, int]:
    """Rows per table (sessions left out: logging in writes one)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label != "sessions.Session" and not model._meta.proxy
    }


def is_council_url(url: str, council: Ketenoverleg) -> bool:
    return url.startswith(f"/{council.slug}/")


def pk_arguments(url: str) -> bool:
    """Whether the URL names an object (so another council's object can be put in)."""
    match = resolve(url)
    return any(key != "slug" for key in match.kwargs)
