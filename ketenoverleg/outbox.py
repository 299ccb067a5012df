"""The transactional outbox: background work is written down first, published after.

A service writes what is to be done as a row, in the same transaction as the data that
causes it (an ``OutgoingEmail``, a ``Document``, a meeting's ``Dispatch``: each a
``QueuedWork``), and asks for the task with :func:`enqueue_on_commit`. After the
commit the task is published with a short timeout and no retries; when the broker is
down that fails quietly (a log line), the row stays pending and the request answers
as usual. The sweep (a beat task every minute, and every worker when it starts)
publishes whatever is still pending. A task checks and moves its row's state under a
lock, so when the original message and the sweep's both arrive the work is done once.

Apps register a sweeper for their own rows in ``AppConfig.ready()``::

    outbox.register_sweeper("dispatches", sweep_dispatches)

Without a broker (the embedded default) tasks run in-process right after the commit;
slow ones (a PDF render, marked with :func:`run_in_background`) in a thread of their own,
so the request that asked for them answers at once, as it does with a broker.
"""

import logging
import queue
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ketenoverleg.models import QueuedWork, recheck_time

logger = logging.getLogger(__name__)

# How many rows of one kind a sweep publishes at most; the next sweep takes the rest.
SWEEP_BATCH = 500

SWEEPERS: dict[str, Callable[[], int]] = {}

# Tasks that run in a background thread when there is no broker (see enqueue).
BACKGROUND_TASKS: set[str] = set()


def run_in_background(task):
    """Mark ``task`` as too slow for the request: in-process it runs in a thread."""
    BACKGROUND_TASKS.add(task.name)
    return task


_background_queue: queue.Queue = queue.Queue()
_background_lock = threading.Lock()
_background_thread: threading.Thread | None = None


def _background_worker() -> None:
    """Run queued tasks one after another (one render at a time, as one worker would);
    end after a second without work. Not a daemon: a command that queued renders (the
    demo seed) ends only when they are done."""
    global _background_thread
    while True:
        try:
            task, args = _background_queue.get(timeout=1)
        except queue.Empty:
            with _background_lock:
                if _background_queue.empty():
                    _background_thread = None
                    connections.close_all()
                    return
            continue
        close_old_connections()
        try:
            # apply(), not an eager apply_async(): that one flips Celery's process-wide
            # "a join would block" flag around the task, and two threads doing so at once
            # can leave it set, so a later result.get() in the process refuses to wait.
            task.apply(args)
        except Exception:
            logger.exception("Task %s%r failed in a background thread", task.name, args)
        finally:
            _background_queue.task_done()


def start_in_thread(task, args: tuple) -> None:
    """Queue ``task(*args)`` for the in-process background thread (started if needed)."""
    global _background_thread
    with _background_lock:
        _background_queue.put((task, args))
        if _background_thread is None:
            _background_thread = threading.Thread(
                target=_background_worker, name="task-background", daemon=False
            )
            _background_thread.start()


def wait_for_background() -> None:
    """Block until the in-process background tasks queued so far have run."""
    _background_queue.join()


def register_sweeper(name: str, sweeper: Callable[[], int]) -> None:
    """Add a function that publishes an app's pending work; it returns how many."""
    SWEEPERS[name] = sweeper


def sweep() -> dict[str, int]:
    """Run every sweeper; one that fails is logged and does not stop the others."""
    published = {}
    for name, sweeper in SWEEPERS.items():
        try:
            published[name] = sweeper()
        except Exception:
            logger.exception("Sweeping pending %s failed", name)
    return published


def enqueue(task, *args) -> bool:
    """Publish ``task(*args)``; False, with a log line, when that is not possible now.

    Never raises and never waits long: the broker gets ``CELERY_PUBLISH_TIMEOUT``
    seconds to accept the connection and the message, without Celery's publish retries
    and without the result backend (no task of ours returns a result anyone waits
    for). In-process (eager) mode runs the task here; its failure is logged as well.
    """
    app = task.app
    try:
        if app.conf.task_always_eager:
            if task.name in BACKGROUND_TASKS and settings.TASKS_IN_THREAD:
                start_in_thread(task, args)
            else:
                task.apply_async(args)
            return True
        timeout = settings.CELERY_PUBLISH_TIMEOUT
        options = {
            **(app.conf.broker_transport_options or {}),
            "max_retries": 0,
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
        }
        with app.connection_for_write(
            connect_timeout=timeout, transport_options=options
        ) as connection:
            task.apply_async(args, connection=connection, retry=False, ignore_result=True)
    except Exception as exc:
        if app.conf.task_always_eager:
            logger.exception("Task %s%r failed in-process", task.name, args)
        else:
            logger.warning(
                "Could not publish %s%r (%s); the sweep publishes it when the broker is back",
                task.name,
                args,
                exc,
            )
        return False
    return True


def enqueue_on_commit(task, row: QueuedWork) -> None:
    """After the commit, publish ``task(row.pk)``; if that fails, mark the row due now
    so that the next sweep picks it up and its page can say it is waiting."""
    model, pk = type(row), row.pk

    def publish() -> None:
        if enqueue(task, pk):
            return
        try:
            model.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
        except Exception:  # the database is gone too: the recheck time still holds
            logger.exception("Could not mark %s %s as waiting", model.__name__, pk)

    transaction.on_commit(publish)


def publish_due(pending: QuerySet, task) -> int:
    """Publish ``task(pk)`` for the rows in ``pending`` whose time has come.

    The rows are claimed with a lock (another sweep skips them) and their next
    attempt moves to the recheck time; a row whose publish fails is due again at once.
    """
    model = pending.model
    now = timezone.now()
    with transaction.atomic():
        due = list(
            pending.filter(next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        model.objects.filter(pk__in=due).update(next_attempt_at=recheck_time())
    published = 0
    for position, pk in enumerate(due):
        if not enqueue(task, pk):
            model.objects.filter(pk__in=due[position:]).update(next_attempt_at=now)
            break
        published += 1
    return published
