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

from actionpackages.models import Indicator, Package, Signature
from dialogue.models import Discussion, Post
from exchange.models import Listing, Response
from ketenoverleg.models import Document, Ketenoverleg, NewsItem
from ketenstatistiek.models import Period, Submission
from ketenstatistiek.models import Question as StatisticsQuestion
from library.models import LibraryDocument
from meetings.models import ActionPoint, CalendarToken, Dispatch, Meeting
from members.models import Election, Membership, Organisation, WorkGroup
from projects.models import Issue, Project, ReportAttachment
from startup.models import ChecklistItem, ContactPerson, MailingList, Party
from tests.ketenoverleg import test_urls_smoke
from tests.ketenoverleg.test_urls_smoke import template_and_parameters, walk
from workshops.models import Workshop

# Arguments whose values are not primary keys.
NAMED_VALUES = {
    "fmt": ["csv", "json"],
    "version": ["1", "2"],
    "number": ["1", "2"],
}


# The path segment before an id names its model (the smoke test guesses most of them
# from verbose names; these it cannot).
SEGMENT_MODELS = {
    "actiepakketten": Package,
    "actiepunten": ActionPoint,
    "bibliotheek": LibraryDocument,
    "bijdragen": Post,
    "bijlagen": ReportAttachment,
    "contactpersonen": ContactPerson,
    "dialoog": Discussion,
    "documenten": Document,
    "ketenstatistiek": Period,
    "opgave": Organisation,
    "reacties": Response,
    "relatiebeheer": Party,
    "vraag-en-aanbod": Listing,
    "vragen": StatisticsQuestion,
    "verzendlijsten": MailingList,
    "workshops": Workshop,
    "indicatoren": Indicator,
    "lidmaatschap": Membership,
    "nieuws": NewsItem,
    "ondertekeningen": Signature,
    "organisatie": Organisation,
    "probleemlijst": Issue,
    "projecten": Project,
    "vergaderingen": Meeting,
    "verkiezingen": Election,
    "verzendingen": Dispatch,
    "werkgroepen": WorkGroup,
}


def model_for(pattern, template: str, position: int):
    before = [s for s in template.split("{" + str(position) + "}")[0].split("/") if s]
    if before and before[-1] in SEGMENT_MODELS and before[0] != "admin":
        return SEGMENT_MODELS[before[-1]]
    return test_urls_smoke.model_for(pattern, template, position)


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


def pks_in(model, council: Ketenoverleg, limit: int = 1) -> list[str]:
    lookup = council_lookup(model)
    queryset = model._default_manager.order_by("pk")
    if lookup is not None:
        queryset = queryset.filter(**{lookup: council.pk})
    return [str(pk) for pk in queryset.values_list("pk", flat=True).distinct()[:limit]]


DUMMIES = ["1", "x"]


def candidates(pattern, template, position, parameter, council, objects_of, limit=1) -> list[str]:
    """Real values for one URL argument: the slug of ``council``, rows of
    ``objects_of`` (usually the same council), known words."""
    name, converter, body = parameter
    values = []
    if name == "slug" or converter == "slug":
        values.append(council.slug)
    if name in NAMED_VALUES:
        values += NAMED_VALUES[name][:limit] if limit == 1 else NAMED_VALUES[name]
    if name == "token":
        values += list(
            CalendarToken.objects.filter(council=objects_of).values_list("token", flat=True)[:1]
        )
    if name == "code":  # a workshop's join code
        values += list(
            Workshop.objects.filter(council=objects_of).values_list("code", flat=True)[:1]
        )
    if name == "organisation":  # the ketenstatistiek figures of an organisation
        values += [
            str(pk)
            for pk in Submission.objects.filter(period__council=objects_of)
            .order_by("organisation")
            .values_list("organisation", flat=True)[:1]
        ]
    if name == "key":  # an item of the start-up checklist
        values += list(
            ChecklistItem.objects.filter(council=objects_of).values_list("key", flat=True)[:1]
        )
    if converter in {"int", "path"} or name == "pk" or name.endswith("id"):
        model = model_for(pattern, template, position)
        if model is not None:
            values += pks_in(model, objects_of, limit)
    if body and all(part.isalnum() for part in body.split("|")):
        values += body.split("|")
    return values


def council_urls(
    council: Ketenoverleg, objects_of: Ketenoverleg | None = None, *, every: int = 1
) -> list[str]:
    """One URL per pattern of the site (admin included), for ``council``; with
    ``every=n``, one per object for up to n objects of each kind (the detail page of
    every membership, package, statute version, ...)."""
    objects_of = objects_of or council
    urls = []
    for chain, pattern in walk(get_resolver()):
        template, parameters = template_and_parameters(chain)
        real = [
            candidates(pattern, template, position, parameter, council, objects_of, every)
            for position, parameter in enumerate(parameters)
        ]
        found = _resolving(template, real, pattern, every) if all(real) else []
        # An argument without a real value (an action word, a document kind) gets a
        # dummy: the page then answers 404 or 405, which must render too.
        urls += found or _resolving(template, [[*r, *DUMMIES] for r in real], pattern, 1)
    return list(dict.fromkeys(urls))


def unfilled(council: Ketenoverleg, app_labels: set[str]) -> tuple[int, list[str]]:
    """How many id (or code, or key) arguments the patterns of the apps ``app_labels``
    have, and those for which ``council`` has no row: the walk fills those with dummies,
    so their pages are never seen with data."""
    checked, missing = 0, []
    for chain, pattern in walk(get_resolver()):
        if pattern.callback.__module__.split(".")[0] not in app_labels:
            continue
        template, parameters = template_and_parameters(chain)
        for position, parameter in enumerate(parameters):
            name, converter, _body = parameter
            if converter != "int" and name not in {"pk", "code", "key"}:
                continue
            checked += 1
            if not candidates(pattern, template, position, parameter, council, council):
                missing.append(f"{template} ({name})")
    return checked, missing


def _resolving(template, options, pattern, wanted: int) -> list[str]:
    found = []
    for values in itertools.islice(itertools.product(*options), 200):
        url = template.format(*values)
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.func == pattern.callback:
            found.append(url)
            if len(found) == wanted:
                break
    return found


# Tables whose writes are no data: sessions (logging in writes one) and the cache table
# that holds the throttles' counters in the embedded default (a refused form counts).
NOT_DATA = ("django_session", "ketenoverleg_cache")


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
