"""A real Celery worker picks a task up from Redis and sends the e-mail.

Runs only when a broker is configured (CELERY_BROKER_URL or REDIS_URL), as in CI. The
worker listens on a queue of its own, so a stale worker elsewhere cannot take the task.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings

from ketenoverleg.celery import app as celery_app
from ketenoverleg.tasks import send_email

pytestmark = pytest.mark.worker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def worker_queue(tmp_path, mail_dir):
    """Start a worker on a unique queue; yield the queue name; always stop the worker."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SETTINGS_MODULE": "ketenoverleg.settings",
    }
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "ketenoverleg",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield queue
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)
        # Celery leaves the queue's binding keys in Redis; the queue is never used again.
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        for key in broker.scan_iter(match=f"_kombu.binding*{queue}"):
            broker.delete(key)
    # Shown by pytest when the test failed, to see why the worker did not answer.
    print(log_path.read_text())


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
