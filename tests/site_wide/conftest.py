"""Tests of the whole site at once: the role x URL matrix and the bad-input sweep.

Both need the same world (tests/world.py): three councils with one of everything. It
is built once per module, inside a transaction that is rolled back at the end; each
test runs in a savepoint of its own, so what one test changes the next never sees.
"""

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import override_settings

from ketenoverleg.models import Document
from library.models import LibraryFile
from projects.models import ReportAttachment
from startup.models import ChecklistItem
from tests.world import build_world

# The file fields the world fills: their files live in the module's folder.
FILE_FIELDS = [
    (Document, "file"),
    (ReportAttachment, "file"),
    (LibraryFile, "file"),
    (ChecklistItem, "attachment"),
]


@pytest.fixture(scope="module")
def documents_storage(tmp_path_factory):
    return FileSystemStorage(location=str(tmp_path_factory.mktemp("documents")))


@pytest.fixture
def document_dir(monkeypatch, documents_storage):
    """Overrides the conftest's per-test folder: the world's files live for the module."""
    for model, name in FILE_FIELDS:
        monkeypatch.setattr(model._meta.get_field(name), "storage", documents_storage)
    return documents_storage.location


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, documents_storage):
    fields = [model._meta.get_field(name) for model, name in FILE_FIELDS]
    previous = [f.storage for f in fields]
    # Module-scoped, so the suite's per-test settings do not reach it yet: tasks run
    # inline, not in the background thread whose own connection cannot see the world.
    quiet = override_settings(TASKS_IN_THREAD=False, PAGE_CACHE_SECONDS=0)
    with django_db_blocker.unblock(), quiet, transaction.atomic():
        for f in fields:
            f.storage = documents_storage
        try:
            yield build_world()
        finally:
            for f, storage in zip(fields, previous, strict=True):
                f.storage = storage
            transaction.set_rollback(True)
