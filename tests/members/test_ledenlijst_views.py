"""The public ledenlijst, its downloads, and the members-only contact list."""

import csv
import io
import json
from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ketenoverleg.models import Geleding, Role
from members.models import MembershipStatus
from tests.factories import UserFactory
from tests.members.factories import (
    ANONYMOUS,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    MembershipFactory,
    person,
)

FIELDS = ["naam", "geledingen", "plaats", "website", "intentie_url", "intentie"]


def ledenlijst(client, council, name="members:ledenlijst", **params):
    return client.get(reverse(name, kwargs={"slug": council.slug}), params)


@pytest.fixture
def listed(council):
    """Three listed members and four that must not be shown publicly."""
    members = {
        "Architectenbureau Noord": [Geleding.VRAAG],
        "Granulaat Groningen": [Geleding.AANBOD, Geleding.RECYCLING],
        "Hanzehogeschool": [Geleding.KENNIS],
    }
    for name, geledingen in members.items():
        MembershipFactory(council=council, organisation__name=name, geledingen=geledingen)
    MembershipFactory(council=council, organisation__name="Geen Toestemming", listing_consent=False)
    MembershipFactory(
        council=council, organisation__name="Nog Aangevraagd", status=MembershipStatus.AANGEVRAAGD
    )
    MembershipFactory(
        council=council, organisation__name="Al Opgezegd", status=MembershipStatus.OPGEZEGD
    )
    MembershipFactory(organisation__name="Lid Elders")
    return sorted(members)


def test_ledenlijst_shows_only_admitted_consenting_members(client, council, listed):
    response = ledenlijst(client, council)

    assert response.status_code == HTTPStatus.OK
    for name in listed:
        assertContains(response, f'<th scope="row">{name}</th>', html=True)
    for hidden in ["Geen Toestemming", "Nog Aangevraagd", "Al Opgezegd", "Lid Elders"]:
        assertNotContains(response, hidden)
    assertContains(response, "3 leden gevonden.")
    assertContains(response, '<td data-label="Geleding(en)">Aanbod, Recycling</td>', html=True)


def test_ledenlijst_never_shows_email_or_phone(client, council):
    membership = MembershipFactory(
        council=council, organisation__email="geheim@granulaat.nl", organisation__phone="0612345678"
    )

    response = ledenlijst(client, council)

    assertContains(response, membership.organisation.name)
    assertContains(response, membership.organisation.intention_url)
    assertNotContains(response, "geheim@granulaat.nl")
    assertNotContains(response, "0612345678")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"geleding": "recycling"}, ["Granulaat Groningen"]),
        ({"geleding": "vraag"}, ["Architectenbureau Noord"]),
        ({"geleding": "overheid"}, []),
        ({"q": "hanze"}, ["Hanzehogeschool"]),
        ({"q": "o", "geleding": "aanbod"}, ["Granulaat Groningen"]),
    ],
    ids=["recycling", "vraag", "empty-geleding", "search", "search-and-geleding"],
)
def test_ledenlijst_filters_by_geleding_and_name(client, council, listed, params, expected):
    response = ledenlijst(client, council, **params)

    for name in listed:
        if name in expected:
            assertContains(response, f'<th scope="row">{name}</th>', html=True)
        else:
            assertNotContains(response, f'<th scope="row">{name}</th>', html=True)
    if not expected:
        assertContains(response, "Geen leden gevonden.")


def test_ledenlijst_counts_members_per_geleding_with_vacatures(client, council, listed):
    response = ledenlijst(client, council)

    def row(label, cell):
        return f'<tr><th scope="row">{label}</th><td>{cell}</td></tr>'

    vacature = '<span class="vacature">vacature</span>'
    for label, cell in [
        ("Aanbod", "1"),
        ("Vraag", "1"),
        ("Recycling", "1"),
        ("Kennis", "1"),
        ("Overheid", vacature),
        ("Transitie", vacature),
    ]:
        assertContains(response, row(label, cell), html=True)


def test_ledenlijst_pages_by_25(client, council):
    names = [f"Lid {n:02d}" for n in range(30)]
    for name in names:
        MembershipFactory(council=council, organisation__name=name)

    first = ledenlijst(client, council)
    second = ledenlijst(client, council, page=2)

    def shown(response):
        return [n for n in names if f'<th scope="row">{n}</th>' in response.content.decode()]

    assert shown(first) == names[:25]
    assert shown(second) == names[25:]
    assertContains(first, "Pagina 1 van 2")
    assertContains(first, "30 leden gevonden.")


def test_downloads_hold_the_filtered_rows_and_public_fields_only(client, council, listed):
    MembershipFactory(
        council=council,
        organisation__name="Sloopbedrijf Zuid",
        organisation__email="geheim@sloop.nl",
        organisation__phone="0699999999",
        organisation__intention_url="",
        organisation__intention_text="Wij slopen circulair.",
        geledingen=[Geleding.RECYCLING],
    )

    as_csv = ledenlijst(client, council, "members:ledenlijst_csv", geleding="recycling")
    as_json = ledenlijst(client, council, "members:ledenlijst_json", geleding="recycling")

    assert as_csv["Content-Type"].startswith("text/csv")
    assert "attachment" in as_csv["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig")))
    csv_rows = list(reader)
    json_rows = json.loads(as_json.content)["leden"]
    assert reader.fieldnames == FIELDS
    assert [list(row) for row in json_rows] == [FIELDS, FIELDS]
    assert [row["naam"] for row in csv_rows] == ["Granulaat Groningen", "Sloopbedrijf Zuid"]
    assert [row["naam"] for row in json_rows] == ["Granulaat Groningen", "Sloopbedrijf Zuid"]
    assert csv_rows[0]["geledingen"] == "Aanbod; Recycling"
    assert json_rows[0]["geledingen"] == ["Aanbod", "Recycling"]
    assert json_rows[1]["intentie"] == csv_rows[1]["intentie"] == "Wij slopen circulair."
    for response in (as_csv, as_json):
        assert b"geheim@sloop.nl" not in response.content
        assert b"0699999999" not in response.content
        assert b"@bedrijf.nl" not in response.content


def test_downloads_without_filter_match_the_ledenlijst(client, council, listed):
    as_json = ledenlijst(client, council, "members:ledenlijst_json")

    assert [row["naam"] for row in json.loads(as_json.content)["leden"]] == listed


# Members-only contact list ----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
        (Role.SECRETARIS, HTTPStatus.OK),
    ],
)
def test_contact_list_is_for_insiders_only(client, council, who, status):
    contact = UserFactory(email="contact@granulaat.nl")
    MembershipFactory(
        council=council,
        organisation__email="info@granulaat.nl",
        organisation__phone="050-3141592",
        organisation__representative=contact,
    )
    user = person(council, who)
    if user:
        client.force_login(user)

    response = client.get(reverse("members:contacts", kwargs={"slug": council.slug}))

    assert response.status_code == status
    if who == ANONYMOUS:
        assert response.url.startswith(reverse("account_login"))
    if status == HTTPStatus.OK:
        for private in ["info@granulaat.nl", "050-3141592", "contact@granulaat.nl"]:
            assertContains(response, private)
    else:
        assert b"info@granulaat.nl" not in response.content
