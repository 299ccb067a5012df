import pytest

from ketenoverleg import documents
from ketenoverleg.models import Role
from tests.factories import user_with_role

REAL_HTML_TO_PDF = documents.html_to_pdf
FAKE_PDF = b"%PDF-1.7\n% a stand-in: these tests need a file, not a layout\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Permission matrices and query counts create many users: hash cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fake_renderer(monkeypatch):
    """Signing, withdrawing and opening queue the intentieverklaring; skip WeasyPrint
    for it unless a test asks for ``real_weasyprint``."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: FAKE_PDF)
    return FAKE_PDF


@pytest.fixture
def real_weasyprint(monkeypatch, fake_renderer):
    monkeypatch.setattr(documents, "html_to_pdf", REAL_HTML_TO_PDF)


@pytest.fixture
def secretary(council):
    """The ketensecretaris keeps the packages up to date (the secretaris of the kernteam
    may too, but holds a seat for a member, which would count in participation)."""
    return user_with_role(council, Role.KETENSECRETARIS)
