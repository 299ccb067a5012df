import pytest
from django.core.files.storage import storages

from ketenoverleg import documents
from ketenoverleg.models import Document
from projects.models import ReportAttachment


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Permission matrices and query counts create many users: hash cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def document_dir(settings, tmp_path, monkeypatch):
    """PDFs and attachments go to a temporary folder, never into the project's documents/.

    Both file fields took their storage when the models were loaded, so point the
    fields at the new storage as well (see tests/documents/conftest.py).
    """
    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    for model in (Document, ReportAttachment):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storages["documents"])
    return location


FAKE_PDF = b"%PDF-1.7\n% a stand-in: access tests need a file, not a layout\n%%EOF\n"


@pytest.fixture
def fake_renderer(monkeypatch):
    """Skip WeasyPrint where only access to the finished file matters."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: FAKE_PDF)
    return FAKE_PDF
