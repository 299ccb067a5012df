"""Public documents (issue 14 point 5, issue 15 point 5).

The fingerprint comes from the data's versions, never from rendering; the adopted
statute, an intentieverklaring open for signing and public minutes are made when they
are published or change; anyone downloads them with a plain link; no anonymous request
creates or queues a document again.
"""

import threading
from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from actionpackages import services as package_services
from ketenoverleg import documents, outbox, services
from ketenoverleg.models import Document, Role
from meetings import services as meeting_services
from meetings.models import Minutes
from tests.actionpackages.factories import open_package, sign_for, signer
from tests.documents.factories import (
    MeetingFactory,
    MinutesFactory,
    StatuteArticleFactory,
    StatuteFactory,
)
from tests.documents.helpers import download_url, request_url, retry_url, status_url
from tests.factories import UserFactory, user_with_role


def fingerprint(kind: str, obj) -> str:
    return documents.content_hash(documents.get_kind(kind), obj)


def refuse_rendering(monkeypatch):
    """From here on any HTML render or PDF layout fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("rendered while only a fingerprint was asked for")

    monkeypatch.setattr(documents, "render_html", refuse)
    monkeypatch.setattr(documents, "html_to_pdf", refuse)


@pytest.fixture
def statute(council):
    statute = StatuteFactory(council=council, version=1)
    StatuteArticleFactory(statute=statute, number=1, title="Naam", body="De naam is X.")
    return statute


def package_page(package) -> str:
    return package.get_absolute_url()


def statute_page(statute) -> str:
    return reverse(
        "statute_detail", kwargs={"slug": statute.council.slug, "version": statute.version}
    )


# The fingerprint ---------------------------------------------------------------------


def test_the_fingerprint_renders_nothing(council, statute, fake_renderer, monkeypatch):
    package = open_package(council)
    meeting = MeetingFactory(council=council, is_public=True)
    MinutesFactory(meeting=meeting)
    refuse_rendering(monkeypatch)

    for kind, obj in [
        ("statuut", statute),
        ("ledenlijst", council),
        ("notulen", meeting),
        ("intentieverklaring", package),
        ("consultatieverslag", package),
    ]:
        assert len(fingerprint(kind, obj)) == 64


def test_asking_for_a_pdf_renders_nothing_in_the_request(
    council, statute, monkeypatch, django_capture_on_commit_callbacks
):
    refuse_rendering(monkeypatch)
    with django_capture_on_commit_callbacks(execute=False):
        document = services.document_request(kind_key="statuut", obj=statute, by=None)

    assert document.status == Document.Status.QUEUED
    assert document.content_hash == fingerprint("statuut", statute)


def test_the_declaration_fingerprint_follows_signatures(council, fake_renderer):
    package = open_package(council)
    before = fingerprint("intentieverklaring", package)
    assert fingerprint("intentieverklaring", package) == before

    user, organisation = signer(council, ["aanbod"])
    signature = sign_for(package, user, organisation)
    signed = fingerprint("intentieverklaring", package)
    assert signed != before

    package_services.signature_withdraw(signature=signature, reason="Vergissing", by=user)
    # Withdrawn: the declaration says again what it said before anyone signed.
    assert fingerprint("intentieverklaring", package) == before


def test_the_declaration_fingerprint_takes_the_same_queries_at_any_size(
    council, fake_renderer, django_assert_max_num_queries
):
    package = open_package(council)
    for n in range(3):
        user, organisation = signer(council, ["aanbod"], name=f"Org {n}")
        sign_for(package, user, organisation)

    with django_assert_max_num_queries(5):
        fingerprint("intentieverklaring", package)


def test_the_statute_fingerprint_follows_its_articles(statute):
    before = fingerprint("statuut", statute)
    article = statute.articles.get()
    article.body = "De naam is Y."
    article.save()

    assert fingerprint("statuut", statute) != before


# Made when published or changed --------------------------------------------------------


def test_adopting_the_statute_makes_its_pdf_for_anyone(
    client, council, statute, fake_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.statute_adopt(
            statute=statute,
            adopted_on=date(2024, 3, 14),
            by=user_with_role(council, Role.SECRETARIS),
        )

    document = Document.objects.get(kind="statuut")
    assert document.status == Document.Status.READY
    assert document.is_public
    page = client.get(statute_page(statute)).content.decode()
    assert download_url(document) in page
    assert "PDF maken" not in page and "PDF bijwerken" not in page
    assert request_url(statute, "statuut") not in page
    assert client.get(download_url(document)).status_code == HTTPStatus.OK


def test_opening_a_package_makes_its_declaration_for_anyone(
    client, council, fake_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = open_package(council)

    document = Document.objects.get(kind="intentieverklaring")
    assert document.status == Document.Status.READY
    response = client.get(package_page(package))
    page = response.content.decode()
    assert download_url(document) in page
    assert "PDF maken" not in page and "PDF bijwerken" not in page
    assert client.get(download_url(document)).status_code == HTTPStatus.OK


def test_signing_makes_the_declaration_again(
    client, council, fake_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = open_package(council)
    first = Document.objects.get(kind="intentieverklaring")
    user, organisation = signer(council, ["aanbod"], name="Bouwbedrijf Noord")

    with django_capture_on_commit_callbacks(execute=True):
        sign_for(package, user, organisation)

    newest = Document.objects.filter(kind="intentieverklaring").latest("created_at")
    assert newest.pk != first.pk
    assert newest.status == Document.Status.READY
    assert newest.content_hash == fingerprint("intentieverklaring", package)
    # The older file no longer says what the package says: it is not served any more.
    assert client.get(download_url(first)).status_code == HTTPStatus.FOUND
    assert client.get(download_url(newest)).status_code == HTTPStatus.OK


def test_signatures_while_a_render_waits_make_one_render(
    council, fake_renderer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = open_package(council)
    first = Document.objects.get(kind="intentieverklaring")

    with django_capture_on_commit_callbacks(execute=False):  # no worker gets to it
        for n in range(3):
            user, organisation = signer(council, ["aanbod"], name=f"Org {n}")
            sign_for(package, user, organisation)
            services.document_request(kind_key="intentieverklaring", obj=package, by=None)

    waiting = Document.objects.exclude(pk=first.pk).get(kind="intentieverklaring")
    assert waiting.status == Document.Status.QUEUED
    assert waiting.content_hash == fingerprint("intentieverklaring", package)


def test_publishing_public_minutes_makes_their_pdf(
    council, fake_renderer, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council, is_public=True)
    minutes = MinutesFactory(meeting=meeting, status=Minutes.Status.VASTGESTELD, published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.minutes_publish(
            minutes=minutes, by=user_with_role(council, Role.SECRETARIS)
        )

    document = Document.objects.get(kind="notulen")
    assert document.status == Document.Status.READY
    assert document.is_public


def test_publishing_members_only_minutes_makes_no_public_pdf(council, fake_renderer):
    meeting = MeetingFactory(council=council, is_public=False)
    minutes = MinutesFactory(meeting=meeting, status=Minutes.Status.VASTGESTELD, published_at=None)

    meeting_services.minutes_publish(minutes=minutes, by=user_with_role(council, Role.SECRETARIS))

    assert not Document.objects.filter(kind="notulen").exists()


# Who may ask --------------------------------------------------------------------------


def test_a_signed_in_reader_sees_the_button(client, council, statute, fake_renderer):
    services.statute_adopt(
        statute=statute, adopted_on=date(2024, 3, 14), by=user_with_role(council, Role.SECRETARIS)
    )
    client.force_login(UserFactory())

    page = client.get(statute_page(statute)).content.decode()

    assert request_url(statute, "statuut") in page


def test_no_anonymous_request_creates_or_queues_a_document(
    client, council, statute, fake_renderer, django_capture_on_commit_callbacks
):
    secretary = user_with_role(council, Role.SECRETARIS)
    with django_capture_on_commit_callbacks(execute=True):
        services.statute_adopt(statute=statute, adopted_on=date(2024, 3, 14), by=secretary)
        package = open_package(council)
    meeting = MeetingFactory(council=council, is_public=True)
    MinutesFactory(meeting=meeting)
    ready = Document.objects.get(kind="statuut")
    failed = services.document_request(kind_key="notulen", obj=meeting, by=secretary)
    Document.objects.filter(pk=failed.pk).update(status=Document.Status.FAILED, error="kapot")
    stuck = services.document_request(kind_key="ledenlijst", obj=council, by=secretary)
    Document.objects.filter(pk=stuck.pk).update(
        status=Document.Status.QUEUED, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    # The package changed since its PDF: a stale declaration.
    user, organisation = signer(council, ["aanbod"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "document_request", lambda **kwargs: None)
        patch.setattr(package_services, "document_request", lambda **kwargs: None)
        sign_for(package, user, organisation)
    stale = Document.objects.get(kind="intentieverklaring")
    before = list(Document.objects.order_by("pk").values_list("pk", "status", "updated_at"))

    for url in [
        statute_page(statute),
        package_page(package),
        meeting.get_absolute_url(),
        reverse("members:ledenlijst", kwargs={"slug": council.slug}),
        *(status_url(d) for d in (ready, failed, stuck, stale)),
        *(download_url(d) for d in (ready, failed, stuck, stale)),
    ]:
        response = client.get(url)
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}, url
        assert not response.cookies, url  # no form, no message: nothing set for visitors
    for url in [
        request_url(statute, "statuut"),
        request_url(package, "intentieverklaring"),
        request_url(meeting, "notulen"),
        reverse(
            "document_request",
            kwargs={"slug": council.slug, "kind": "ledenlijst", "object_id": council.pk},
        ),
        *(retry_url(d) for d in (failed, stuck)),
    ]:
        response = client.post(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response["Location"].startswith(reverse("account_login")), url

    after = list(Document.objects.order_by("pk").values_list("pk", "status", "updated_at"))
    assert after == before


def test_anonymous_visitors_see_no_retry_on_a_failed_document(
    client, council, statute, django_capture_on_commit_callbacks
):
    secretary = user_with_role(council, Role.SECRETARIS)
    with (
        pytest.MonkeyPatch.context() as patch,
        django_capture_on_commit_callbacks(execute=True),
    ):
        patch.setattr(documents, "html_to_pdf", lambda html: (_ for _ in ()).throw(ValueError))
        services.statute_adopt(statute=statute, adopted_on=date(2024, 3, 14), by=secretary)
    document = Document.objects.get(kind="statuut")
    assert document.status == Document.Status.FAILED

    page = client.get(status_url(document)).content.decode()

    assert retry_url(document) not in page
    client.force_login(secretary)
    assert retry_url(document) in client.get(status_url(document)).content.decode()


# Embedded mode: the render runs in a thread --------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_embedded_mode_answers_at_once_and_renders_in_a_thread(client, settings, monkeypatch):
    from tests.factories import CouncilFactory

    settings.TASKS_IN_THREAD = True
    council = CouncilFactory(slug="thread-council")
    statute = StatuteFactory(council=council, version=1, adopted_on=date(2024, 3, 14))
    StatuteArticleFactory(statute=statute)
    go = threading.Event()

    def slow(html):
        assert go.wait(10), "the test never let the render go"
        return b"%PDF-1.7\n%%EOF\n"

    monkeypatch.setattr(documents, "html_to_pdf", slow)
    client.force_login(UserFactory())

    response = client.post(request_url(statute, "statuut"))

    document = Document.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == status_url(document)
    assert document.status in {Document.Status.QUEUED, Document.Status.RENDERING}
    page = client.get(status_url(document)).content.decode()
    assert 'http-equiv="refresh"' in page
    go.set()
    outbox.wait_for_background()
    document.refresh_from_db()
    assert document.status == Document.Status.READY


# The demo --------------------------------------------------------------------------------


def test_visitors_download_the_demo_statute_and_declaration_with_one_click(
    db, client, fake_renderer, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from actionpackages.models import Package
    from ketenoverleg.models import Ketenoverleg

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    council = Ketenoverleg.objects.get(slug="beton-groningen")
    statute = council.statutes.get(adopted_on__isnull=False)
    package = Package.objects.filter(council=council, status=Package.Status.LOPEND).first()
    documents_before = Document.objects.count()

    for page, kind, obj in [
        (statute_page(statute), "statuut", statute),
        (package_page(package), "intentieverklaring", package),
    ]:
        response = client.get(page)
        document = Document.objects.filter(kind=kind, object_id=obj.pk).latest("created_at")
        assert download_url(document) in response.content.decode(), kind
        download = client.get(download_url(document))
        assert download.status_code == HTTPStatus.OK, kind
        assert download["Content-Type"] == "application/pdf"
    assert Document.objects.count() == documents_before
