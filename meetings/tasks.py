import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ketenoverleg import outbox
from ketenoverleg.services import document_for
from meetings import notices
from meetings.models import Dispatch, DispatchRecipient

logger = logging.getLogger(__name__)


@shared_task
def dispatch_deliver(dispatch_id: int) -> int:
    """Send a dispatch to every recipient not yet served; returns how many were sent now.

    Each recipient row is locked and marked sent in its own transaction, so a second
    message for this dispatch (the sweep's, a redelivery, a second worker) never sends
    the same message to the same person twice. A failed address is recorded on its
    row and tried again by the sweep (after 2, 4, 8, ... minutes) up to
    ``OUTBOX_MAX_ATTEMPTS`` times.
    """
    dispatch = Dispatch.objects.select_related("meeting__council").filter(pk=dispatch_id).first()
    if dispatch is None:
        return 0
    meeting = dispatch.meeting
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    with translation.override("nl"):
        context = {
            "dispatch": dispatch,
            "meeting": meeting,
            "base_url": base_url,
            "document": document_for("notulen", meeting),
        }
        subject = " ".join(render_to_string("meetings/email/dispatch_subject.txt", context).split())
        body = render_to_string("meetings/email/dispatch_body.txt", context)
    sent = 0
    retry_after = None
    for recipient_id in dispatch.recipients.pending().values_list("pk", flat=True):
        with transaction.atomic():
            recipient = (
                DispatchRecipient.objects.select_for_update(skip_locked=True)
                .filter(pk=recipient_id)
                .pending()
                .first()
            )
            if recipient is None:
                continue  # sent meanwhile by another run, or being sent right now
            recipient.attempts += 1
            try:
                EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
            except Exception as exc:  # refused, timed out: record it, the sweep tries again
                logger.warning("Dispatch %s to %s failed: %s", dispatch_id, recipient.email, exc)
                recipient.error = str(exc)
                wait = timedelta(minutes=2**recipient.attempts)
                retry_after = min(retry_after or wait, wait)
            else:
                recipient.sent_at = timezone.now()
                recipient.error = ""
                sent += 1
            recipient.save(update_fields=["sent_at", "error", "attempts"])
    if retry_after is not None:
        Dispatch.objects.filter(pk=dispatch_id).update(next_attempt_at=timezone.now() + retry_after)
    logger.info("Dispatch %s: sent %s messages", dispatch_id, sent)
    return sent


def sweep_dispatches() -> int:
    """Publish the dispatches that still have recipients to serve and are due."""
    return outbox.publish_due(Dispatch.objects.with_unsent(), dispatch_deliver)


@shared_task
def action_points_due_remind() -> int:
    """Daily: owners of action points due in 7 days hear of it (once per deadline)."""
    return notices.action_points_due_remind()
