import pytest

from ketenoverleg import documents


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
