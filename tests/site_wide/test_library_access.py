"""Restricted library documents, for every role in relation to council A: by URL (the
page and the file), in the council's search and the library's own search, and in the
sitemap. And the sweeps' walk reaches every page of the newer apps with real rows."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from ketenoverleg.models import Role
from library.models import Access, LibraryDocument
from tests.urlwalk import unfilled
from tests.world import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    ROLES,
    SUPERUSER,
)

# Who may read a document of council A at each access level.
KERNTEAM_READERS = {
    KERNTEAMLID,
    Role.VOORZITTER,
    Role.SECRETARIS,
    Role.PENNINGMEESTER,
    Role.KETENSECRETARIS,
    SUPERUSER,
}
READERS = {
    Access.PUBLIC: set(ROLES),
    Access.MEMBERS: KERNTEAM_READERS | {MEMBER},
    Access.KERNTEAM: KERNTEAM_READERS,
}
NEWER_APPS = {"startup", "workshops", "exchange", "ketenstatistiek", "library", "dialogue"}


def documents_of(council) -> dict[str, LibraryDocument]:
    documents = LibraryDocument.objects.filter(council=council).select_related("council")
    return {document.access: document for document in documents}


def documents_of_a(world) -> dict[str, LibraryDocument]:
    return documents_of(world.a.council)


def test_the_world_has_a_document_at_every_access_level(db, world):
    assert set(documents_of_a(world)) == set(Access.values)


@pytest.mark.parametrize("role", ROLES)
def test_restricted_documents_by_url(db, client, world, role):
    user = world.person(role)
    if user is not None:
        client.force_login(user)
    problems = []
    slug = world.a.council.slug
    for access, document in documents_of_a(world).items():
        for name, extra in [
            ("library:document", {}),
            ("library:download", {}),
            ("library:version_download", {"version": 1}),
        ]:
            url = reverse(name, kwargs={"slug": slug, "pk": document.pk, **extra})
            response = client.get(url)
            if role in READERS[access]:
                expected = HTTPStatus.OK
            elif role == ANONYMOUS:
                expected = HTTPStatus.FOUND
                if not response.get("Location", "").startswith(reverse(settings.LOGIN_URL)):
                    problems.append(f"{role}: GET {url} ({access}): not to the login page")
            else:
                expected = HTTPStatus.FORBIDDEN
            if response.status_code != expected:
                problems.append(f"{role}: GET {url} ({access}): {response.status_code}")
            if response.streaming:
                # Read to the end: the test client then closes the file without letting
                # close_old_connections end the world's transaction (PostgreSQL).
                b"".join(response.streaming_content)
    assert problems == []


@pytest.mark.parametrize("role", ROLES)
def test_restricted_documents_not_in_search_results(db, client, world, role):
    """The council's search and the library's own search list a document only for who
    may read it; the public document is found, so the search itself works."""
    user = world.person(role)
    if user is not None:
        client.force_login(user)
    slug = world.a.council.slug
    problems = []
    for access, document in documents_of_a(world).items():
        searches = [(reverse("library:list", kwargs={"slug": slug}), True)]
        # The council's search is the public one: members-only never appears there.
        searches.append((reverse("search", kwargs={"slug": slug}), access == Access.PUBLIC))
        for url, may_find in searches:
            response = client.get(url, {"q": document.title})
            assert response.status_code == HTTPStatus.OK, url
            # The title is in the search box: a result is a link to the document.
            found = f'href="{document.get_absolute_url()}"' in response.content.decode()
            should = may_find and role in READERS[access]
            if found != should:
                problems.append(f"{role}: {url}?q={document.title}: found {found}")
    assert problems == []


def test_restricted_documents_not_in_the_sitemap(db, client, world):
    response = client.get(reverse("sitemap"))
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert reverse("library:list", kwargs={"slug": world.a.council.slug}) in text
    for council_world in world.councils:
        for access, document in documents_of(council_world.council).items():
            if access != Access.PUBLIC:
                assert document.get_absolute_url() not in text
                assert document.title not in text


def test_the_walk_fills_every_page_of_the_newer_apps_with_real_rows(db, world):
    for council_world in world.councils:
        checked, missing = unfilled(council_world.council, NEWER_APPS)
        assert checked > 35
        assert missing == []
