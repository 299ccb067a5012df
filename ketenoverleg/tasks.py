"""Site-wide background tasks. Tasks stay thin: they take plain values and call Django."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenoverleg import audit, documents
from ketenoverleg.models import Document

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_email(
    self, *, to: list[str], subject: str, body: str, reply_to: list[str] | None = None
) -> int:
    """Send one plain-text e-mail; returns the number of messages sent (0 or 1)."""
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to)
    sent = message.send()
    logger.info("Sent e-mail %r to %s", subject, ", ".join(to))
    return sent


class TransientRenderError(Exception):
    """A failure worth another try (storage or file system hiccup)."""


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(TransientRenderError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=settings.DOCUMENT_TIME_LIMIT,
    time_limit=settings.DOCUMENT_TIME_LIMIT + 30,
)
def render_document(self, document_id: int) -> str:
    """Render one document to PDF; returns its final status.

    Idempotent: a ready document is left alone, and when another ready document has
    the same content hash its file is reused without rendering. A worker killed
    mid-render returns the job to the queue (acks late, reject on worker lost); a
    render past the time limit ends as failed with that reason.
    """
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.status == Document.Status.READY:
        return document.status if document else "missing"
    twin = (
        Document.objects.filter(
            kind=document.kind,
            content_type_id=document.content_type_id,
            object_id=document.object_id,
            content_hash=document.content_hash,
            status=Document.Status.READY,
        )
        .exclude(pk=document.pk)
        .first()
    )
    if twin is not None:
        return _finish(document, file_name=twin.file.name)

    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    try:
        kind = documents.get_kind(document.kind)
        obj = kind.model._default_manager.filter(pk=document.object_id).first()
        if obj is None:
            return _fail(document, _("Het stuk waar dit document bij hoort, bestaat niet meer."))
        digest = documents.content_hash(kind, obj)
        pdf = documents.html_to_pdf(documents.render_html(kind, obj))
    except SoftTimeLimitExceeded:
        return _fail(document, _("Het maken duurde te lang en is afgebroken."))
    except Exception as exc:  # a broken template or data: fail visibly, never hang
        logger.exception("Rendering document %s failed", document.pk)
        return _fail(
            document, _("Het document kon niet worden opgemaakt: %(error)s") % {"error": exc}
        )
    document.content_hash = digest
    try:
        name = document.file.storage.save(
            f"pdf/{document.council_id}/{document.kind}-{document.object_id}-{document.content_hash[:12]}.pdf",
            ContentFile(pdf),
        )
    except OSError as exc:
        if self.request.retries >= self.max_retries:
            return _fail(document, _("Opslaan mislukte: %(error)s") % {"error": exc})
        raise TransientRenderError(str(exc)) from exc
    return _finish(document, file_name=name)


def _finish(document, *, file_name: str) -> str:
    document.file.name = file_name
    document.status = document.Status.READY
    document.error = ""
    document.finished_at = timezone.now()
    document.save(
        update_fields=["file", "status", "error", "finished_at", "content_hash", "updated_at"]
    )
    return document.status


def _fail(document, reason: str) -> str:
    document.status = document.Status.FAILED
    document.error = str(reason)
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "finished_at", "updated_at"])
    logger.warning("Document %s failed: %s", document.pk, reason)
    return document.status


@shared_task
def documents_reap_stuck() -> int:
    """Mark documents left 'rendering' by a worker that died as failed, with the reason."""
    limit = timezone.now() - timedelta(seconds=settings.DOCUMENT_STUCK_AFTER)
    return Document.objects.filter(status=Document.Status.RENDERING, started_at__lt=limit).update(
        status=Document.Status.FAILED,
        error=_("De verwerking is onderbroken (de worker stopte); probeer het opnieuw."),
        finished_at=timezone.now(),
    )


@shared_task
def audit_log_prune() -> int:
    """Remove audit-log entries older than AUDIT_LOG_RETENTION_DAYS (daily, from beat)."""
    deleted = audit.prune()
    logger.info("Removed %s audit-log entries past their retention", deleted)
    return deleted
