"""A council in start-up that is not published: off the home page, the programme
overview, the sitemap, the feed and search; its pages are for those with a role in it
(its kwartiermaker, the people they invited, and later its members)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from ketenoverleg.models import Role
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import ANONYMOUS, MEMBER_ELSEWHERE, OUTSIDER, person
from tests.startup.factories import (
    KWARTIERMAKER_ELSEWHERE,
    PROGRAMME_KWARTIERMAKER,
    SUPERUSER,
    StartupCouncilFactory,
    someone,
)

pytestmark = pytest.mark.django_db

NAME = "Textielketenoverleg Leeuwarden"


@pytest.fixture
def hidden():
    return StartupCouncilFactory(name=NAME, slug="textiel-leeuwarden")


def test_a_hidden_council_is_on_no_public_list(client, hidden):
    published = CouncilFactory(name="Betonketenoverleg Assen")

    for name in ("home", "programme"):
        page = client.get(reverse(name)).content.decode()
        assert published.name in page
        assert NAME not in page
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert published.slug in sitemap and hidden.slug not in sitemap
    assert client.get(reverse("council_feed", args=[hidden.slug])).status_code == 404


def test_a_hidden_local_council_is_not_listed_under_its_provincial_council(client):
    parent = CouncilFactory(name="Provinciaal Textielketenoverleg")
    StartupCouncilFactory(name=NAME, parent=parent)

    home = client.get(reverse("home")).content.decode()
    page = client.get(parent.get_absolute_url()).content.decode()

    assert parent.name in home and NAME not in home
    assert NAME not in page


def test_kwartiermakers_see_hidden_councils_in_the_programme_with_their_phase(client, hidden):
    client.force_login(user_with_role(None, Role.KWARTIERMAKER))

    page = client.get(reverse("programme")).content.decode()

    assert NAME in page
    assert "Verkenning (vooronderzoek)" in page and "niet openbaar" in page


PAGES = [
    "council_detail",
    "news_list",
    "search",
    "members:ledenlijst",
    "meetings:list",
    "actionpackages:list",
    "projects:projects",
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, "login"),
        (OUTSIDER, HTTPStatus.NOT_FOUND),
        (MEMBER_ELSEWHERE, HTTPStatus.NOT_FOUND),
        (KWARTIERMAKER_ELSEWHERE, HTTPStatus.NOT_FOUND),
        (Role.KWARTIERMAKER, HTTPStatus.OK),
        (Role.GENODIGDE, HTTPStatus.OK),
        (PROGRAMME_KWARTIERMAKER, HTTPStatus.OK),
        (SUPERUSER, HTTPStatus.OK),
    ],
)
def test_a_hidden_councils_pages_are_for_those_with_a_role_in_it(
    client, hidden, page, who, expected
):
    user = someone(hidden, who)
    if user:
        client.force_login(user)

    response = client.get(reverse(page, args=[hidden.slug]))

    if expected == "login":
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def test_an_invited_person_sees_the_start_up_notice_but_not_the_track(client, hidden):
    guest = user_with_role(hidden, Role.GENODIGDE)
    client.force_login(guest)

    page = client.get(hidden.get_absolute_url()).content.decode()
    track = client.get(reverse("startup:track", args=[hidden.slug]))

    assert "Dit ketenoverleg wordt opgestart" in page
    assert "Het staat nog niet in de openbare lijsten" in page
    assert track.status_code == HTTPStatus.FORBIDDEN


def test_once_published_everyone_sees_the_council(client, hidden):
    hidden.published_at = hidden.created_at
    hidden.save()

    assert client.get(hidden.get_absolute_url()).status_code == HTTPStatus.OK
    assert NAME in client.get(reverse("home")).content.decode()
    client.force_login(UserFactory())
    assert client.get(hidden.get_absolute_url()).status_code == HTTPStatus.OK


def test_members_of_a_hidden_council_see_it(client, hidden):
    client.force_login(person(hidden, "lid"))
    assert client.get(hidden.get_absolute_url()).status_code == HTTPStatus.OK
