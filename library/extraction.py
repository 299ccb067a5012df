"""Reading the text of a PDF version for the full-text search (run by the worker)."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _
from pypdf import PdfReader

from library.models import TEXT_MAX, LibraryDocument, LibraryFile

logger = logging.getLogger(__name__)

# The most pages read from one PDF: the search needs the words, not every appendix.
MAX_PAGES = 300


def refresh_search_text(document: LibraryDocument) -> None:
    """What the search looks in: title, description, tags and the current version's text."""
    parts = [document.title, document.description, " ".join(t.name for t in document.tags.all())]
    current = (
        LibraryFile.objects.filter(pk=document.current_id).values_list("text", flat=True).first()
    )
    if current:
        parts.append(current)
    document.search_text = "\n".join(p for p in parts if p)
    document.save(update_fields=["search_text"])


def pdf_text(file) -> str:
    """The text of a PDF, page by page, without the NUL characters PostgreSQL refuses."""
    with file.open("rb") as handle:
        reader = PdfReader(handle)
        if reader.is_encrypted:
            raise ValueError(_("De PDF is beveiligd met een wachtwoord."))
        pages = []
        length = 0
        for page in reader.pages[:MAX_PAGES]:
            text = (page.extract_text() or "").replace("\x00", "")
            pages.append(text)
            length += len(text)
            if length >= TEXT_MAX:
                break
    return "\n".join(pages)[:TEXT_MAX]


def file_extract_text(file_id: int) -> str:
    """Read the text of one PDF version, once: the row is locked and only a version that
    still waits is read, so a retry or a second worker does nothing twice."""
    with transaction.atomic():
        record = (
            LibraryFile.objects.select_for_update()
            .select_related("document")
            .filter(pk=file_id)
            .first()
        )
        if record is None:
            return "missing"
        if record.text_status != LibraryFile.Text.WAITING:
            return record.text_status
        try:
            text = pdf_text(record.file)
        except OSError:
            raise  # storage trouble: the task retries
        except Exception as exc:  # a damaged or protected PDF: say so, never hang
            logger.warning("Reading the text of library file %s failed: %s", record.pk, exc)
            record.text_status = LibraryFile.Text.FAILED
            record.text_error = str(exc)[:300]
        else:
            record.text = text
            record.text_status = LibraryFile.Text.DONE
            record.text_error = ""
        record.save(update_fields=["text", "text_status", "text_error"])
        document = LibraryDocument.objects.select_for_update().get(pk=record.document_id)
        if document.current_id == record.pk:
            refresh_search_text(document)
        return record.text_status
