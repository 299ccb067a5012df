"""Search within a council: public members, packages, actions and news only.

Runs on SQLite (a simple match) and PostgreSQL (Dutch full-text search) alike."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ketenoverleg.models import Geleding, NewsItem
from members.models import MembershipStatus, Organisation
from tests.actionpackages.factories import ACTION_TEXTS, complete_package, open_package
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(council):
    MembershipFactory(council=council, organisation__name="Mortelcentrale Noord")
    MembershipFactory(
        council=council, organisation__name="Stille Mortelcentrale", listing_consent=False
    )
    MembershipFactory(
        council=council,
        organisation__name="Wachtende Mortelcentrale",
        status=MembershipStatus.AANGEVRAAGD,
    )
    public = open_package(council, title="Meer granulaatbeton")
    concept = complete_package(council, title="Geheim conceptpakket")
    NewsItem.objects.create(council=council, title="Startbijeenkomst in het stadhuis", body="-")
    return public, concept


def results(client, council, query):
    response = client.get(reverse("search", kwargs={"slug": council.slug}), {"q": query})
    assert response.status_code == HTTPStatus.OK
    return response


def test_a_member_is_found_by_name_if_listed(client, council, content):
    response = results(client, council, "mortelcentrale")

    assert [m.organisation.name for m in response.context["results"]["members"]] == [
        "Mortelcentrale Noord"
    ]
    assertContains(response, "Mortelcentrale Noord")
    assertNotContains(response, "Stille Mortelcentrale")
    assertNotContains(response, "Wachtende Mortelcentrale")


def test_a_public_package_is_found_by_title(client, council, content):
    public, _ = content

    response = results(client, council, "granulaatbeton")

    assert public in response.context["results"]["packages"]
    assertContains(response, public.get_absolute_url())


def test_a_concept_package_is_not_found(client, council, content):
    response = results(client, council, "conceptpakket")

    assert response.context["results"]["packages"] == []
    assertNotContains(response, "Geheim conceptpakket")


def test_an_action_of_a_public_package_is_found_by_its_text(client, council, content):
    public, _ = content

    response = results(client, council, "puinbrekers")

    actions = response.context["results"]["actions"]
    assert [a.text for a in actions] == [ACTION_TEXTS[Geleding.RECYCLING]]
    assert actions[0].package == public  # not the concept's identical action


def test_news_is_found_by_title(client, council, content):
    response = results(client, council, "startbijeenkomst")

    assert [n.title for n in response.context["results"]["news"]] == [
        "Startbijeenkomst in het stadhuis"
    ]


def test_a_one_character_query_asks_for_more(client, council, content):
    response = results(client, council, "g")

    assertContains(response, "Typ ten minste twee tekens.")
    assert response.context["results"] is None


def test_a_renamed_member_is_found_by_its_new_name_only(client, council, content):
    organisation = Organisation.objects.get(name="Mortelcentrale Noord")
    organisation.name = "Granulaathandel Zuid"
    organisation.save()

    assert results(client, council, "mortelcentrale").context["results"]["members"] == []
    found = results(client, council, "granulaathandel").context["results"]["members"]
    assert [m.organisation.name for m in found] == ["Granulaathandel Zuid"]


def test_an_edited_news_item_is_found_by_its_new_text(client, council, content):
    NewsItem.objects.filter(title="Startbijeenkomst in het stadhuis").update(
        body="De wethouder opende de eerste puinbreker."
    )

    found = results(client, council, "wethouder").context["results"]["news"]
    assert [n.title for n in found] == ["Startbijeenkomst in het stadhuis"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's")
@pytest.mark.parametrize(
    "table",
    [
        "members_organisation",
        "actionpackages_package",
        "actionpackages_action",
        "ketenoverleg_newsitem",
    ],
)
def test_postgresql_searches_a_stored_gin_indexed_vector(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%USING gin (search_vector)%"],
        )
        assert cursor.fetchall(), f"{table} has no GIN index on search_vector"
