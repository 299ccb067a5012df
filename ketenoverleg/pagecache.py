"""Public pages served from a cache to anonymous visitors, never stale after a change.

A page is stored under its path, its language and the *version keys* of what it shows:
``all`` (everything), ``site`` (the pages outside a council: home, programme) and
``council:<slug>`` (the pages of one council). Whatever changes data bumps the keys it
touches, so the next request misses the cache and renders afresh:

- every successful POST (a view calling a service) bumps its council's key and
  ``site`` (a change in a council shows in the programme overview), or ``all`` when it
  was made outside a council (an organisation's name appears in every council), except
  logging in and the account's own settings (``NO_BUMP_PREFIXES``);
- work outside a request calls :func:`bump` itself (a finished PDF, measured
  indicators, the demo seed).

Pages are kept at most ``PAGE_CACHE_SECONDS`` (what depends on the clock alone, such as
a meeting that is no longer upcoming, shows within that time). Only anonymous GETs
without a session are served from or stored in the cache, and only a 200 response
that sets no cookie, is not marked private and leaves nothing for the outer middleware
to set (a CSRF cookie for a form, a session, a message); everyone else gets a fresh page marked
``Cache-Control: private``. Stored pages carry an ``ETag`` and ``Last-Modified``, so a
browser that asks again gets a 304.

The version keys live in the shared ``default`` cache (Redis, or the database table),
the pages in the ``pages`` cache (Redis in production, local memory in the embedded
default). Reading a version never writes (a missing key counts as 0).
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

SAFE_METHODS = {"GET", "HEAD"}
# POSTs here change nothing a public page shows (logging in, the language, the
# account's own e-mail and password): they leave the cached pages alone.
NO_BUMP_PREFIXES = ("/accounts/", "/i18n/")
ALL, SITE = "all", "site"


def _version_key(scope: str) -> str:
    return f"pagever:{scope}"


def bump(*scopes: str) -> None:
    """Move the version of these scopes on (after the commit, when in a transaction)."""

    def write() -> None:
        value = time.time_ns()
        caches["default"].set_many({_version_key(s): value for s in scopes}, timeout=None)

    transaction.on_commit(write)


def bump_council(slug: str) -> None:
    bump(council_scope(slug), SITE)


def bump_all() -> None:
    bump(ALL)


def council_scope(slug: str) -> str:
    return f"council:{slug}"


def scope_of(path: str) -> str:
    """``council:<slug>`` for a council's page, else ``site``."""
    try:
        match = resolve(path)
    except Resolver404:
        return SITE
    slug = match.kwargs.get("slug")
    if slug and match.route.startswith("<slug:slug>/"):
        return council_scope(slug)
    return SITE


def _versions(scope: str) -> str:
    keys = [_version_key(ALL), _version_key(scope)]
    found = caches["default"].get_many(keys)
    return "-".join(str(found.get(k, 0)) for k in keys)


def _page_key(request, scope: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode("utf-8")).hexdigest()[:32]
    return f"page:{get_language()}:{scope}:{_versions(scope)}:{path}"


def _anonymous_without_session(request) -> bool:
    """No session and no pending messages: nothing on the page can be this visitor's."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )


def _may_have_changed(request, response) -> bool:
    """A POST that succeeded, outside the account pages, and not one that was sent to
    the login (an anonymous visitor who may not do it)."""
    if response.status_code >= 400 or request.path_info.startswith(NO_BUMP_PREFIXES):
        return False
    location = response.get("Location", "")
    return not (
        response.status_code in {301, 302, 303, 307, 308}
        and location.startswith(resolve_url(settings.LOGIN_URL))
    )


def _personal(request) -> bool:
    """Whether the outer middleware will still give this visitor something of their own:
    a CSRF cookie (the page has a form), a session or a message."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or getattr(messages, "added_new", False)
    )


def _storable(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        not _personal(request)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _public_headers(response, etag: str, last_modified: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            if _may_have_changed(request, response):
                scope = scope_of(request.path_info)
                if scope == SITE:
                    bump_all()
                else:
                    bump(scope, SITE)
            return response
        if settings.PAGE_CACHE_SECONDS <= 0 or not _anonymous_without_session(request):
            return self._fresh(request)
        pages = caches["pages"]
        key = _page_key(request, scope_of(request.path_info))
        stored = pages.get(key)
        if stored is not None:
            return self._from_cache(request, stored)
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        stored = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "headers": {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in {"content-type", "content-length", "vary", "set-cookie"}
            },
            "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            "modified": time.time(),
        }
        pages.set(key, stored, settings.PAGE_CACHE_SECONDS)
        _public_headers(response, stored["etag"], stored["modified"])
        return response

    def _fresh(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Never kept by a shared cache: the page is this person's.
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _from_cache(request, stored):
        conditional = get_conditional_response(
            request, etag=stored["etag"], last_modified=int(stored["modified"])
        )
        if conditional is not None:
            _public_headers(conditional, stored["etag"], stored["modified"])
            return conditional
        response = HttpResponse(stored["content"], content_type=stored["content_type"])
        for name, value in stored["headers"].items():
            response[name] = value
        _public_headers(response, stored["etag"], stored["modified"])
        return response
