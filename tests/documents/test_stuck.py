"""A document whose task never ran (broker down, message lost) or whose worker died is
not stuck for ever: the sweep renders it, a new request or the retry button queues it
again, and its page says honestly that it waits for the processing."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg import services
from ketenoverleg.models import Document, Role, Statute
from ketenoverleg.tasks import pending_work_sweep, render_document
from tests.documents.helpers import request_url, retry_url, status_url
from tests.factories import user_with_role
from tests.members.factories import ANONYMOUS, MEMBER, OUTSIDER, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretaris(council):
    return user_with_role(council, Role.SECRETARIS)


@pytest.fixture
def statute(council, secretaris):
    return services.statute_new_version(council=council, by=secretaris)


@pytest.fixture
def never_ran(statute, secretaris, django_capture_on_commit_callbacks) -> Document:
    """Asked for while the broker was down: queued, its task never published."""
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind_key="statuut", obj=statute, by=secretaris)
    Document.objects.filter(pk=document.pk).update(next_attempt_at=timezone.now())
    document.refresh_from_db()
    return document


def rendering_since(statute, seconds_ago: int) -> Document:
    return Document.objects.create(
        kind="statuut",
        council=statute.council,
        content_type=ContentType.objects.get_for_model(Statute),
        object_id=statute.pk,
        title="Statuut",
        status=Document.Status.RENDERING,
        started_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_the_sweep_renders_a_queued_document_whose_task_never_ran(never_ran, renders):
    assert pending_work_sweep()["documents"] == 1

    never_ran.refresh_from_db()
    assert never_ran.status == Document.Status.READY
    assert renders.calls == 1
    assert pending_work_sweep()["documents"] == 0


def test_the_sweep_leaves_a_freshly_queued_document_to_its_own_message(
    statute, secretaris, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind_key="statuut", obj=statute, by=secretaris)

    assert pending_work_sweep()["documents"] == 0
    document.refresh_from_db()
    assert document.status == Document.Status.QUEUED
    assert renders.calls == 0


def test_a_waiting_document_says_so_and_offers_a_retry(client, secretaris, never_ran):
    client.force_login(secretaris)

    response = client.get(status_url(never_ran))

    assertContains(response, "In de wachtrij; wordt verwerkt zodra de verwerking weer draait.")
    assertContains(response, f'action="{retry_url(never_ran)}"')
    assertContains(response, 'content="30"')  # no longer refreshing every two seconds


def test_a_document_being_made_offers_no_retry(
    client, secretaris, statute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind_key="statuut", obj=statute, by=secretaris)
    client.force_login(secretaris)

    response = client.get(status_url(document))

    assertContains(response, "In de wachtrij… Deze pagina ververst vanzelf.")
    assertNotContains(response, retry_url(document))


def test_retrying_a_waiting_document_renders_it(
    client, secretaris, never_ran, renders, django_capture_on_commit_callbacks
):
    client.force_login(secretaris)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(never_ran))

    assertRedirects(response, status_url(never_ran))
    never_ran.refresh_from_db()
    assert never_ran.status == Document.Status.READY
    assert renders.calls == 1


def test_asking_again_for_a_waiting_document_publishes_it_again(
    client, secretaris, statute, never_ran, renders, django_capture_on_commit_callbacks
):
    client.force_login(secretaris)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(request_url(statute, "statuut"))

    assert Document.objects.get() == never_ran
    never_ran.refresh_from_db()
    assert never_ran.status == Document.Status.READY


def test_a_document_left_rendering_by_a_dead_worker_can_be_retried(
    client, settings, secretaris, statute, renders, django_capture_on_commit_callbacks
):
    abandoned = rendering_since(statute, settings.DOCUMENT_STUCK_AFTER + 10)
    client.force_login(secretaris)

    page = client.get(status_url(abandoned))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry_url(abandoned))

    assertContains(page, "Het maken is onderbroken")
    abandoned.refresh_from_db()
    assert abandoned.status == Document.Status.READY
    assert renders.calls == 1


def test_a_render_in_progress_cannot_be_retried(client, secretaris, statute, renders):
    busy = rendering_since(statute, 5)
    client.force_login(secretaris)

    response = client.post(retry_url(busy), follow=True)

    assertContains(response, "Alleen een mislukt of vastgelopen document kan opnieuw")
    busy.refresh_from_db()
    assert busy.status == Document.Status.RENDERING
    assert renders.calls == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (Role.KETENSECRETARIS, HTTPStatus.FOUND),
    ],
)
def test_only_those_who_may_ask_for_the_concept_statute_may_retry_it(
    client, council, never_ran, renders, who, expected, django_capture_on_commit_callbacks
):
    user = person(council, who)
    if user is not None:
        client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(never_ran))

    assert response.status_code == expected
    if who == ANONYMOUS:
        assert response.url.startswith(reverse("account_login"))
    never_ran.refresh_from_db()
    assert (never_ran.status == Document.Status.READY) == (who == Role.KETENSECRETARIS)


def test_a_second_message_for_a_rendering_document_renders_nothing(statute, renders):
    busy = rendering_since(statute, 5)

    assert render_document(busy.pk) == "skipped"
    busy.refresh_from_db()
    assert busy.status == Document.Status.RENDERING
    assert renders.calls == 0


def test_a_redelivered_message_for_an_abandoned_render_renders_it(settings, statute, renders):
    abandoned = rendering_since(statute, settings.DOCUMENT_STUCK_AFTER + 10)

    assert render_document(abandoned.pk) == Document.Status.READY
    abandoned.refresh_from_db()
    assert abandoned.attempts == 1
    assert renders.calls == 1
