"""Starting a real Celery worker for the tests marked ``worker`` (CI has a broker)."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")


@contextmanager
def celery_worker(log_path: Path, **env_extra: str):
    """Start a worker on a unique queue; yield the queue name; always stop the worker."""
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "ketenoverleg.settings",
        **env_extra,
    }
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
