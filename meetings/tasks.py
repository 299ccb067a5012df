import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ketenoverleg.services import document_for
from meetings.models import Dispatch, DispatchRecipient

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def dispatch_deliver(self, dispatch_id: int) -> int:
    """Send a dispatch to every recipient not yet served; returns how many were sent now.

    Each recipient row is locked and marked sent in its own transaction, so a retry
    (or a second worker) never sends the same message to the same person twice.
    """
    dispatch = Dispatch.objects.select_related("meeting__council").get(pk=dispatch_id)
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
    for recipient_id in dispatch.recipients.filter(sent_at__isnull=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            recipient = (
                DispatchRecipient.objects.select_for_update(skip_locked=True)
                .filter(pk=recipient_id, sent_at__isnull=True)
                .first()
            )
            if recipient is None:
                continue  # sent meanwhile by another run
            EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
            recipient.sent_at = timezone.now()
            recipient.save(update_fields=["sent_at"])
            sent += 1
    logger.info("Dispatch %s: sent %s messages", dispatch_id, sent)
    return sent
