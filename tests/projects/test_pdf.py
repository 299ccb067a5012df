"""The projectopdracht as PDF (handbook ch. 6): what it says and who may read it."""

import io
from http import HTTPStatus

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ketenoverleg import services
from ketenoverleg.models import Document, Role
from projects.models import Project
from tests.factories import UserFactory, give_kernteam_role, user_with_role
from tests.members.factories import ANONYMOUS, MEMBER, OUTSIDER, SECRETARY_ELSEWHERE
from tests.projects.factories import IssueFactory, ProjectFactory
from tests.projects.helpers import assert_login_redirect, login_as

pytestmark = pytest.mark.django_db


def make_pdf(project, capture) -> Document:
    with capture(execute=True):
        document = services.document_request(kind_key="projectopdracht", obj=project, by=None)
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    return document


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def download_url(document) -> str:
    return reverse("document_download", kwargs={"slug": document.council.slug, "pk": document.pk})


def test_the_projectopdracht_pdf_names_issue_leader_and_signatories(
    council, django_capture_on_commit_callbacks
):
    give_kernteam_role(council, UserFactory(first_name="Anna", last_name="Bakker"), Role.VOORZITTER)
    project = ProjectFactory(
        council=council,
        title="Meer granulaatbeton",
        issue=IssueFactory(council=council, title="Betongranulaat verdwijnt in wegfunderingen"),
        leader=UserFactory(first_name="Sander", last_name="Hoekstra"),
        status=Project.Status.VASTGESTELD,
        with_budget=True,
    )

    document = make_pdf(project, django_capture_on_commit_callbacks)

    text = pdf_text(document)
    assert document.is_public is True
    for expected in [
        "Projectopdracht Meer granulaatbeton",
        "Betongranulaat verdwijnt in wegfunderingen",
        "Voorzitter van het kernteam",
        "Anna Bakker",
        "Projectleider",
        "Sander Hoekstra",
        "€ 4000,00 exclusief btw",
        "vrijwilligersvergoeding of honorarium projectleider, onkostenvergoeding projectgroepleden",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, "login"),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
    ],
)
def test_a_concept_projectopdracht_pdf_is_not_for_the_public(
    client, council, fake_renderer, django_capture_on_commit_callbacks, who, expected
):
    project = ProjectFactory(council=council, title="Retourlogistiek sloopbeton")
    document = make_pdf(project, django_capture_on_commit_callbacks)
    login_as(client, council, who)

    response = client.get(download_url(document))

    assert document.is_public is False
    if expected == "login":
        assert_login_redirect(response, download_url(document))
    else:
        assert response.status_code == expected


def test_the_public_cannot_ask_for_a_concept_projectopdracht(client, council):
    project = ProjectFactory(council=council)
    client.force_login(UserFactory())

    response = client.post(
        reverse(
            "document_request",
            kwargs={"slug": council.slug, "kind": "projectopdracht", "object_id": project.pk},
        )
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Document.objects.exists()


def test_the_pdf_of_an_adopted_projectopdracht_is_public(
    client, council, fake_renderer, django_capture_on_commit_callbacks
):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    user_with_role(council, Role.VOORZITTER)
    document = make_pdf(project, django_capture_on_commit_callbacks)

    response = client.get(download_url(document))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
