"""Who may read which library document, by its page, its file, the library's search,
the site search and the sitemap; and the forms of the people who keep the library."""

from datetime import date
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.models import Role
from library.models import Access, LibraryDocument, LibraryFile
from tests.actionpackages.factories import PackageFactory
from tests.factories import CouncilFactory, user_with_role
from tests.library.factories import add_document, pdf_upload, png_upload
from tests.meetings.factories import MeetingFactory
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    person,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN = HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.FORBIDDEN
WHO = [
    ANONYMOUS,
    OUTSIDER,
    MEMBER_ELSEWHERE,
    SECRETARY_ELSEWHERE,
    MEMBER,
    KERNTEAMLID,
    Role.SECRETARIS,
    Role.KETENSECRETARIS,
    Role.KWARTIERMAKER,
]
# Per access level: who gets the page and the file (200), who is sent to log in (302),
# who is refused (403).
EXPECTED = {
    Access.PUBLIC: dict.fromkeys(WHO, OK),
    Access.MEMBERS: {
        ANONYMOUS: LOGIN,
        OUTSIDER: FORBIDDEN,
        MEMBER_ELSEWHERE: FORBIDDEN,
        SECRETARY_ELSEWHERE: FORBIDDEN,
        MEMBER: OK,
        KERNTEAMLID: OK,
        Role.SECRETARIS: OK,
        Role.KETENSECRETARIS: OK,
        Role.KWARTIERMAKER: OK,
    },
    Access.KERNTEAM: {
        ANONYMOUS: LOGIN,
        OUTSIDER: FORBIDDEN,
        MEMBER_ELSEWHERE: FORBIDDEN,
        SECRETARY_ELSEWHERE: FORBIDDEN,
        MEMBER: FORBIDDEN,
        KERNTEAMLID: OK,
        Role.SECRETARIS: OK,
        Role.KETENSECRETARIS: OK,
        Role.KWARTIERMAKER: OK,
    },
}
MATRIX = [
    (level, who, expected) for level, row in EXPECTED.items() for who, expected in row.items()
]
TITLES = {
    Access.PUBLIC: "Nulmeting granulaat",
    Access.MEMBERS: "Verslag kernteam maart",
    Access.KERNTEAM: "Notitie kandidaten voorzitter",
}


@pytest.fixture
def documents(council):
    """One document per level; all three mention "granulaat" in their text."""
    return {
        level: add_document(
            council,
            title=title,
            access=level,
            upload=pdf_upload(f"{title}: granulaat"),
            tags=["granulaat"],
        )
        for level, title in TITLES.items()
    }


def login(client, council, who):
    user = person(council, who)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize(("level", "who", "expected"), MATRIX)
@pytest.mark.parametrize("page", ["document", "download", "version_download"])
def test_a_document_and_its_file_only_for_its_readers(
    client, council, documents, page, level, who, expected
):
    document = documents[level]
    login(client, council, who)
    if page == "version_download":
        page_url = reverse(f"library:{page}", args=[council.slug, document.pk, 1])
    else:
        page_url = reverse(f"library:{page}", args=[council.slug, document.pk])

    response = client.get(page_url)

    assert response.status_code == expected
    if expected == LOGIN:
        assertRedirects(
            response, f"{reverse('account_login')}?next={page_url}", fetch_redirect_response=False
        )
    if expected == OK and page != "document":
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["X-Content-Type-Options"] == "nosniff"
        private = level != Access.PUBLIC
        assert ("no-store" in response["Cache-Control"]) is private


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("query", ["", "granulaat"])
def test_the_library_lists_and_finds_only_what_the_reader_may_open(
    client, council, documents, who, query
):
    login(client, council, who)

    response = client.get(reverse("library:list", args=[council.slug]), {"q": query})

    assert response.status_code == OK
    readable = {level for level, row in EXPECTED.items() if row[who] == OK}
    assert {d.access for d in response.context["documents"]} == readable
    for level, title in TITLES.items():
        if level in readable:
            assertContains(response, title)
        else:
            assertNotContains(response, title)


@pytest.mark.parametrize("who", [ANONYMOUS, MEMBER, Role.SECRETARIS])
def test_the_site_search_finds_only_public_documents(client, council, documents, who):
    login(client, council, who)

    response = client.get(reverse("search", args=[council.slug]), {"q": "granulaat"})

    assert response.context["results"]["documents"] == [documents[Access.PUBLIC]]
    assertNotContains(response, TITLES[Access.MEMBERS])
    assertNotContains(response, TITLES[Access.KERNTEAM])


def test_the_sitemap_lists_public_documents_only(client, council, documents):
    response = client.get(reverse("sitemap"))

    content = response.content.decode()
    assert documents[Access.PUBLIC].get_absolute_url() in content
    assert documents[Access.MEMBERS].get_absolute_url() not in content
    assert documents[Access.KERNTEAM].get_absolute_url() not in content
    assert reverse("library:list", args=[council.slug]) in content


def test_a_document_of_another_council_or_unknown_is_not_found(client, council, documents):
    other = CouncilFactory(slug="hout-drenthe")
    client.force_login(user_with_role(other, Role.SECRETARIS))
    document = documents[Access.PUBLIC]

    for name in ["document", "download"]:
        assert (
            client.get(reverse(f"library:{name}", args=[other.slug, document.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse(f"library:{name}", args=[council.slug, 999999])).status_code == 404
        )
    missing_version = reverse("library:version_download", args=[council.slug, document.pk, 7])
    assert client.get(missing_version).status_code == 404


def test_a_file_missing_from_the_storage_is_not_found(client, council, documents):
    document = documents[Access.PUBLIC]
    document.current.file.storage.delete(document.current.file.name)

    assert client.get(document.get_download_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_refused_edit_keeps_the_title_on_the_page(client, council, documents):
    document = documents[Access.MEMBERS]
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("library:edit", args=[council.slug, document.pk]), form_data(title="x" * 201)
    )

    assert "title" in response.context["form"].errors
    assertContains(response, f"{document.title} bewerken")


def test_the_files_are_not_under_the_media_url(client, council, documents):
    record = documents[Access.KERNTEAM].current

    response = client.get(f"/{settings.MEDIA_URL.strip('/')}/{record.file.name}")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Path(record.file.path).is_relative_to(Path(settings.MEDIA_ROOT).resolve())


# Keeping the library ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (MEMBER, FORBIDDEN),
        (SECRETARY_ELSEWHERE, FORBIDDEN),
        (KERNTEAMLID, OK),
        (Role.SECRETARIS, OK),
        (Role.KETENSECRETARIS, OK),
    ],
)
def test_who_may_add_documents(client, council, who, expected):
    login(client, council, who)

    assert client.get(reverse("library:create", args=[council.slug])).status_code == expected


def form_data(**extra):
    return {
        "title": "Marktverkenning puinbrekers",
        "kind": LibraryDocument.Kind.REPORT,
        "document_date": "2012-09-20",
        "access": Access.MEMBERS,
        "description": "Hoeveel granulaat de brekers kunnen leveren.",
        "tags": "puinbrekers, granulaat, Puinbrekers",
        **extra,
    }


def test_the_secretary_adds_a_document_linked_to_a_package(client, council):
    package = PackageFactory(council=council, status="lopend")
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("library:create", args=[council.slug]),
        form_data(file=pdf_upload(), packages=[package.pk]),
    )

    document = LibraryDocument.objects.get()
    assertRedirects(response, document.get_absolute_url())
    assert sorted(t.name for t in document.tags.all()) == ["granulaat", "puinbrekers"]
    assert list(document.packages.all()) == [package]
    # The package's page (a lower floor) lists it for members, not for the public.
    assertContains(client.get(package.get_absolute_url()), document.get_absolute_url())
    client.logout()
    assertNotContains(client.get(package.get_absolute_url()), document.get_absolute_url())


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"file": SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00")}, "file"),
        ({"file": pdf_upload(name="foto.jpg")}, "file"),
        ({}, "file"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 2001}, "description"),
        ({"document_date": "1850-01-01"}, "document_date"),
        ({"document_date": "2150-01-01"}, "document_date"),
        ({"document_date": "0001-01-01"}, "document_date"),
        ({"access": "iedereen"}, "access"),
        ({"tags": "x" * 51}, "tags"),
        ({"tags": ",".join(f"t{i}" for i in range(11))}, "tags"),
        ({"packages": ["999999"]}, "packages"),
    ],
)
def test_bad_input_says_why_at_the_field_and_keeps_nothing(client, council, extra, field):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    data = form_data(**extra)
    if field != "file" or "file" in extra:
        data.setdefault("file", pdf_upload())

    response = client.post(reverse("library:create", args=[council.slug]), data)

    assert response.status_code == OK
    assert field in response.context["form"].errors
    assert not LibraryDocument.objects.exists()
    assert not LibraryFile.objects.exists()


def test_a_package_of_another_council_cannot_be_linked(client, council):
    elsewhere = PackageFactory(council=CouncilFactory())
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("library:create", args=[council.slug]),
        form_data(file=pdf_upload(), packages=[elsewhere.pk]),
    )

    assert "packages" in response.context["form"].errors
    assert not LibraryDocument.objects.exists()


def test_a_new_version_is_added_and_the_old_stays_downloadable(client, council, documents):
    document = documents[Access.MEMBERS]
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    response = client.post(
        reverse("library:version_add", args=[council.slug, document.pk]),
        {"file": pdf_upload("Tweede versie", name="verslag-v2.pdf"), "note": "Typefouten"},
    )

    assertRedirects(response, document.get_absolute_url())
    document.refresh_from_db()
    assert document.current.version == 2
    old = client.get(reverse("library:version_download", args=[council.slug, document.pk, 1]))
    assert old.status_code == OK
    new = client.get(document.get_download_url())
    assert 'filename="verslag-v2.pdf"' in new["Content-Disposition"]


def test_a_bad_version_says_why_at_the_field(client, council, documents):
    document = documents[Access.MEMBERS]
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("library:version_add", args=[council.slug, document.pk]),
        {"file": SimpleUploadedFile("v2.pdf", b"not a pdf"), "note": "x"},
    )

    assert response.status_code == OK
    assert "file" in response.context["version_form"].errors
    assert document.files.count() == 1


@pytest.mark.parametrize(("who", "expected"), [(MEMBER, FORBIDDEN), (ANONYMOUS, LOGIN)])
def test_readers_cannot_add_versions_or_edit(client, council, documents, who, expected):
    document = documents[Access.MEMBERS]
    login(client, council, who)

    version = client.post(
        reverse("library:version_add", args=[council.slug, document.pk]), {"file": pdf_upload()}
    )
    edit = client.get(reverse("library:edit", args=[council.slug, document.pk]))

    assert version.status_code == expected
    assert edit.status_code == expected
    assert document.files.count() == 1


def test_the_secretary_makes_a_document_public(client, council, documents):
    document = documents[Access.KERNTEAM]
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        reverse("library:edit", args=[council.slug, document.pk]),
        form_data(title=document.title, access=Access.PUBLIC, document_date="2012-02-06"),
    )

    assertRedirects(response, document.get_absolute_url())
    client.logout()
    assert client.get(document.get_download_url()).status_code == OK


@pytest.mark.parametrize(
    ("who", "expected"), [(KERNTEAMLID, FORBIDDEN), (Role.SECRETARIS, HTTPStatus.FOUND)]
)
def test_only_the_secretariat_deletes(
    client, council, documents, who, expected, django_capture_on_commit_callbacks
):
    document = documents[Access.MEMBERS]
    login(client, council, who)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:delete", args=[council.slug, document.pk]))

    assert response.status_code == expected
    assert LibraryDocument.objects.filter(pk=document.pk).exists() is (expected == FORBIDDEN)


def test_a_photo_is_shown_on_its_page(client, council):
    document = add_document(
        council,
        title="Proefstort",
        kind=LibraryDocument.Kind.PHOTO,
        upload=png_upload(),
        document_date=date(2012, 6, 8),
    )

    response = client.get(document.get_absolute_url())

    assertContains(response, f'<img class="library-photo" src="{document.get_download_url()}"')
    assert client.get(document.get_download_url())["Content-Type"] == "image/png"


def test_a_document_linked_to_a_project_and_a_meeting_is_listed_on_their_pages(client, council):
    project = ProjectFactory(council=council)
    meeting = MeetingFactory(council=council)
    secretary = user_with_role(council, Role.SECRETARIS)
    client.force_login(secretary)

    response = client.post(
        reverse("library:create", args=[council.slug]),
        form_data(file=pdf_upload(), projects=[project.pk], meetings=[meeting.pk]),
    )

    document = LibraryDocument.objects.get()
    assertRedirects(response, document.get_absolute_url())
    assert list(document.projects.all()) == [project]
    assert list(document.meetings.all()) == [meeting]
    assertContains(client.get(project.get_absolute_url()), document.get_absolute_url())
    assertContains(client.get(meeting.get_absolute_url()), document.get_absolute_url())
    other = MeetingFactory(council=CouncilFactory())
    refused = client.post(
        reverse("library:create", args=[council.slug]),
        form_data(file=pdf_upload(), meetings=[other.pk]),
    )
    assert "meetings" in refused.context["form"].errors
    assert LibraryDocument.objects.count() == 1
