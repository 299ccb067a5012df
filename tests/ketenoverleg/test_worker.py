"""A real Celery worker picks a task up from Redis and sends the e-mail.

Runs only when a broker is configured (CELERY_BROKER_URL or REDIS_URL), as in CI. The
worker listens on a queue of its own, so a stale worker elsewhere cannot take the task.
"""

import uuid

import pytest

from ketenoverleg.celery import app as celery_app
from ketenoverleg.tasks import send_email
from tests.worker import celery_worker

pytestmark = pytest.mark.worker


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def worker_queue(tmp_path, mail_dir):
    with celery_worker(
        tmp_path / "worker.log", EMAIL_URL="filemail://", EMAIL_FILE_PATH=str(mail_dir)
    ) as queue:
        yield queue


@pytest.fixture
def real_broker():
    """Send tasks to the broker instead of running them in-process (conftest's default)."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


def test_worker_sends_queued_email(worker_queue, real_broker, mail_dir):
    subject = f"Agenda kernteam {uuid.uuid4().hex[:8]}"

    result = send_email.apply_async(
        kwargs={"to": ["lid@voorbeeld.nl"], "subject": subject, "body": "Tot donderdag."},
        queue=worker_queue,
    )

    # The task waits in the queue until the worker is up, so get() also covers start-up.
    assert result.get(timeout=60) == 1
    result.forget()
    mails = [path.read_text() for path in mail_dir.iterdir()]
    assert len(mails) == 1
    assert subject in mails[0]
    assert "lid@voorbeeld.nl" in mails[0]
