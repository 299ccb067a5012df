"""The council's menu: rendered once per council, role set and language, the current
page marked in each response, each group shown to the roles it belongs to."""

import re

import pytest
from django.urls import reverse

from ketenoverleg import navigation
from ketenoverleg.models import Role
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def menu_of(html: str) -> str:
    return re.search(r'<nav aria-label="[^"]*" class="council-nav">.*?</nav>', html, re.S).group(0)


@pytest.fixture(autouse=True)
def _empty_menu_cache():
    navigation._menu.cache_clear()
    yield
    navigation._menu.cache_clear()


def test_people_with_the_same_roles_share_one_rendering(client):
    council = CouncilFactory()
    first, second = (user_with_role(council, Role.SECRETARIS) for _ in range(2))
    page = reverse("council_detail", args=[council.slug])

    client.force_login(first)
    client.get(page)
    client.get(reverse("news_list", args=[council.slug]))
    client.force_login(second)
    client.get(page)
    assert navigation._menu.cache_info().misses == 1
    assert navigation._menu.cache_info().hits == 2

    client.force_login(user_with_role(council, Role.LID))
    client.get(page)
    client.logout()
    client.get(page)
    assert navigation._menu.cache_info().misses == 3  # a member's menu, a visitor's menu


def test_the_current_page_is_marked_once_in_each_response(client):
    council = CouncilFactory()
    client.force_login(user_with_role(council, Role.SECRETARIS))
    for name in ("council_detail", "news_list", "members:ledenlijst", "projects:issues"):
        url = reverse(name, args=[council.slug])
        menu = menu_of(client.get(url).content.decode())
        assert menu.count('aria-current="page"') == 1, name
        assert f'<a href="{url}" aria-current="page">' in menu
    # The query string is not part of the page.
    url = reverse("council_roles", args=[council.slug])
    menu = menu_of(client.get(url + "?x=1").content.decode())
    assert f'<a href="{url}" aria-current="page">' in menu


def test_a_page_outside_the_menu_marks_nothing(client):
    meeting = MeetingFactory()
    client.force_login(user_with_role(meeting.council, Role.SECRETARIS))
    menu = menu_of(client.get(meeting.get_absolute_url()).content.decode())
    assert "aria-current" not in menu


def test_each_language_has_its_own_menu(client):
    council = CouncilFactory()
    page = reverse("council_detail", args=[council.slug])
    assert "Nieuws" in menu_of(client.get(page).content.decode())
    client.get(reverse("language_choose", args=["en"]) + f"?next={page}")
    english = menu_of(client.get(page).content.decode())
    assert "News" in english and "Nieuws" not in english
    assert navigation._menu.cache_info().misses == 2


@pytest.mark.parametrize(
    ("role", "groups"),
    [
        (None, ()),
        (Role.LID, ("is_insider",)),
        (Role.KERNTEAMLID, ("is_insider", "is_reviewer")),
        (Role.PENNINGMEESTER, ("is_insider", "is_reviewer", "is_treasury")),
        (Role.VOORZITTER, ("is_insider", "is_reviewer", "can_edit")),
        (Role.SECRETARIS, ("is_insider", "is_reviewer", "can_edit", "is_treasury")),
        (Role.PROCESBEGELEIDER, ()),
    ],
)
def test_the_roles_open_their_groups_of_the_menu(role, groups):
    council = CouncilFactory()
    user = user_with_role(council, role) if role else UserFactory()
    assert navigation.menu_groups(navigation.roles_for(user, council)) == groups
