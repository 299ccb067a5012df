"""Site-wide background tasks. Tasks stay thin: they take plain values and call Django."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_success, worker_ready
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenoverleg import audit, documents, outbox, pagecache
from ketenoverleg.models import Document, OutgoingEmail, stuck_before

logger = logging.getLogger(__name__)


# Mail --------------------------------------------------------------------------------


@shared_task
def send_outgoing_email(email_id: int) -> str:
    """Send one message from the outbox; returns its status afterwards.

    The row is locked while it is sent and only a pending row is sent, so the message
    published after the commit and the one the sweep publishes never both send it. A
    failure is recorded on the row; the sweep tries again after 2, 4, 8, ... minutes,
    up to ``OUTBOX_MAX_ATTEMPTS`` attempts in all, then the row is marked failed.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return "skipped"  # sent or failed already, or being sent right now
        email.attempts += 1
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            to=email.to,
            reply_to=email.reply_to or None,
            headers=email.headers or None,
        )
        try:
            message.send()
        except Exception as exc:  # SMTP refused, timed out, ...: record it, try later
            logger.warning(
                "Sending e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc
            )
            email.last_error = str(exc)
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            else:
                email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            logger.info("Sent e-mail %r to %s", email.subject, ", ".join(email.to))
        email.save()
    return email.status


def sweep_email() -> int:
    """Publish the outbox messages that are due: never published, or to try again."""
    pending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
    return outbox.publish_due(pending, send_outgoing_email)


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_email(
    self, *, to: list[str], subject: str, body: str, reply_to: list[str] | None = None
) -> int:
    """Send one plain-text e-mail that was published before the outbox existed.

    Kept so that messages waiting in the broker during an upgrade are still sent;
    new mail goes through ``queue_email`` and ``send_outgoing_email``.
    """
    message = EmailMessage(subject=subject, body=body, to=to, reply_to=reply_to)
    sent = message.send()
    logger.info("Sent e-mail %r to %s", subject, ", ".join(to))
    return sent


# Pending work ------------------------------------------------------------------------


@shared_task
def pending_work_sweep() -> dict[str, int]:
    """Every minute (beat) and when a worker starts: publish whatever is pending."""
    published = outbox.sweep()
    if any(published.values()):
        logger.info("Published pending work: %s", published)
    return published


@worker_ready.connect
def _sweep_when_a_worker_starts(sender=None, **kwargs) -> None:
    """A worker that (re)starts picks up what waited while nothing ran."""
    outbox.enqueue(pending_work_sweep)


# Scheduled tasks that change what public pages show: cached pages are renewed after
# them (by name, so that this floor need not import the apps above it).
PAGE_CHANGING_TASKS = {
    "actionpackages.tasks.indicators_measure",
    "exchange.tasks.listings_expire",
    "library.tasks.extraction_sweep",
    "workshops.tasks.workshops_clean_up",
}


@task_success.connect
def _renew_public_pages(sender=None, **kwargs) -> None:
    if sender is not None and sender.name in PAGE_CHANGING_TASKS:
        pagecache.bump_all()


# Documents ---------------------------------------------------------------------------


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
    """Render one document to PDF; returns its final status ("skipped": not ours to do).

    The document is claimed under a lock: only a queued one, or one left rendering by
    a worker that died (started longer ago than any live render may take), is
    rendered, so a second message for it (the sweep's, a redelivery) does nothing. A
    ready twin with the same content hash lends its file without rendering. A worker
    killed mid-render returns the job to the queue (acks late, reject on worker lost,
    the broker's visibility timeout); a render past the time limit ends as failed.
    """
    document, status = _claim(document_id)
    if document is None:
        return status
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
        # Back in the queue, so that the retry (a new message) may claim it again.
        Document.objects.filter(pk=document.pk).update(status=Document.Status.QUEUED)
        raise TransientRenderError(str(exc)) from exc
    return _finish(document, file_name=name)


def _claim(document_id: int) -> tuple[Document | None, str]:
    """Lock the document and mark it rendering if it is ours to render."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(skip_locked=True).filter(pk=document_id).first()
        )
        if document is None:
            missing = not Document.objects.filter(pk=document_id).exists()
            return None, "missing" if missing else "skipped"
        abandoned = document.status == Document.Status.RENDERING and (
            document.started_at is None or document.started_at < stuck_before()
        )
        if document.status != Document.Status.QUEUED and not abandoned:
            return None, document.status if document.status == Document.Status.READY else "skipped"
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
            return None, _finish(document, file_name=twin.file.name)
        document.status = Document.Status.RENDERING
        document.started_at = timezone.now()
        document.attempts += 1
        document.save(update_fields=["status", "started_at", "attempts", "updated_at"])
    return document, document.status


def _finish(document, *, file_name: str) -> str:
    pagecache.bump_council(document.council.slug)  # its page now offers the download
    document.file.name = file_name
    document.status = document.Status.READY
    document.error = ""
    document.finished_at = timezone.now()
    document.save(
        update_fields=["file", "status", "error", "finished_at", "content_hash", "updated_at"]
    )
    return document.status


def _fail(document, reason: str) -> str:
    pagecache.bump_council(document.council.slug)
    document.status = document.Status.FAILED
    document.error = str(reason)
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "finished_at", "updated_at"])
    logger.warning("Document %s failed: %s", document.pk, reason)
    return document.status


outbox.run_in_background(render_document)


def documents_reap_stuck() -> int:
    """Documents whose task never ran or whose worker died: queue them again.

    A queued document whose message was not published (broker down) or got lost is
    published again; one left rendering past ``DOCUMENT_STUCK_AFTER`` goes back into
    the queue, or, after ``DOCUMENT_MAX_ATTEMPTS`` attempts, is marked failed with the
    reason. Returns how many documents were published or failed.
    """
    stuck = Document.objects.filter(status=Document.Status.RENDERING, started_at__lt=stuck_before())
    failed = stuck.filter(attempts__gte=settings.DOCUMENT_MAX_ATTEMPTS).update(
        status=Document.Status.FAILED,
        error=_("De verwerking is onderbroken (de worker stopte); probeer het opnieuw."),
        finished_at=timezone.now(),
    )
    stuck.update(status=Document.Status.QUEUED, next_attempt_at=timezone.now())
    queued = Document.objects.filter(status=Document.Status.QUEUED)
    return failed + outbox.publish_due(queued, render_document)


@shared_task
def audit_log_prune() -> int:
    """Remove audit-log entries older than AUDIT_LOG_RETENTION_DAYS (daily, from beat)."""
    deleted = audit.prune()
    logger.info("Removed %s audit-log entries past their retention", deleted)
    return deleted
