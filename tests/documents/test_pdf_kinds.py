"""The other registered documents: the ledenlijst and the minutes of a meeting."""

from datetime import datetime

import pytest
from django.utils import timezone

from ketenoverleg import services
from ketenoverleg.models import Document, Geleding, Role
from meetings.models import Meeting, Minutes
from meetings.services import meeting_create
from tests.documents.factories import MinutesFactory
from tests.documents.helpers import pdf_text
from tests.factories import user_with_role
from tests.members.factories import MembershipFactory


@pytest.fixture
def make_pdf(django_capture_on_commit_callbacks):
    def make(kind: str, obj) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document = services.document_request(kind_key=kind, obj=obj, by=None)
        document.refresh_from_db()
        assert document.status == Document.Status.READY, document.error
        return document

    return make


def test_ledenlijst_pdf_lists_members_and_vacant_geledingen(council, make_pdf):
    MembershipFactory(
        council=council, organisation__name="Granulaat Groningen", geledingen=[Geleding.AANBOD]
    )
    MembershipFactory(
        council=council, organisation__name="Architectenbureau Noord", geledingen=[Geleding.VRAAG]
    )
    MembershipFactory(
        council=council, organisation__name="Hanzehogeschool", geledingen=[Geleding.KENNIS]
    )
    MembershipFactory(council=council, organisation__name="Geen Toestemming", listing_consent=False)

    document = make_pdf("ledenlijst", council)

    text = pdf_text(document)
    assert document.is_public is True
    assert document.title == "Ledenlijst Betonketenoverleg Groningen"
    assert "Ledenlijst van Betonketenoverleg Groningen" in text
    positions = [
        text.index(name)
        for name in ["Architectenbureau Noord", "Granulaat Groningen", "Hanzehogeschool"]
    ]
    assert positions == sorted(positions)  # alphabetical
    assert "Geen Toestemming" not in text
    assert "Transitie vacature" in text
    assert "Recycling vacature" in text
    assert "Aanbod 1" in text


@pytest.fixture
def meeting(council):
    return meeting_create(
        council=council,
        by=user_with_role(council, Role.SECRETARIS),
        title="Kernteamvergadering voorjaar",
        starts_at=timezone.make_aware(datetime(2025, 3, 20, 19, 30)),
        location="Stadhuis Groningen",
    )


def test_minutes_pdf_shows_the_meeting_agenda_and_minutes(meeting, make_pdf):
    MinutesFactory(meeting=meeting, summary="Het kernteam koos granulaat als volgend vraagstuk.")

    document = make_pdf("notulen", meeting)

    text = pdf_text(document)
    assert document.title == "Kernteamvergadering voorjaar (20-03-2025)"
    assert "Verslag: Kernteamvergadering voorjaar" in text
    assert "Stadhuis Groningen" in text
    for section in [
        "Opening",
        "Verslag en actiepunten vorige vergadering",
        "Spoor 1: actiepakketten",
        "Spoor 2: ontwikkeling van het ketenoverleg",
        "Rondvraag",
        "Sluiting",
    ]:
        assert section in text
    assert "Voortgang van de lopende actiepakketten" in text
    assert "Het kernteam koos granulaat als volgend vraagstuk." in text
    assert "Vacatures in het kernteam" in text


def test_pdf_of_a_meeting_without_minutes_is_its_agenda(meeting, make_pdf):
    document = make_pdf("notulen", meeting)

    text = pdf_text(document)
    assert "Agenda: Kernteamvergadering voorjaar" in text
    assert "Verslag:" not in text
    assert "Keuze van het volgende vraagstuk van de probleemlijst" in text


def test_concept_minutes_make_a_members_only_pdf(meeting, make_pdf):
    MinutesFactory(meeting=meeting, status=Minutes.Status.CONCEPT, published_at=None)

    document = make_pdf("notulen", meeting)

    assert document.is_public is False
    assert meeting.kind == Meeting.Kind.KERNTEAM
    assert "Status van het verslag: Concept" in pdf_text(document)
