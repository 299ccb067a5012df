"""Small helpers shared by the document tests: ask for a PDF and read it back."""

import io

from django.urls import reverse
from pypdf import PdfReader


def request_url(obj, kind: str, council=None) -> str:
    council = council or obj.council
    return reverse(
        "document_request", kwargs={"slug": council.slug, "kind": kind, "object_id": obj.pk}
    )


def status_url(document, council=None) -> str:
    council = council or document.council
    return reverse("document_status", kwargs={"slug": council.slug, "pk": document.pk})


def download_url(document, council=None) -> str:
    council = council or document.council
    return reverse("document_download", kwargs={"slug": council.slug, "pk": document.pk})


def retry_url(document) -> str:
    return reverse("document_retry", kwargs={"slug": document.council.slug, "pk": document.pk})


def read_pdf(document) -> PdfReader:
    with document.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def pdf_text(document) -> str:
    """The words of every page, with line breaks (table cells wrap) as single spaces."""
    return " ".join(" ".join(page.extract_text().split()) for page in read_pdf(document).pages)
