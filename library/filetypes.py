"""What a library upload is, judged by its content: the extension must agree with it.

Only the central directory of an Office file is read (never decompressed), so a zip
bomb costs nothing.
"""

import zipfile

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
}
# The part each Office format cannot do without.
OFFICE_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", PPTX: "ppt/presentation.xml"}

ALLOWED_LABEL = _("PDF, PNG, JPEG, Word, Excel of PowerPoint")


class RejectedFile(ValueError):
    """The upload is not a file the library takes; the message says why."""


def detect(upload) -> str:
    """The content type of ``upload``, from its content; raises RejectedFile."""
    if upload.size == 0:
        raise RejectedFile(_("Het bestand is leeg."))
    if upload.size > MAX_BYTES:
        raise RejectedFile(_("Een bestand is hoogstens 20 MB."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        content_type = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        content_type = JPEG
    elif head.startswith(b"PK\x03\x04"):
        content_type = _office_type(upload)
    else:
        content_type = None
    if content_type is None:
        raise RejectedFile(
            _("Dit soort bestand kan niet in de bibliotheek; kies een %(types)s.")
            % {"types": ALLOWED_LABEL}
        )
    name = (upload.name or "").lower()
    if not name.endswith(EXTENSIONS[content_type]):
        raise RejectedFile(
            _("De inhoud van het bestand past niet bij de naam (verwacht: %(ext)s).")
            % {"ext": " of ".join(EXTENSIONS[content_type])}
        )
    return content_type


def _office_type(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for content_type, part in OFFICE_PARTS.items():
        if part in names:
            return content_type
    return None
