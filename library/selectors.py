"""Who may read which library document, and the searches over them: shared by the
library's pages, the site search and the sitemap."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet

from ketenoverleg.models import Ketenoverleg
from ketenoverleg.roles import INSIDER_ROLES, KERNTEAM_ROLES, SECRETARIAT_ROLES, has_role
from library.models import Access, LibraryDocument

# Who keeps the library: the secretariat and the kernteam.
EDITOR_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES
# Who reads the documents of each level, besides everyone for "openbaar".
READERS = {Access.MEMBERS: INSIDER_ROLES, Access.KERNTEAM: EDITOR_ROLES}


def readable_levels(user, council: Ketenoverleg) -> list[str]:
    levels = [Access.PUBLIC]
    levels += [level for level, roles in READERS.items() if has_role(user, council, roles)]
    return levels


def can_read(user, document: LibraryDocument) -> bool:
    return document.access in readable_levels(user, document.council)


def visible_documents(council: Ketenoverleg, user) -> QuerySet:
    return (
        LibraryDocument.objects.for_council(council)
        .at_levels(readable_levels(user, council))
        .with_details()
    )


def public_documents() -> QuerySet:
    """Public documents of every council, for the sitemap."""
    return LibraryDocument.objects.public().select_related("council").order_by("council", "pk")


def search(documents: QuerySet, query: str) -> QuerySet:
    """Documents whose title, description, tags or text match ``query``: PostgreSQL's
    Dutch full-text search, best match first; a plain substring match elsewhere."""
    if connection.vendor == "postgresql":
        vector = SearchVector("search_text", config="dutch")
        q = SearchQuery(query, config="dutch", search_type="websearch")
        return (
            documents.annotate(search=vector, rank=SearchRank(vector, q))
            .filter(search=q)
            .order_by(F("rank").desc(), "-document_date", "-pk")
        )
    return documents.filter(search_text__icontains=query)


def search_public(council: Ketenoverleg, query: str) -> list[LibraryDocument]:
    """Public documents matching ``query``, for the site search."""
    documents = LibraryDocument.objects.for_council(council).public().with_details()
    return list(search(documents, query)[:25])


def linked_objects(document: LibraryDocument, user) -> dict:
    """The packages, projects and meetings the document belongs to that ``user`` may see."""
    council = document.council
    insider = has_role(user, council, INSIDER_ROLES)
    packages = document.packages.select_related("council")
    projects = document.projects.select_related("council")
    meetings = document.meetings.select_related("council")
    if not insider:
        packages, projects, meetings = packages.public(), projects.public(), meetings.public()
    return {"packages": list(packages), "projects": list(projects), "meetings": list(meetings)}
