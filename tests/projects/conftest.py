import pytest

from ketenoverleg import documents


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Permission matrices and query counts create many users: hash cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# PDFs and attachments already go to a temporary folder: see document_dir in
# tests/conftest.py.

FAKE_PDF = b"%PDF-1.7\n% a stand-in: access tests need a file, not a layout\n%%EOF\n"


@pytest.fixture
def fake_renderer(monkeypatch):
    """Skip WeasyPrint where only access to the finished file matters."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: FAKE_PDF)
    return FAKE_PDF
