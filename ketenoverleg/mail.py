"""Queueing e-mail from services: rendered now, sent by a worker after the commit."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from ketenoverleg.tasks import send_email


def queue_email(*, to: list[str], template: str, context: dict, language: str = "nl") -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and queue the e-mail.

    The task is enqueued only when the surrounding transaction commits, so a
    rolled-back change never sends mail.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(lambda: send_email.delay(to=to, subject=subject, body=body))
