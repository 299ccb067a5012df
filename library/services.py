"""Writes of the library: adding a document, describing it, adding a version, removing
it, and reading a PDF's text for the search (in the background)."""

import hashlib
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ketenoverleg import outbox
from ketenoverleg.models import Ketenoverleg, User
from ketenoverleg.roles import SECRETARIAT_ROLES, has_role
from library import filetypes
from library.extraction import refresh_search_text
from library.models import LibraryDocument, LibraryFile, Tag
from library.selectors import EDITOR_ROLES
from library.tasks import extract_text


def _require(user: User, council: Ketenoverleg, roles) -> None:
    if not has_role(user, council, roles):
        raise PermissionDenied


def _check_links(council: Ketenoverleg, **links) -> None:
    errors = {
        field: _("Kies alleen wat bij dit ketenoverleg hoort.")
        for field, objects in links.items()
        if any(obj.council_id != council.pk for obj in objects)
    }
    if errors:
        raise ValidationError(errors)


def _tags(council: Ketenoverleg, names: list[str]) -> list[Tag]:
    """The council's tags with these names (case-insensitive), made where missing."""
    tags = []
    for name in names:
        tag = Tag.objects.filter(council=council, name__iexact=name).first()
        if tag is None:
            tag, _created = Tag.objects.get_or_create(council=council, name=name)
        if tag not in tags:
            tags.append(tag)
    return tags


def _store_version(document: LibraryDocument, *, upload, by: User, note: str = "") -> LibraryFile:
    """Check the upload by its content and store it as the document's next version;
    its text is read by a worker after the commit."""
    try:
        content_type = filetypes.detect(upload)
    except filetypes.RejectedFile as error:
        raise ValidationError({"file": str(error)}) from None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = filetypes.EXTENSIONS[content_type][0]
    record = LibraryFile(
        document=document,
        version=LibraryFile.next_number(document),
        original_name=(upload.name or f"document{extension}")[-255:],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        note=note,
        created_by=by,
        text_status=(
            LibraryFile.Text.WAITING if content_type == filetypes.PDF else LibraryFile.Text.NONE
        ),
    )
    # A file stored by a transaction that then rolls back stays behind unused; it is
    # never served, as only files a LibraryFile row points at can be downloaded.
    record.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    record.save()
    document.current = record
    document.save(update_fields=["current"])
    if record.text_status == LibraryFile.Text.WAITING:
        # Published after the commit with the outbox's short timeout and no retries: a
        # broker that is down neither fails nor delays the upload; the sweep
        # (library.tasks.extraction_sweep) queues it again later.
        transaction.on_commit(lambda: outbox.enqueue(extract_text, record.pk))
    return record


@transaction.atomic
def document_add(
    *,
    council: Ketenoverleg,
    by: User,
    upload,
    title: str,
    kind: str,
    document_date,
    access: str,
    description: str = "",
    tags: list[str] | None = None,
    packages=(),
    projects=(),
    meetings=(),
    note: str = "",
) -> LibraryDocument:
    """Put a document in the library with its first version."""
    _require(by, council, EDITOR_ROLES)
    _check_links(council, packages=packages, projects=projects, meetings=meetings)
    document = LibraryDocument(
        council=council,
        title=title,
        kind=kind,
        document_date=document_date,
        access=access,
        description=description,
        created_by=by,
    )
    document.full_clean(exclude=["current"])
    document.save()
    document.tags.set(_tags(council, tags or []))
    document.packages.set(packages)
    document.projects.set(projects)
    document.meetings.set(meetings)
    _store_version(document, upload=upload, by=by, note=note)
    refresh_search_text(document)
    return document


@transaction.atomic
def document_update(
    *,
    document: LibraryDocument,
    by: User,
    title: str,
    kind: str,
    document_date,
    access: str,
    description: str = "",
    tags: list[str] | None = None,
    packages=(),
    projects=(),
    meetings=(),
) -> LibraryDocument:
    """Change what is said about a document, including who may read it."""
    council = document.council
    _require(by, council, EDITOR_ROLES)
    _check_links(council, packages=packages, projects=projects, meetings=meetings)
    document = LibraryDocument.objects.select_for_update().get(pk=document.pk)
    document.title, document.kind, document.document_date = title, kind, document_date
    document.access, document.description = access, description
    document.full_clean(exclude=["current"])
    document.save()
    document.tags.set(_tags(council, tags or []))
    document.packages.set(packages)
    document.projects.set(projects)
    document.meetings.set(meetings)
    refresh_search_text(document)
    return document


@transaction.atomic
def version_add(*, document: LibraryDocument, by: User, upload, note: str = "") -> LibraryFile:
    """A new version of the file; the earlier ones stay available."""
    _require(by, document.council, EDITOR_ROLES)
    # The lock makes two uploads at once take consecutive numbers.
    document = (
        LibraryDocument.objects.select_for_update().select_related("council").get(pk=document.pk)
    )
    record = _store_version(document, upload=upload, by=by, note=note)
    refresh_search_text(document)
    return record


@transaction.atomic
def document_delete(*, document: LibraryDocument, by: User) -> None:
    """Remove a document and its files (for something that should never have been
    put in: the secretariat keeps the archive)."""
    _require(by, document.council, SECRETARIAT_ROLES)
    files = [(f.file.storage, f.file.name) for f in document.files.all()]
    document.delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files, robust=True)
