"""Site-wide background tasks. Tasks stay thin: they take plain values and call Django."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMessage

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
