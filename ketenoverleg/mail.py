"""Queueing e-mail from services: rendered now, written to the outbox, sent by a worker."""

import uuid

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from ketenoverleg import outbox
from ketenoverleg.models import OutgoingEmail
from ketenoverleg.tasks import send_outgoing_email


def queue_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    language: str = "nl",
    key: str | None = None,
    headers: dict[str, str] | None = None,
    reply_to: list[str] | None = None,
) -> OutgoingEmail | None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` into the outbox.

    The message is a row written in the caller's transaction: a rolled-back change
    never sends mail, and a committed one is sent even when the broker is down at the
    moment (the sweep publishes it later). ``key`` names the event and audience, e.g.
    ``"membership:7:admitted"`` or ``"dispatch:12:user:5"``: a second message with a
    key already in the outbox is not queued, and ``None`` is returned. ``headers``
    are added to the message (``List-Unsubscribe``, ...).
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    email = OutgoingEmail(
        key=key or f"once:{uuid.uuid4().hex}",
        to=list(to),
        reply_to=list(reply_to or []),
        subject=subject[:300],
        body=body,
        headers=dict(headers or {}),
        language=language,
        template=template,
    )
    try:
        with transaction.atomic():
            email.save(force_insert=True)
    except IntegrityError:
        if key and OutgoingEmail.objects.filter(key=key).exists():
            return None  # this event already mailed these people
        raise
    outbox.enqueue_on_commit(send_outgoing_email, email)
    return email


def forget_address(address: str) -> int:
    """Erasure (AVG art. 17): the outbox keeps no mail to ``address``, sent or waiting.

    A message to that person alone goes; from a message to several people only the
    address goes. Returns how many messages changed. Rows are matched on the address
    as written (a JSON text search, the same on SQLite and PostgreSQL) and checked
    exactly before they change.
    """
    wanted = address.strip().lower()
    if not wanted:
        return 0
    changed = 0
    for email in OutgoingEmail.objects.select_for_update().filter(to__icontains=wanted):
        kept = [a for a in email.to if a.strip().lower() != wanted]
        if len(kept) == len(email.to):
            continue
        if kept:
            email.to = kept
            email.save(update_fields=["to"])
        else:
            email.delete()
        changed += 1
    return changed
