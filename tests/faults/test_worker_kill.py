"""kill -9 of the worker's main process in the middle of a render: the message was not
acknowledged, Redis hands it out again after the visibility timeout (derived from
DOCUMENT_TIME_LIMIT: minutes, not Redis' default hour), the restarted worker claims the
abandoned document and the PDF is ready within five minutes."""

import os
import signal
import time

import pytest
from django.urls import reverse

from ketenoverleg.celery import app as celery_app
from ketenoverleg.models import Document, Role
from ketenoverleg.services import statute_new_version
from tests.factories import user_with_role
from tests.worker import (
    forget_queue,
    new_queue,
    require_broker,
    worker_database_url,
    worker_process,
)

pytestmark = pytest.mark.fault

READY_WITHIN = 300.0  # seconds after the kill
# The workers of this test: a render may take 30 s, so the visibility timeout is a few
# times that (100 s: longer than DOCUMENT_STUCK_AFTER, 70 s); the first worker's render is made slow enough to be killed in it.
DOCUMENT_TIME_LIMIT = "30"
SLOW_RENDER_SECONDS = "25"


def status_of(document: Document) -> str:
    document.refresh_from_db()
    return document.status


def wait_for(document: Document, status: str, timeout: float) -> float:
    started = time.monotonic()
    while status_of(document) != status:
        if time.monotonic() - started > timeout:
            raise AssertionError(f"still {document.status} after {timeout:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - started


@pytest.fixture
def queue():
    require_broker()
    name = new_queue()
    celery_app.conf.task_default_queue = name
    celery_app.conf.task_always_eager = False
    yield name
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_default_queue = "celery"
    forget_queue(name)


def test_a_pdf_whose_worker_was_killed_mid_render_is_ready_within_five_minutes(
    postgresql, council, client, tmp_path, document_dir, queue
):
    secretary = user_with_role(council, Role.KETENSECRETARIS)
    statute = statute_new_version(council=council, by=secretary)
    client.force_login(secretary)
    log = tmp_path / "worker.log"
    env = {
        "DATABASE_URL": worker_database_url(),
        "DOCUMENTS_ROOT": str(document_dir),
        "DOCUMENT_TIME_LIMIT": DOCUMENT_TIME_LIMIT,
    }
    try:
        with worker_process(
            log,
            queue,
            module="tests.slow_render_worker",
            SLOW_RENDER_SECONDS=SLOW_RENDER_SECONDS,
            **env,
        ) as first:
            client.post(
                reverse(
                    "document_request",
                    kwargs={"slug": council.slug, "kind": "statuut", "object_id": statute.pk},
                )
            )
            document = Document.objects.get()
            wait_for(document, Document.Status.RENDERING, timeout=60)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
        killed_at = time.monotonic()
        assert status_of(document) == Document.Status.RENDERING

        with worker_process(log, queue, **env):
            wait_for(document, Document.Status.READY, timeout=READY_WITHIN)
        seconds = time.monotonic() - killed_at
    finally:
        print(log.read_text())

    assert seconds < READY_WITHIN
    document.refresh_from_db()
    assert document.attempts == 2  # the killed render and the one that finished
    assert document.file.storage.exists(document.file.name)
    print(f"ready {seconds:.0f} s after the kill")
