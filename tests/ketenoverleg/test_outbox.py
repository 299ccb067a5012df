"""The outbox: mail is a row written with the data, sent once by a task, kept when the
broker is down and picked up again by the sweep."""

import logging
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from ketenoverleg import outbox
from ketenoverleg.mail import queue_email
from ketenoverleg.models import OutgoingEmail
from ketenoverleg.tasks import pending_work_sweep, send_outgoing_email
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLE_MAIL = "ketenoverleg/email/role_assigned"


def role_mail(**options):
    """A real template of the product, so the outbox renders what users get."""
    assignment = RoleAssignmentFactory()
    return queue_email(
        to=[assignment.user.email],
        template=ROLE_MAIL,
        context={"assignment": assignment, "by": UserFactory()},
        **options,
    )


def test_mail_is_a_row_until_the_commit_then_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = role_mail()
        assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.PENDING
        assert mail.outbox == []

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == [email.subject]


def test_a_rolled_back_change_leaves_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                role_mail()
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass

    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_the_same_key_mails_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = role_mail(key="role:1:assigned")
        second = role_mail(key="role:1:assigned")

    assert first is not None
    assert second is None
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_headers_language_and_reply_to_reach_the_message(django_capture_on_commit_callbacks):
    headers = {"List-Unsubscribe": "<https://example.org/afmelden/abc>"}

    with django_capture_on_commit_callbacks(execute=True):
        email = role_mail(
            key="dispatch:12:user:5",
            headers=headers,
            language="en",
            reply_to=["secretariaat@voorbeeld.nl"],
        )

    message = mail.outbox[0]
    assert message.extra_headers == headers
    assert message.reply_to == ["secretariaat@voorbeeld.nl"]
    assert OutgoingEmail.objects.get(pk=email.pk).language == "en"


def test_a_second_message_for_a_sent_email_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = role_mail()

    assert send_outgoing_email.delay(email.pk).get() == "skipped"
    assert len(mail.outbox) == 1


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP-server weigert de verbinding")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def test_a_failed_send_is_kept_and_tried_again_later(smtp_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = role_mail()

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.attempts == 1
    assert "weigert de verbinding" in email.last_error
    assert email.next_attempt_at > timezone.now() + timedelta(minutes=1)
    assert outbox.sweep()["e-mail"] == 0  # not due yet


def test_after_the_last_attempt_the_email_is_marked_failed(settings, smtp_down):
    email = role_mail()
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=settings.OUTBOX_MAX_ATTEMPTS - 1)

    assert send_outgoing_email(email.pk) == OutgoingEmail.Status.FAILED
    assert send_outgoing_email(email.pk) == "skipped"


def test_the_sweep_sends_what_is_due_and_leaves_the_rest(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the message never went out
        due = role_mail()
        later = role_mail()
    OutgoingEmail.objects.filter(pk=due.pk).update(next_attempt_at=timezone.now())

    published = pending_work_sweep()

    assert published["e-mail"] == 1
    assert [m.to for m in mail.outbox] == [due.to]
    later.refresh_from_db()
    assert later.status == OutgoingEmail.Status.PENDING


def test_with_the_broker_down_publishing_fails_fast_logs_and_marks_the_mail_waiting(
    broker_down, caplog, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        email = role_mail()

    assert time.monotonic() - started < 2
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING
    assert email.is_waiting
    assert "the sweep publishes it when the broker is back" in caplog.text
    assert mail.outbox == []


def test_with_the_broker_down_the_sweep_keeps_the_mail_due(broker_down):
    email = role_mail()
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    assert pending_work_sweep()["e-mail"] == 0

    email.refresh_from_db()
    assert email.is_waiting
    assert email.status == OutgoingEmail.Status.PENDING


def test_a_failing_sweeper_does_not_stop_the_others(monkeypatch, caplog):
    def broken() -> int:
        raise RuntimeError("kapot")

    monkeypatch.setitem(outbox.SWEEPERS, "broken", broken)

    with caplog.at_level(logging.ERROR):
        published = outbox.sweep()

    assert "broken" not in published
    assert {"e-mail", "documents", "dispatches"} <= set(published)
    assert "Sweeping pending broken failed" in caplog.text


def test_the_beat_sweeps_every_minute_and_the_visibility_timeout_is_minutes(settings):
    sweep = settings.CELERY_BEAT_SCHEDULE["pending-work-sweep"]
    assert sweep["task"] == pending_work_sweep.name
    assert sweep["schedule"] == 60
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout == max(2 * settings.DOCUMENT_TIME_LIMIT, settings.DOCUMENT_STUCK_AFTER + 30)
    # A killed worker's document is handed out again within the five minutes promised.
    assert settings.DOCUMENT_STUCK_AFTER < timeout < 300
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
