import pytest
from django.conf import settings as django_settings

from ketenoverleg.celery import app as celery_app
from tests.factories import CouncilFactory


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Ordinary tests run tasks in-process, even when CI configures a broker.

    The worker tests (marked ``worker``) switch this off again themselves.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def document_dir(settings, tmp_path, monkeypatch):
    """Rendered PDFs and attachments go to a temporary folder, never into documents/.

    Django evaluates a field's callable storage once, when the model is loaded, so
    overriding STORAGES alone does not reach the fields: point them at it as well.
    """
    from django.core.files.storage import storages

    from ketenoverleg.models import Document
    from projects.models import ReportAttachment
    from startup.models import ChecklistItem

    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    for model, field in (
        (Document, "file"),
        (ReportAttachment, "file"),
        (ChecklistItem, "attachment"),
    ):
        monkeypatch.setattr(model._meta.get_field(field), "storage", storages["documents"])
    return location


@pytest.fixture
def council(db):
    return CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The default PBKDF2 takes a noticeable fraction of a second per user created."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_report_header(config):
    """Say in the log which database and broker this run uses (CI shows PostgreSQL)."""
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = django_settings.CELERY_BROKER_URL or "none (tasks run in-process)"
    return [f"ketenoverleg: database={engine}, celery broker={broker}"]
