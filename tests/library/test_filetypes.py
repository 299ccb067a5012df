"""An upload is judged by its content; the name must agree with it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from library import filetypes
from tests.library.factories import office_upload, pdf_upload, png_upload


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (pdf_upload(), filetypes.PDF),
        (png_upload(), filetypes.PNG),
        (SimpleUploadedFile("foto.jpeg", b"\xff\xd8\xff\xe0" + b"0" * 20), filetypes.JPEG),
        (office_upload(), filetypes.DOCX),
        (office_upload("xl/workbook.xml", "cijfers.xlsx"), filetypes.XLSX),
        (office_upload("ppt/presentation.xml", "dia.pptx"), filetypes.PPTX),
    ],
)
def test_accepted_files(upload, expected):
    assert filetypes.detect(upload) == expected


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 a program"), "Dit soort bestand"),
        (SimpleUploadedFile("rapport.pdf", b"<html><script>"), "Dit soort bestand"),
        (SimpleUploadedFile("archief.zip", b"PK\x03\x04 not really a zip"), "Dit soort bestand"),
        (office_upload("other/thing.xml", "verslag.docx"), "Dit soort bestand"),
        (pdf_upload(name="foto.png"), "past niet bij de naam"),
        (png_upload(name="rapport.pdf"), "past niet bij de naam"),
        (office_upload(name="verslag.xlsx"), "past niet bij de naam"),
        (SimpleUploadedFile("leeg.pdf", b""), "leeg"),
    ],
)
def test_refused_files_say_why(upload, message):
    with pytest.raises(filetypes.RejectedFile, match=message):
        filetypes.detect(upload)


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_BYTES", 100)

    with pytest.raises(filetypes.RejectedFile, match="20 MB"):
        filetypes.detect(SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * 200))
