"""Who may see which PDF: the council's secretariat, its members, or everyone."""

from datetime import date
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from ketenoverleg import services
from ketenoverleg import settings as project_settings
from ketenoverleg.models import Document, Role
from tests.documents.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    StatuteArticleFactory,
    StatuteFactory,
)
from tests.documents.helpers import download_url, request_url, status_url
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    person,
)


@pytest.fixture
def make_pdf(django_capture_on_commit_callbacks, fake_renderer):
    """A ready document for ``obj``, made through the ordinary request service."""

    def make(kind: str, obj) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document = services.document_request(kind_key=kind, obj=obj, by=None)
        document.refresh_from_db()
        assert document.status == Document.Status.READY
        return document

    return make


@pytest.fixture
def concept_statute(council):
    statute = StatuteFactory(council=council, version=2)
    StatuteArticleFactory(statute=statute, number=1, title="Naam")
    return statute


@pytest.fixture
def adopted_statute(council):
    statute = StatuteFactory(council=council, version=1, adopted_on=date(2024, 3, 14))
    StatuteArticleFactory(statute=statute, number=1, title="Naam")
    return statute


def login_as(client, council, who):
    user = person(council, who)
    if user is not None:
        client.force_login(user)
    return user


def assert_login_redirect(response, url):
    assertRedirects(
        response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False
    )


URLS = {"status": status_url, "download": download_url}


@pytest.mark.parametrize("page", ["status", "download"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (KERNTEAMLID, HTTPStatus.FORBIDDEN),
        (Role.SECRETARIS, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
        (Role.VOORZITTER, HTTPStatus.OK),
    ],
)
def test_concept_statute_pdf_only_for_the_secretariat(
    client, council, concept_statute, make_pdf, page, who, expected
):
    document = make_pdf("statuut", concept_statute)
    assert document.is_public is False
    login_as(client, council, who)
    url = URLS[page](document)

    response = client.get(url)

    assert response.status_code == expected
    if who == ANONYMOUS:
        assert_login_redirect(response, url)


def test_secretaris_downloads_the_concept_pdf(client, council, concept_statute, make_pdf):
    document = make_pdf("statuut", concept_statute)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.get(download_url(document))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("who", [ANONYMOUS, OUTSIDER, SECRETARY_ELSEWHERE, MEMBER])
def test_adopted_statute_pdf_is_downloadable_by_anyone(
    client, council, adopted_statute, make_pdf, who
):
    document = make_pdf("statuut", adopted_statute)
    login_as(client, council, who)

    response = client.get(download_url(document))

    assert document.is_public is True
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("page", ["status", "download"])
def test_document_of_one_council_is_not_found_under_another(
    client, council, adopted_statute, make_pdf, page
):
    document = make_pdf("statuut", adopted_statute)
    other = CouncilFactory(slug="hout-drenthe")
    client.force_login(user_with_role(other, Role.SECRETARIS))

    response = client.get(URLS[page](document, council=other))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def members_only_meeting(council):
    meeting = MeetingFactory(council=council, title="Besloten kernteamoverleg", is_public=False)
    AgendaItemFactory(meeting=meeting, title="Vertrouwelijke offerte")
    return meeting


@pytest.mark.parametrize("page", ["status", "download"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.OK),
        (KERNTEAMLID, HTTPStatus.OK),
    ],
)
def test_minutes_of_a_members_only_meeting_only_for_insiders(
    client, council, members_only_meeting, make_pdf, page, who, expected
):
    document = make_pdf("notulen", members_only_meeting)
    login_as(client, council, who)

    response = client.get(URLS[page](document))

    assert document.is_public is False
    assert response.status_code == expected


def test_meeting_made_members_only_takes_its_old_pdf_offline(client, council, make_pdf):
    meeting = MeetingFactory(council=council, title="Kernteamoverleg", is_public=True)
    MinutesFactory(meeting=meeting)
    document = make_pdf("notulen", meeting)
    assert document.is_public is True
    meeting.is_public = False
    meeting.save()

    response = client.get(download_url(document))

    assert_login_redirect(response, download_url(document))


# Asking for a PDF ---------------------------------------------------------------------


def test_request_for_an_unknown_kind_is_not_found(client, council, adopted_statute):
    client.force_login(UserFactory())

    response = client.post(request_url(adopted_statute, "jaarverslag"))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Document.objects.exists()


def test_request_for_a_missing_object_is_not_found(client, council, adopted_statute):
    url = reverse(
        "document_request",
        kwargs={"slug": council.slug, "kind": "statuut", "object_id": adopted_statute.pk + 99},
    )
    client.force_login(UserFactory())

    response = client.post(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Document.objects.exists()


def test_request_for_an_object_of_another_council_is_not_found(client, council):
    other = CouncilFactory(slug="hout-drenthe")
    statute = StatuteFactory(council=other, adopted_on=date(2024, 3, 14))
    StatuteArticleFactory(statute=statute)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(request_url(statute, "statuut", council=council))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Document.objects.exists()


def test_anonymous_request_for_a_concept_statute_must_log_in(client, council, concept_statute):
    url = request_url(concept_statute, "statuut")

    response = client.post(url)

    assert_login_redirect(response, url)
    assert not Document.objects.exists()


def test_outsider_request_for_a_concept_statute_is_refused(client, council, concept_statute):
    client.force_login(UserFactory())

    response = client.post(request_url(concept_statute, "statuut"))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Document.objects.exists()


def test_anonymous_request_for_the_adopted_statute_starts_no_render(
    client, council, adopted_statute
):
    url = request_url(adopted_statute, "statuut")

    response = client.post(url)

    assert_login_redirect(response, url)
    assert not Document.objects.exists()


def test_a_signed_in_reader_may_request_the_adopted_statute(
    client, council, adopted_statute, fake_renderer, django_capture_on_commit_callbacks
):
    reader = UserFactory()
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(adopted_statute, "statuut"))

    document = Document.objects.get()
    assertRedirects(response, status_url(document))
    assert document.requested_by == reader
    client.logout()
    assert client.get(download_url(document)).status_code == HTTPStatus.OK


# No way around the views --------------------------------------------------------------


def test_pdfs_are_stored_outside_media_without_a_public_url():
    options = project_settings.STORAGES["documents"]["OPTIONS"]

    assert options["base_url"] is None
    location = Path(options["location"]).resolve()
    assert not location.is_relative_to(Path(project_settings.MEDIA_ROOT).resolve())


def test_pdf_file_is_not_served_under_media_url(client, council, concept_statute, make_pdf):
    document = make_pdf("statuut", concept_statute)

    response = client.get(f"/{settings.MEDIA_URL.strip('/')}/{document.file.name}")

    assert not Path(document.file.path).is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_ledenlijst_pdf_is_withdrawn_when_a_member_leaves_the_list(client, council, make_pdf):
    from members import services as member_services
    from tests.members.factories import MembershipFactory

    membership = MembershipFactory(council=council)
    document = make_pdf("ledenlijst", council)
    assert client.get(download_url(document)).status_code == HTTPStatus.OK

    member_services.listing_consent_withdraw(membership=membership, by=None)

    response = client.get(download_url(document))
    assertRedirects(response, status_url(document))
    page = client.get(status_url(document))
    assert "Deze PDF is verouderd" in page.content.decode()
    fresh = make_pdf("ledenlijst", council)
    assert fresh.pk != document.pk
    assert client.get(download_url(fresh)).status_code == HTTPStatus.OK
