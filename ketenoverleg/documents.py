"""The one PDF pipeline: a registry of document kinds, HTML rendering, and
WeasyPrint with a URL fetcher that only reads the project's own static files.

Apps register their kinds in ``AppConfig.ready()``::

    documents.register(DocumentKind(key="notulen", model=Meeting, ...))
"""

import hashlib
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
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
    """SHA-256 of what the document says (without its creation stamp)."""
    html = render_html(kind, obj, stamped=False)
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


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
