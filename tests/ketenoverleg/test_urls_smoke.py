"""Every URL the site knows answers a GET without a server error.

The test walks the URL resolver instead of a fixed list, so pages that other apps add
are covered without touching this file. Arguments are filled in from the demo data:
``<slug>`` is the demo council, a ``pk`` is an existing row of the model the URL is
about (found through the view, the admin, or the path segment before it, such as
``lidmaatschap/<int:pk>/``), anything else gets a dummy value. The admin and allauth
patterns that need a key (``confirm-email/<key>/``, ``password/reset/key/<uidb36>-<key>/``,
``admin/<app_label>/``) are filled the same way: a dummy key gives allauth's "invalid
link" page, which is what we want to see render. No pattern is skipped; one that cannot
be filled is reported as a failure, so a new converter gets a value here.
"""

import itertools
import re
import uuid
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import translation

from ketenoverleg.demo import DEMO_ADMIN, DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
WORDS_ALTERNATION = re.compile(r"^\w+(\|\w+)*$")


def walk(resolver: URLResolver, chain: tuple = ()):
    """Yield (chain of patterns from the root, URLPattern) for every leaf pattern."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, (*chain, entry.pattern))
        else:
            yield (*chain, entry.pattern), entry


def named_groups(regex: str):
    """(start, end, name, body) of each ``(?P<name>body)`` group, allowing nesting."""
    start = regex.find("(?P<")
    while start != -1:
        name_end = regex.index(">", start)
        name, depth, i, in_class = regex[start + 4 : name_end], 1, name_end + 1, False
        while depth:
            char = regex[i]
            if char == "\\":
                i += 1
            elif in_class:
                in_class = char != "]"
            elif char == "[":
                in_class = True
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            i += 1
        yield start, i, name, regex[name_end + 1 : i - 1]
        start = regex.find("(?P<", i)


def regex_literal(fragment: str) -> str:
    return re.sub(r"\\(.)", r"\1", fragment.lstrip("^").removesuffix("$").removesuffix(r"\Z"))


def slot(position: int) -> str:
    return "{" + str(position) + "}"


def template_and_parameters(chain) -> tuple[str, list[tuple[str, str, str]]]:
    """A ``str.format`` template for the URL and its parameters (name, converter, body)."""
    template, parameters = "/", []
    for pattern in chain:
        if isinstance(pattern, RoutePattern):
            route, last = str(pattern), 0
            for match in ROUTE_PARAMETER.finditer(route):
                template += route[last : match.start()].replace("{", "{{").replace("}", "}}")
                template += slot(len(parameters))
                parameters.append((match["name"], match["converter"] or "str", ""))
                last = match.end()
            template += route[last:].replace("{", "{{").replace("}", "}}")
        elif isinstance(pattern, RegexPattern):
            regex, last = pattern.regex.pattern, 0
            for start, end, name, body in named_groups(regex):
                template += regex_literal(regex[last:start]).replace("{", "{{").replace("}", "}}")
                template += slot(len(parameters))
                parameters.append((name, "regex", body))
                last = end
            template += regex_literal(regex[last:]).replace("{", "{{").replace("}", "}}")
        else:  # a custom pattern class: let resolve() below report it as unfillable
            template += str(pattern)
    return template, parameters


def model_for(pattern: URLPattern, template: str, position: int):
    """The model a ``pk``-like URL argument points at, when we can tell."""
    callback = pattern.callback
    if model_admin := getattr(callback, "model_admin", None):
        return model_admin.model
    view_class = getattr(callback, "view_class", None)
    if model := getattr(view_class, "model", None):
        return model
    if queryset := getattr(view_class, "queryset", None):
        return queryset.model
    # The path segment before the argument names it: lidmaatschap/<int:pk>/ -> Membership.
    segments = [s for s in template.split(slot(position))[0].split("/") if s]
    if not segments:
        return None
    segment = segments[-1]
    with translation.override("nl"):
        for model in apps.get_models():
            meta = model._meta
            if segment in {meta.model_name, str(meta.verbose_name), str(meta.verbose_name_plural)}:
                return model
    return None


def existing_pk(model, council: Ketenoverleg) -> str | None:
    queryset = model._default_manager.order_by("pk")
    try:
        council_field = model._meta.get_field("council")
    except Exception:
        council_field = None
    if isinstance(council_field, models.ForeignKey):
        queryset = queryset.filter(council=council) or queryset
    pk = queryset.values_list("pk", flat=True).first()
    return None if pk is None else str(pk)


def candidates(pattern, template, position, parameter, council) -> list[str]:
    name, converter, body = parameter
    values = []
    if name == "slug" or converter == "slug":
        values.append(council.slug)
    if converter in {"int", "path"} or name == "pk" or name.endswith("id"):
        model = model_for(pattern, template, position)
        if model is not None and (pk := existing_pk(model, council)):
            values.append(pk)
    if converter == "uuid":
        values.append(str(uuid.UUID(int=1)))
    if WORDS_ALTERNATION.match(body):
        values.extend(body.split("|"))
    return [*values, "1", "x"]


def build_url(chain, pattern: URLPattern, council: Ketenoverleg) -> str | None:
    template, parameters = template_and_parameters(chain)
    options = [
        candidates(pattern, template, position, parameter, council)
        for position, parameter in enumerate(parameters)
    ]
    for values in itertools.islice(itertools.product(*options), 50):
        url = template.format(*values)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func == pattern.callback:
            return url
    return None


@pytest.fixture
def demo_data(db):
    call_command("seed_demo", stdout=StringIO())
    return Ketenoverleg.objects.get(slug=DEMO_SLUG)


@pytest.mark.parametrize("visitor", [None, "lid@beton-groningen.demo", DEMO_ADMIN])
def test_every_url_answers_get_without_server_error(client, demo_data, visitor):
    if visitor:
        client.force_login(User.objects.get(email=visitor))
    failures, checked = [], 0
    for chain, pattern in walk(get_resolver()):
        url = build_url(chain, pattern, demo_data)
        if url is None:
            failures.append(f"{''.join(map(str, chain))}: no URL could be built for it")
            continue
        checked += 1
        try:
            # A savepoint per request, so one failing query cannot spoil the rest.
            with transaction.atomic():
                response = client.get(url)
        except Exception as exc:  # the test client re-raises a view's exception
            failures.append(f"GET {url}: {type(exc).__name__}: {exc}")
            continue
        if response.status_code >= 500:
            failures.append(f"GET {url}: status {response.status_code}")

    assert checked > 50
    assert failures == []
