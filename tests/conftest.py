import datetime as dt
import os
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery._state import _set_task_join_will_block
from django.conf import settings as django_settings
from django.utils import translation

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
    _set_task_join_will_block(False)  # process-wide in Celery; no test inherits it
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _product_language():
    """Each test starts in the product language. Django's LocaleMiddleware activates a
    request's language for the thread and never deactivates it, so a test that asked a
    page in English would otherwise leave the next test reading English texts."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_inline(settings):
    """In-process tasks run inline in tests (a render finishes before the request
    returns); tests of the background thread switch ``TASKS_IN_THREAD`` on again."""
    settings.TASKS_IN_THREAD = False


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Each test counts its throttles under its own key prefix in the configured shared
    cache (the database, or Redis when CI sets a broker), so no test inherits another's
    counters and parallel runs on one Redis never meet. Rate-limit keys expire by
    themselves within minutes."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        alias: {**options, "KEY_PREFIX": f"{prefix}-{alias}"}
        for alias, options in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests change data with factories (no service bumps the page versions), so the
    page cache is off; the tests of ketenoverleg.pagecache switch it on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _roles_looked_up(settings):
    """Roles are looked up on every request, so a query-count test counts the same
    queries however its setup touched the role sources; the tests of the role cache
    (tests/ketenoverleg/test_role_cache.py) switch it on."""
    settings.ROLES_KEPT_SECONDS = 0


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
    # Tests that sum up what they checked (the page sweep) say so here, even when passed.
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        if report.when == "call":
            for name, value in getattr(report, "user_properties", []):
                if name == "summary":
                    terminalreporter.write_line(value)


def pytest_report_header(config):
    """Say in the log which database and broker this run uses (CI shows PostgreSQL)."""
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = django_settings.CELERY_BROKER_URL or "none (tasks run in-process)"
    cache = django_settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    lines = [f"ketenoverleg: database={engine}, celery broker={broker}, cache={cache}"]
    if destination := config.stash.get(FROZEN_CLOCK, None):
        local = destination.astimezone(ZoneInfo(django_settings.TIME_ZONE))
        lines.append(
            f"ketenoverleg: clock set to {destination:%Y-%m-%d %H:%M} UTC "
            f"({local:%Y-%m-%d %H:%M} {django_settings.TIME_ZONE}) at the start of every test"
        )
    return lines


# The clock ----------------------------------------------------------------------------
#
# No test may depend on the hour it runs. Between 23:00 and 00:00 UTC the UTC date and
# the date in Amsterdam differ, so a comparison of the two fails only then. To exercise
# that boundary whatever the hour CI runs, set the clock:
#
#     FROZEN_CLOCK="23:30 UTC" make test              # today, 23:30 UTC
#     pytest --frozen-clock="00:30 Europe/Amsterdam"  # today, 00:30 in Amsterdam
#     FROZEN_CLOCK="2025-12-31 23:30 UTC" make test   # a year boundary as well
#
# The clock moves there before the tests are collected (module-level dates agree) and
# back to that moment at the start of every test; it runs on from there (tick), so
# timeouts and waits keep working. Tests that work with other processes on the real
# clock (Chromium, a Celery worker, a second web process: marked browser, worker, fault
# or real_clock) run on the real clock: what such a process counted or signed would
# otherwise look hours old or hours ahead to this one.

REAL_CLOCK_MARKERS = ("browser", "worker", "fault", "real_clock")

FROZEN_CLOCK = pytest.StashKey[dt.datetime]()


def pytest_addoption(parser):
    parser.addoption(
        "--frozen-clock",
        default=os.environ.get("FROZEN_CLOCK", ""),
        help='Run every test with the clock set to "HH:MM ZONE" today or '
        '"YYYY-MM-DD HH:MM ZONE" (also: environment variable FROZEN_CLOCK).',
    )


def parse_clock(value: str, today: dt.date | None = None) -> dt.datetime:
    """``"23:30 UTC"`` or ``"2025-12-31 00:30 Europe/Amsterdam"`` as an aware UTC time."""
    *moment, zone_name = value.split()
    zone = ZoneInfo(zone_name)
    if len(moment) == 1:
        day = today or dt.datetime.now(zone).date()
        clock = dt.time.fromisoformat(moment[0])
    elif len(moment) == 2:
        day, clock = dt.date.fromisoformat(moment[0]), dt.time.fromisoformat(moment[1])
    else:
        raise pytest.UsageError(f"--frozen-clock/FROZEN_CLOCK: cannot read {value!r}")
    # A UTC destination: time-machine then leaves the process's own time zone alone.
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC)


_travel: time_machine.travel | None = None


def pytest_configure(config):
    global _travel
    if value := config.getoption("--frozen-clock"):
        destination = parse_clock(value)
        config.stash[FROZEN_CLOCK] = destination
        _travel = time_machine.travel(destination, tick=True)
        _travel.start()


# The tests that work with dates (their module reads the clock or the local date, or
# builds dates) are marked ``dates``: CI runs them once more at the other side of the
# midnight boundary (``-m dates``), after the whole suite ran at 23:30 UTC.
USES_DATES = re.compile(
    r"localdate|localtime|timezone\.now|date\.today|datetime\.now|time_machine|"
    r"days_from_now|timedelta|\bdate\(|\bdatetime\("
)


def pytest_collection_modifyitems(config, items):
    uses_dates = {}
    for item in items:
        path = item.path
        if path not in uses_dates:
            uses_dates[path] = bool(USES_DATES.search(path.read_text()))
        if uses_dates[path]:
            item.add_marker(pytest.mark.dates)


def pytest_unconfigure(config):
    if _travel is not None:
        _travel.stop()


@pytest.fixture(autouse=True)
def _clock(request):
    """Every test starts at the set moment (when a clock is set)."""
    destination = request.config.stash.get(FROZEN_CLOCK, None)
    if destination is None:
        yield None
        return
    if any(request.node.get_closest_marker(name) for name in REAL_CLOCK_MARKERS):
        _travel.stop()
        try:
            yield None
        finally:
            _travel.start()
        return
    with time_machine.travel(destination, tick=True) as traveller:
        yield traveller
