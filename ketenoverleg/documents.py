"""The one PDF pipeline: a registry of document kinds, HTML rendering, and
WeasyPrint with a URL fetcher that only reads the project's own static files.

Apps register their kinds in ``AppConfig.ready()``::

    documents.register(DocumentKind(key="notulen", model=Meeting, ...))
"""

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ketenoverleg.models import Ketenoverleg


@dataclass(frozen=True)
class DocumentKind:
    key: str
    model: type
    template: str
    title: Callable[[object], str]
    context: Callable[[object], dict]
    council: Callable[[object], Ketenoverleg]
    is_public: Callable[[object], bool]
    can_view: Callable[[object, object], bool]  # (user, obj) -> may this user read it?
    # Lists that change as people leave them (the ledenlijst): an older PDF whose content
    # no longer matches is not served at all, so a withdrawn member drops out at once.
    serve_only_current: bool = False
    # The data's versions the document is made of (ids, counts, the newest change, the
    # signed text's hash): a few cheap queries whose answer changes whenever what the
    # document says changes. Without it, the fingerprint is taken from the data that
    # ``context`` loads (never from rendering the HTML).
    version: Callable[[object], object] | None = None


REGISTRY: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> None:
    REGISTRY[kind.key] = kind


def get_kind(key: str) -> DocumentKind:
    try:
        return REGISTRY[key]
    except KeyError:
        raise LookupError(f"Onbekende documentsoort: {key}") from None


def render_html(kind: DocumentKind, obj, *, stamped: bool = True) -> str:
    """The document's HTML, in Dutch, with the council and title for the running header.

    ``stamped=False`` leaves out the creation date, for the content hash: the same
    content on another day is the same document.
    """
    council = kind.council(obj)
    now = timezone.localtime().replace(second=0, microsecond=0)
    with translation.override("nl"):
        context = {
            "council": council,
            "document_title": kind.title(obj),
            "generated_at": now if stamped else None,
            **kind.context(obj),
        }
        return render_to_string(kind.template, context)


def content_hash(kind: DocumentKind, obj) -> str:
    """SHA-256 fingerprint of the data the document is made of (its creation stamp left
    out: the same content on another day is the same document).

    Taken from the kind's ``version`` (a few aggregate queries, the same cost at any
    document size) or else from the data its ``context`` loads; never from rendering
    the HTML, so asking for a PDF costs what a small query costs.
    """
    if kind.version is not None:
        data = kind.version(obj)
    else:
        with translation.override("nl"):
            data = data_fingerprint(kind.context(obj))
    payload = json.dumps([kind.key, kind.template, data], default=str, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def data_fingerprint(value, _seen: set | None = None):
    """Plain JSON-able values for ``value``: a model row by its concrete fields with the
    related rows and prefetched lists it holds, query sets evaluated, containers walked.
    Anything else by its type's name (never by its memory address)."""
    seen = set() if _seen is None else _seen
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return data_fingerprint(value.value, seen)
    if isinstance(value, (dt.date, dt.time, dt.timedelta, Decimal, Promise)):
        return str(value)
    if isinstance(value, Model):
        key = (value._meta.label, value.pk)
        if key in seen:
            return list(key)
        seen.add(key)
        cached = value._state.fields_cache
        prefetched = getattr(value, "_prefetched_objects_cache", {})
        return {
            "row": list(key),
            "fields": [str(f.value_from_object(value)) for f in value._meta.concrete_fields],
            "related": {name: data_fingerprint(cached[name], seen) for name in sorted(cached)},
            "lists": {
                name: data_fingerprint(list(prefetched[name]), seen) for name in sorted(prefetched)
            },
        }
    if isinstance(value, QuerySet):
        return [data_fingerprint(v, seen) for v in value]
    if isinstance(value, dict):
        return {str(k): data_fingerprint(v, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [data_fingerprint(v, seen) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((data_fingerprint(v, seen) for v in value), key=repr)
    if dataclasses.is_dataclass(value):
        return {
            f.name: data_fingerprint(getattr(value, f.name), seen)
            for f in dataclasses.fields(value)
        }
    return type(value).__qualname__


class LocalOnlyFetcher(URLFetcher):
    """Serves the project's static files (CSS, fonts, images); refuses everything else.

    A template can therefore never make the worker reach the network.
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise ValueError(f"Externe bron geweigerd: {url}")
        path = unquote(parts.path)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if not path.startswith(static_prefix):
            raise ValueError(f"Alleen statische bestanden van de site zijn toegestaan: {url}")
        relative = path[len(static_prefix) :]
        found = finders.find(relative) or _in_static_root(relative)
        if not found:
            raise ValueError(f"Statisch bestand niet gevonden: {relative}")
        mime, _ = mimetypes.guess_type(found)
        return URLFetcherResponse(
            url,
            body=Path(found).read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )


def _in_static_root(relative: str) -> str | None:
    candidate = (Path(settings.STATIC_ROOT) / relative).resolve()
    root = Path(settings.STATIC_ROOT).resolve()
    return str(candidate) if root in candidate.parents and candidate.is_file() else None


def html_to_pdf(html: str) -> bytes:
    """Render with WeasyPrint: A4 from the print CSS, fonts embedded, tagged PDF."""
    document = HTML(string=html, base_url="file:///", url_fetcher=LocalOnlyFetcher())
    return document.write_pdf(pdf_tags=True)
