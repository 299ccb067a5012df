"""Background work of the library. Tasks stay thin: they take ids and call a service."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from ketenoverleg import outbox
from library.extraction import file_extract_text
from library.models import LibraryFile

# How long a version may wait for its text before the sweep queues it again (the first
# task may have been lost while the broker was down).
SWEEP_AFTER = timedelta(minutes=5)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def extract_text(self, file_id: int) -> str:
    """Read the text of one PDF version for the search; returns its text status."""
    return file_extract_text(file_id)


@shared_task
def extraction_sweep() -> int:
    """Queue again the versions still waiting for their text after a while."""
    waiting = LibraryFile.objects.filter(
        text_status=LibraryFile.Text.WAITING, created_at__lt=timezone.now() - SWEEP_AFTER
    ).values_list("pk", flat=True)
    for file_id in waiting:
        outbox.enqueue(extract_text, file_id)
    return len(waiting)
