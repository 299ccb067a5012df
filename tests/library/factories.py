"""Library documents made through the real upload service, with real (small) files."""

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from ketenoverleg.models import Role
from library import services
from library.demo import simple_pdf, simple_png
from library.models import Access, LibraryDocument
from tests.factories import user_with_role


def pdf_upload(text="Granulaat in beton", name="rapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, simple_pdf([text]), content_type="application/pdf")


def png_upload(name="foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, simple_png(8, 6), content_type="image/png")


def office_upload(part="word/document.xml", name="verslag.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def add_document(
    council, *, title="Onderzoek granulaat", access=Access.PUBLIC, upload=None, by=None, **extra
) -> LibraryDocument:
    """A document with one version, added by the council's secretary."""
    fields = {
        "kind": LibraryDocument.Kind.REPORT,
        "document_date": date(2012, 9, 20),
        "description": "",
        "tags": [],
        **extra,
    }
    return services.document_add(
        council=council,
        by=by or user_with_role(council, Role.SECRETARIS),
        upload=upload or pdf_upload(),
        title=title,
        access=access,
        **fields,
    )
