import pytest
from django.core.files.storage import storages

from ketenoverleg import documents
from ketenoverleg.models import Document


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def document_dir(settings, tmp_path, monkeypatch):
    """Rendered PDFs go to a temporary folder, never into the project's documents/.

    Django evaluates the callable storage of ``Document.file`` once, when the model
    is loaded, so overriding STORAGES alone does not reach the field: point the field
    at the new storage as well.
    """
    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", storages["documents"])
    return location


class RenderCounter:
    """Wraps the real WeasyPrint call and counts how often the pipeline renders."""

    def __init__(self, real):
        self.real = real
        self.calls = 0

    def __call__(self, html: str) -> bytes:
        self.calls += 1
        return self.real(html)


@pytest.fixture
def renders(monkeypatch) -> RenderCounter:
    counter = RenderCounter(documents.html_to_pdf)
    monkeypatch.setattr(documents, "html_to_pdf", counter)
    return counter


FAKE_PDF = b"%PDF-1.7\n% a stand-in: access tests need a file, not a layout\n%%EOF\n"


@pytest.fixture
def fake_renderer(monkeypatch):
    """Skip WeasyPrint where only access to the finished file matters."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: FAKE_PDF)
    return FAKE_PDF
