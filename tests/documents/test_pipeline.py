"""The PDF pipeline for the statute: request, background render, reuse, failure, retry."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg import documents, services
from ketenoverleg.documents import html_to_pdf as weasyprint
from ketenoverleg.models import Document, Role, Statute
from ketenoverleg.tasks import documents_reap_stuck, render_document
from tests.documents.helpers import (
    download_url,
    pdf_text,
    read_pdf,
    request_url,
    retry_url,
    status_url,
)
from tests.factories import user_with_role


@pytest.fixture
def secretaris(council):
    return user_with_role(council, Role.SECRETARIS)


@pytest.fixture
def statute(council, secretaris):
    return services.statute_new_version(council=council, by=secretaris)


@pytest.fixture
def request_pdf(django_capture_on_commit_callbacks, secretaris):
    """Ask for the statute PDF as the secretaris; the eager worker runs after the commit."""

    def request(statute: Statute) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document = services.document_request(kind_key="statuut", obj=statute, by=secretaris)
        document.refresh_from_db()
        return document

    return request


def test_request_answers_at_once_and_the_worker_makes_the_pdf(
    client, council, secretaris, statute, renders, django_capture_on_commit_callbacks
):
    client.force_login(secretaris)

    with django_capture_on_commit_callbacks() as after_commit:
        response = client.post(request_url(statute, "statuut"))

    document = Document.objects.get()
    assertRedirects(response, status_url(document))
    assert document.status == Document.Status.QUEUED
    assert not document.file
    pending = client.get(status_url(document))
    assertContains(pending, "Deze pagina ververst vanzelf.")
    assertContains(pending, '<meta http-equiv="refresh" content="2">')

    for callback in after_commit:  # the worker picks the job up
        callback()

    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.attempts == 1
    assert document.finished_at is not None
    assert renders.calls == 1
    ready = client.get(status_url(document))
    assertContains(ready, "De PDF is klaar.")
    assertContains(ready, download_url(document))
    assertNotContains(ready, 'http-equiv="refresh"')


def test_statute_pdf_has_the_articles_running_header_and_page_numbers(
    council, statute, request_pdf
):
    text = pdf_text(request_pdf(statute))

    assert "Statuut van Betonketenoverleg Groningen" in text
    assert "Versie 1 (concept)" in text
    assert "Artikel 1. Naam" in text
    for article in statute.articles.all():
        assert f"Artikel {article.number}. {article.title}" in text
    assert "Artikel 17. Wijziging van het statuut" in text
    assert "Pagina 1 van" in text
    assert "Statuut Betonketenoverleg Groningen, versie 1" in text  # running header


def test_statute_pdf_is_titled_tagged_and_embeds_its_fonts(statute, request_pdf):
    reader = read_pdf(request_pdf(statute))

    assert reader.metadata.title == "Statuut Betonketenoverleg Groningen, versie 1"
    assert reader.metadata.author == "Betonketenoverleg Groningen"
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "nl"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_download_serves_the_pdf_under_a_readable_name(client, secretaris, statute, request_pdf):
    document = request_pdf(statute)
    client.force_login(secretaris)

    response = client.get(download_url(document))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="statuut-betonketenoverleg-groningen-versie-1.pdf"'
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_unchanged_content_reuses_the_ready_document_without_rendering(
    statute, request_pdf, renders
):
    first = request_pdf(statute)

    again = request_pdf(statute)

    assert again.pk == first.pk
    assert again.status == Document.Status.READY
    assert renders.calls == 1
    assert Document.objects.count() == 1


def test_changed_article_makes_a_new_document(statute, request_pdf, renders):
    first = request_pdf(statute)
    statute.articles.filter(number=1).update(title="Naam en afkorting")

    second = request_pdf(statute)

    assert second.pk != first.pk
    assert second.content_hash != first.content_hash
    assert second.status == Document.Status.READY
    assert renders.calls == 2
    assert "Artikel 1. Naam en afkorting" in pdf_text(second)
    assert services.document_for("statuut", statute) == second


def test_ready_twin_with_the_same_content_is_reused_without_rendering(
    council, statute, request_pdf, renders
):
    ready = request_pdf(statute)
    twin = Document.objects.create(
        kind="statuut",
        council=council,
        content_type=ContentType.objects.get_for_model(Statute),
        object_id=statute.pk,
        title=ready.title,
        content_hash=ready.content_hash,
    )

    render_document(twin.pk)

    twin.refresh_from_db()
    assert twin.status == Document.Status.READY
    assert twin.file.name == ready.file.name
    assert renders.calls == 1


@pytest.fixture
def broken_renderer(monkeypatch):
    def html_to_pdf(html):
        raise RuntimeError("kapot")

    monkeypatch.setattr(documents, "html_to_pdf", html_to_pdf)


def test_failed_render_shows_the_reason_and_a_retry_button(
    client, secretaris, statute, request_pdf, broken_renderer
):
    document = request_pdf(statute)
    client.force_login(secretaris)

    response = client.get(status_url(document))

    assert document.status == Document.Status.FAILED
    assert document.error == "Het document kon niet worden opgemaakt: kapot"
    assertContains(response, "Het maken van de PDF is mislukt.")
    assertContains(response, "Het document kon niet worden opgemaakt: kapot")
    assertContains(response, f'action="{retry_url(document)}"')
    assertContains(response, "Opnieuw proberen")
    assertNotContains(response, download_url(document))


def test_retry_after_a_failure_ends_ready(
    client,
    monkeypatch,
    secretaris,
    statute,
    request_pdf,
    broken_renderer,
    django_capture_on_commit_callbacks,
):
    document = request_pdf(statute)
    monkeypatch.setattr(documents, "html_to_pdf", weasyprint)  # the cause is fixed
    client.force_login(secretaris)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(document))

    assertRedirects(response, status_url(document))
    document.refresh_from_db()
    assert document.status == Document.Status.READY
    assert document.error == ""
    assert document.attempts == 2
    assert "Artikel 1. Naam" in pdf_text(document)


def test_retry_of_a_ready_document_is_refused_with_a_message(
    client, secretaris, statute, request_pdf, renders
):
    document = request_pdf(statute)
    client.force_login(secretaris)

    response = client.post(retry_url(document), follow=True)

    assertContains(
        response,
        "Alleen een mislukt of vastgelopen document kan opnieuw worden gemaakt; "
        "dit document is klaar.",
    )
    assert renders.calls == 1


def test_document_of_a_deleted_object_fails_with_the_reason(
    council, secretaris, statute, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind_key="statuut", obj=statute, by=secretaris)
    statute.delete()

    render_document(document.pk)

    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "bestaat niet meer" in document.error
    assert renders.calls == 0


def _rendering_since(council, statute, started_at) -> Document:
    return Document.objects.create(
        kind="statuut",
        council=council,
        content_type=ContentType.objects.get_for_model(Statute),
        object_id=statute.pk,
        title="Statuut",
        status=Document.Status.RENDERING,
        started_at=started_at,
    )


def test_reaper_queues_documents_left_rendering_by_a_dead_worker_again(
    settings, council, statute, renders
):
    now = timezone.now()
    stuck = _rendering_since(
        council, statute, now - timedelta(seconds=settings.DOCUMENT_STUCK_AFTER + 60)
    )
    busy = _rendering_since(council, statute, now - timedelta(seconds=5))

    reaped = documents_reap_stuck()

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert reaped == 1
    assert stuck.status == Document.Status.READY  # rendered again (in-process here)
    assert renders.calls == 1
    assert busy.status == Document.Status.RENDERING


def test_reaper_fails_a_document_whose_workers_died_on_every_attempt(
    settings, council, statute, renders
):
    stuck = _rendering_since(
        council, statute, timezone.now() - timedelta(seconds=settings.DOCUMENT_STUCK_AFTER + 60)
    )
    Document.objects.filter(pk=stuck.pk).update(attempts=settings.DOCUMENT_MAX_ATTEMPTS)

    reaped = documents_reap_stuck()

    stuck.refresh_from_db()
    assert reaped == 1
    assert stuck.status == Document.Status.FAILED
    assert "probeer het opnieuw" in stuck.error
    assert renders.calls == 0


def test_a_killed_worker_returns_the_job_to_the_queue_and_a_hang_is_cut_off():
    assert render_document.acks_late is True
    assert render_document.reject_on_worker_lost is True
    assert render_document.time_limit
    assert render_document.soft_time_limit < render_document.time_limit
