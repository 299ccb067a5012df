"""With the broker down, sending minutes, applying for membership and asking for a PDF
answer at once (under two seconds, no error) and say honestly that the work waits.
When a worker runs again, the work is done within two minutes, exactly once, however
often the sweep and the original messages arrive."""

import email
import email.policy
import time
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from ketenoverleg import outbox
from ketenoverleg.celery import app as celery_app
from ketenoverleg.models import Document, OutgoingEmail, Role
from ketenoverleg.services import statute_new_version
from ketenoverleg.tasks import pending_work_sweep, render_document, send_outgoing_email
from meetings.models import Dispatch, DispatchRecipient
from meetings.tasks import dispatch_deliver
from members.models import Membership
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.meetings.factories import MinutesFactory
from tests.members.factories import member_of
from tests.worker import (
    broker_at,
    closed_port,
    forget_queue,
    new_queue,
    require_broker,
    worker_database_url,
    worker_process,
)

pytestmark = pytest.mark.fault

ANSWER_WITHIN = 2.0  # seconds: a functional bound (the request must not wait for a broker)
RECOVERED_WITHIN = 120.0  # seconds after a worker runs again

APPLICATION = {
    "geledingen": ["recycling"],
    "supports_goal": "on",
    "listing_consent": "on",
    "org-name": "Puinbreker Stad",
    "org-kind": "bedrijf",
    "org-place": "Groningen",
    "org-intention_url": "https://puinbreker.nl/duurzaam",
}


def build_scenario():
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    return {
        "council": council,
        "secretary": user_with_role(council, Role.KETENSECRETARIS),
        "members": [member_of(council) for _ in range(3)],
        "minutes": MinutesFactory(meeting__council=council, meeting__title="Kernteam juni"),
        "applicant": UserFactory(),
    }


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def send_apply_and_ask_for_a_pdf(client, scenario, run=lambda call: call()):
    """The three requests of the outage; ``run`` wraps each (e.g. to run on-commit hooks)."""
    council, secretary = scenario["council"], scenario["secretary"]
    statute = statute_new_version(council=council, by=secretary)
    client.force_login(secretary)
    meeting = scenario["minutes"].meeting
    send = timed(
        lambda: run(
            lambda: client.post(
                reverse(
                    "meetings:action",
                    kwargs={"slug": council.slug, "pk": meeting.pk, "action": "versturen"},
                ),
                {"what": "verslag", "audience": "leden"},
            )
        )
    )
    pdf = timed(
        lambda: run(
            lambda: client.post(
                reverse(
                    "document_request",
                    kwargs={"slug": council.slug, "kind": "statuut", "object_id": statute.pk},
                )
            )
        )
    )
    client.force_login(scenario["applicant"])
    apply = timed(
        lambda: run(
            lambda: client.post(
                reverse("members:apply", kwargs={"slug": council.slug}), APPLICATION
            )
        )
    )
    client.force_login(secretary)
    return {"send": send, "pdf": pdf, "apply": apply}


def assert_answered_at_once(answers):
    for name, (response, seconds) in answers.items():
        assert response.status_code == HTTPStatus.FOUND, name
        assert seconds < ANSWER_WITHIN, f"{name} took {seconds:.1f} s"


@pytest.mark.django_db
def test_with_the_broker_down_send_apply_and_pdf_answer_at_once_and_say_they_wait(
    client, broker_down, django_capture_on_commit_callbacks
):
    scenario = build_scenario()

    def after_commit(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    answers = send_apply_and_ask_for_a_pdf(client, scenario, run=after_commit)

    assert_answered_at_once(answers)
    dispatch = Dispatch.objects.get()
    assert DispatchRecipient.objects.filter(sent_at__isnull=True).count() == 3
    assert Membership.objects.filter(organisation__name="Puinbreker Stad").exists()
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).count() == 2
    assert all(e.is_waiting for e in OutgoingEmail.objects.all())
    council = scenario["council"]
    assertContains(
        client.get(reverse("meetings:dispatch", kwargs={"slug": council.slug, "pk": dispatch.pk})),
        "3 berichten in de wachtrij; worden verstuurd zodra de verwerking weer draait.",
    )
    statute_pdf = Document.objects.get(kind="statuut")
    assert statute_pdf.status == Document.Status.QUEUED
    page = client.get(statute_pdf.get_absolute_url())
    assertContains(page, "In de wachtrij; wordt verwerkt zodra de verwerking weer draait.")
    assertContains(page, "Opnieuw proberen")


def mails_in(folder: Path) -> list[email.message.Message]:
    """The messages Django's file backend wrote (one file per connection)."""
    messages = []
    for path in sorted(folder.iterdir()):
        for part in path.read_text().split("-" * 79 + "\n"):
            if part.strip():
                messages.append(
                    email.message_from_string(part.lstrip("\n"), policy=email.policy.default)
                )
    return messages


def addressees(messages) -> list[str]:
    return sorted(address.strip() for m in messages for address in str(m["To"]).split(","))


def wait_until(condition, timeout: float) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not done within {timeout:.0f} s")
        time.sleep(1)
    return time.monotonic() - started


def all_done() -> bool:
    return (
        not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
        and not DispatchRecipient.objects.filter(sent_at__isnull=True).exists()
        and not Document.objects.exclude(status=Document.Status.READY).exists()
    )


@pytest.fixture
def worker_queue():
    """The test process publishes to the queue the test's worker consumes."""
    require_broker()
    queue = new_queue()
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = "celery"
    forget_queue(queue)


def test_after_the_outage_a_worker_does_all_the_work_exactly_once(
    postgresql, client, tmp_path, document_dir, worker_queue
):
    scenario = build_scenario()
    celery_app.conf.task_always_eager = False
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        answers = send_apply_and_ask_for_a_pdf(client, scenario)
    assert_answered_at_once(answers)
    assert not all_done()

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    try:
        with worker_process(
            log,
            worker_queue,
            DATABASE_URL=worker_database_url(),
            DOCUMENTS_ROOT=str(document_dir),
            EMAIL_URL="filemail://",
            EMAIL_FILE_PATH=str(mail_dir),
        ):
            # No request, no beat: the worker's start-up sweep finds the waiting work.
            wait_until(all_done, RECOVERED_WITHIN)

            # The sweep (beat) fires again and the original messages arrive late after
            # all: nothing is done twice.
            OutgoingEmail.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))
            Dispatch.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))
            assert outbox.enqueue(pending_work_sweep)
            for outgoing in OutgoingEmail.objects.all():
                assert outbox.enqueue(send_outgoing_email, outgoing.pk)
            for dispatch in Dispatch.objects.all():
                assert outbox.enqueue(dispatch_deliver, dispatch.pk)
            for document in Document.objects.all():
                assert outbox.enqueue(render_document, document.pk)
            time.sleep(10)
    finally:
        celery_app.conf.task_always_eager = True
        print(log.read_text())

    members = [m.email for m in scenario["members"]]
    delivered = mails_in(mail_dir)
    assert addressees(delivered) == sorted(
        [*members, scenario["applicant"].email, scenario["secretary"].email]
    )
    minutes_mails = [
        m for m in delivered if str(m["Subject"]).strip().startswith("Verslag: Kernteam")
    ]
    assert len(minutes_mails) == len(members)
    assert all(d.attempts == 1 for d in Document.objects.all())
    assert Document.objects.filter(status=Document.Status.READY).count() == 2
    assert settings.CELERY_PUBLISH_TIMEOUT <= 1
