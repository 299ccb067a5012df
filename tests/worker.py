"""Starting a real Celery worker for the tests marked ``worker`` (CI has a broker)."""

import os
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from ketenoverleg.celery import app as celery_app

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).with_name("celery")


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs a service; in CI (REQUIRE_FAULT_TESTS=1) fail instead."""
    if os.environ.get("REQUIRE_FAULT_TESTS") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def require_broker() -> None:
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("needs a broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (set DATABASE_URL): SQLite serialises writers")


def worker_database_url() -> str:
    """The URL of the test database, for a worker process that must see its rows."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def closed_port() -> int:
    """A local TCP port where nothing listens (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def broker_at(url: str):
    """Publish tasks to ``url`` (Celery reads CELERY_BROKER_URL before its own setting)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CELERY_BROKER_URL", url)
        patch.setitem(celery_app.conf, "broker_url", url)
        yield


def new_queue() -> str:
    return f"test-{uuid.uuid4().hex}"


@contextmanager
def worker_process(log_path: Path, queue: str, *, module: str | None = None, **env_extra: str):
    """Start a worker that consumes ``queue`` (also its default queue, for the tasks it
    publishes itself); yield the process; stop it (unless the test killed it).

    ``module`` runs the worker through a test module (``python -m module``) that may
    change the worker first, e.g. ``tests.slow_render_worker``.
    """
    require_broker()
    env = {
        **os.environ,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "ketenoverleg.settings",
        **env_extra,
    }
    program = [sys.executable, "-m", module] if module else [str(CELERY)]
    with log_path.open("a") as log:
        worker = subprocess.Popen(
            [
                *program,
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
                f"{queue}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=5)


def forget_queue(queue: str) -> None:
    """Celery leaves the queue's keys in Redis; the queue is never used again."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    for pattern in (f"_kombu.binding*{queue}", queue):
        for key in broker.scan_iter(match=pattern):
            broker.delete(key)


@contextmanager
def celery_worker(log_path: Path, **env_extra: str):
    """Start a worker on a unique queue; yield the queue name; always stop the worker."""
    require_broker()
    queue = new_queue()
    try:
        with worker_process(log_path, queue, **env_extra):
            yield queue
    finally:
        forget_queue(queue)
        # Shown by pytest when the test failed, to see why the worker did not answer.
        print(log_path.read_text())
