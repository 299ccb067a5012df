"""The intentieverklaring and the consultatieverslag as PDF: what they say, when a new
one is made, and who may read them."""

import io
from datetime import date
from http import HTTPStatus

import pytest
from django.urls import reverse
from pypdf import PdfReader

from actionpackages import services
from ketenoverleg import documents
from ketenoverleg import services as council_services
from ketenoverleg.models import Document, Geleding, Role
from members import services as member_services
from tests.actionpackages.factories import (
    ACTION_TEXTS,
    complete_package,
    open_package,
    sign_for,
    signer,
)
from tests.actionpackages.helpers import LOGIN, assert_outcome, login_as
from tests.members.factories import ANONYMOUS, MEMBER, OUTSIDER, SECRETARY_ELSEWHERE, member_of

pytestmark = pytest.mark.django_db


def make_pdf(kind: str, obj, capture) -> Document:
    with capture(execute=True):
        document = council_services.document_request(kind_key=kind, obj=obj, by=None)
    document.refresh_from_db()
    assert document.status == Document.Status.READY, document.error
    return document


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def download_url(document) -> str:
    return reverse("document_download", kwargs={"slug": document.council.slug, "pk": document.pk})


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def test_the_intentieverklaring_lists_actions_and_signatories_per_geleding(
    council, real_weasyprint, django_capture_on_commit_callbacks
):
    package = open_package(council, title="Meer granulaatbeton", starts_on=date(2031, 3, 1))
    for name, geledingen in [
        ("Betoncentrale Noord", [Geleding.AANBOD]),
        ("Bouwbedrijf Dijkstra", [Geleding.VRAAG, Geleding.RECYCLING]),
        ("Gemeente Groningen", [Geleding.OVERHEID]),
    ]:
        user, organisation = signer(council, geledingen, name=name)
        sign_for(package, user, organisation)

    document = make_pdf("intentieverklaring", package, django_capture_on_commit_callbacks)

    text = pdf_text(document)
    assert document.is_public is True
    assert "Intentieverklaring Meer granulaatbeton" in text
    assert "Ingangsdatum: 1 maart 2031" in text
    actions, signatories = text.split("Ondertekenaars (3)")
    assert in_order(actions, [g.label for g in Geleding])
    # Every action has a code; each signatory names the codes it signed for.
    assert in_order(
        actions,
        [f"{g.label[0]}1 {ACTION_TEXTS[g.value][:30]}" for g in Geleding],
    )
    assert in_order(
        signatories,
        [
            "Aanbod (1)",
            "Betoncentrale Noord (",
            ": A1)",
            "Vraag (1)",
            "Bouwbedrijf Dijkstra (",
            ": V1)",
            "Recycling (1)",
            "Bouwbedrijf Dijkstra (",
            ": R1)",
            "Overheid (1)",
            "Gemeente Groningen (",
            ": O1)",
        ],
    )
    assert "Kennis" not in signatories and "Transitie" not in signatories
    assert package.current_version.sha256 in text.replace(" ", "")


def test_a_new_signature_asks_for_a_new_intentieverklaring(
    council, django_capture_on_commit_callbacks
):
    package = open_package(council)
    first_user, first_org = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    second_user, second_org = signer(council, [Geleding.KENNIS], name="Hanzehogeschool")

    with django_capture_on_commit_callbacks(execute=True):
        sign_for(package, first_user, first_org)
    first = council_services.document_for("intentieverklaring", package)
    with django_capture_on_commit_callbacks(execute=True):
        sign_for(package, second_user, second_org)
    second = council_services.document_for("intentieverklaring", package)

    assert first.status == second.status == Document.Status.READY
    assert second.pk != first.pk
    assert second.content_hash != first.content_hash
    kind = documents.get_kind("intentieverklaring")
    assert second.content_hash == documents.content_hash(kind, package)
    assert "Hanzehogeschool" in documents.render_html(kind, package)


def test_the_public_downloads_the_intentieverklaring_of_an_open_package(
    client, council, django_capture_on_commit_callbacks
):
    package = open_package(council)
    document = make_pdf("intentieverklaring", package, django_capture_on_commit_callbacks)

    response = client.get(download_url(document))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"


def test_the_public_intentieverklaring_never_shows_an_e_mail_address(council):
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    user.first_name = user.last_name = ""
    user.save()
    sign_for(package, user, organisation)

    html = documents.render_html(documents.get_kind("intentieverklaring"), package)

    assert "Betoncentrale Noord" in html
    assert user.email not in html


def test_an_erased_signer_is_no_longer_named_in_the_public_intentieverklaring(council):
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    sign_for(package, user, organisation)
    name = user.get_full_name()

    member_services.personal_data_erase(user=user)

    html = documents.render_html(documents.get_kind("intentieverklaring"), package)
    assert "Betoncentrale Noord" in html
    assert name not in html


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
    ],
)
def test_the_consultatieverslag_is_not_public(
    client, council, django_capture_on_commit_callbacks, who, expected
):
    package = complete_package(council)
    services.package_consult(package=package, by=None)
    services.amendment_propose(
        package=package, by=member_of(council), proposal="Noem de CO2-besparing."
    )
    document = make_pdf("consultatieverslag", package, django_capture_on_commit_callbacks)
    login_as(client, council, who)

    response = client.get(download_url(document))

    assert document.is_public is False
    assert_outcome(response, expected, download_url(document))


def test_an_organisation_renamed_after_signing_changes_the_fingerprint(
    council, django_capture_on_commit_callbacks
):
    """The intentieverklaring prints the organisation's name as it is now: a rename makes
    the kept PDF outdated, so the next request makes a new one."""
    package = open_package(council)
    user, organisation = signer(council, [Geleding.AANBOD], name="Betoncentrale Noord")
    with django_capture_on_commit_callbacks(execute=True):
        sign_for(package, user, organisation)
    kind = documents.get_kind("intentieverklaring")
    before = documents.content_hash(kind, package)

    organisation.name = "Betoncentrale Noord-Nederland"
    organisation.save()

    assert documents.content_hash(kind, package) != before
    assert "Betoncentrale Noord-Nederland" in documents.render_html(kind, package)
