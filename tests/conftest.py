import uuid

import pytest
from django.conf import settings as django_settings

from ketenoverleg.celery import app as celery_app
from tests.factories import CouncilFactory
from tests.worker import broker_at, closed_port


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
def _own_cache_keys(settings):
    """Each test counts its throttles under its own key prefix in the configured shared
    cache (the database, or Redis when CI sets a broker), so no test inherits another's
    counters and parallel runs on one Redis never meet. Rate-limit keys expire by
    themselves within minutes."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }


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
    """Rendered PDFs, attachments and library files go to a temporary folder, never into documents/.

    Django evaluates a field's callable storage once, when the model is loaded, so
    overriding STORAGES alone does not reach the fields: point them at it as well.
    """
    from django.core.files.storage import storages

    from ketenoverleg.models import Document
    from library.models import LibraryFile
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
        (LibraryFile, "file"),
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


@pytest.fixture
def broker_down():
    """Tasks are published to a broker that refuses connections, as in an outage."""
    celery_app.conf.task_always_eager = False
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        yield
    celery_app.conf.task_always_eager = True


def pytest_terminal_summary(terminalreporter):
    """Say how many fault tests (parallel requests, broker outage, killed worker) ran,
    so that the CI log shows they were not all skipped."""
    outcome_of: dict[str, str] = {}
    for outcome in ("passed", "skipped", "failed", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if "fault" not in getattr(report, "keywords", {}):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            worst = "failed" if outcome == "error" else outcome
            outcome_of[report.nodeid] = worst
    counts = {
        name: list(outcome_of.values()).count(name) for name in ("passed", "failed", "skipped")
    }
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    terminalreporter.write_line(f"fault tests: {summary}")


def pytest_report_header(config):
    """Say in the log which database and broker this run uses (CI shows PostgreSQL)."""
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = django_settings.CELERY_BROKER_URL or "none (tasks run in-process)"
    cache = django_settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [f"ketenoverleg: database={engine}, celery broker={broker}, cache={cache}"]
