"""The way in: "Word lid" leads to a sign-up page that names the council and keeps the
destination; allauth speaks formal Dutch with the site's name (English for English
users); members and followers are not asked to join or follow again."""

import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from members.models import MembershipStatus
from tests.factories import CouncilFactory, UserFactory
from tests.members.factories import MembershipFactory

INFORMAL = re.compile(r"\b(je|jouw|jij|jou)\b", re.IGNORECASE)


@pytest.fixture
def council(db):
    return CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")


def apply_url(council) -> str:
    return reverse("members:apply", kwargs={"slug": council.slug})


def main_text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main") :]))


def test_word_lid_takes_a_visitor_to_a_sign_up_page_naming_the_council(client, council):
    page = client.get(reverse("council_detail", kwargs={"slug": council.slug})).content.decode()
    signup = f"{reverse('account_signup')}?next={apply_url(council)}"
    assert f'href="{signup}"' in page
    response = client.get(signup)
    assert response.status_code == HTTPStatus.OK
    text = main_text(response)
    assert f"lid te worden van {council.name}" in text
    assert f'name="next" value="{apply_url(council)}"' in response.content.decode()


def test_the_login_page_names_the_council_and_links_to_sign_up_with_the_destination(
    client, council
):
    response = client.get(apply_url(council), follow=True)
    assert council.name in main_text(response)
    assert "next=/beton-groningen/aanmelden/" in response.content.decode().replace("%2F", "/")


def test_a_foreign_destination_is_ignored(client, council):
    response = client.get(f"{reverse('account_signup')}?next=https://example.org/aanmelden/")
    assert "example.org" not in main_text(response)


def test_password_errors_and_messages_are_in_formal_dutch(client, council, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.org", "password1": "kort", "password2": "kort"},
    )
    text = main_text(response)
    assert "Dit wachtwoord is te kort" in text
    assert "This password" not in text

    response = client.post(
        f"{reverse('account_signup')}?next={apply_url(council)}",
        {
            "email": "nieuw@example.org",
            "password1": "Granulaat-2026-beton",
            "password2": "Granulaat-2026-beton",
            "next": apply_url(council),
        },
        follow=True,
    )
    text = main_text(response)
    assert "Bevestigings e-mail" not in text
    assert not INFORMAL.search(text)
    message = mail.outbox[-1]
    assert message.subject == "[Ketenoverleg] Bevestig uw e-mailadres"
    assert "Ketenoverleg" in message.body
    assert "Hallo van" not in message.body
    assert "testserver" not in message.body.replace(re.search(r"http\S+", message.body)[0], "")
    assert not INFORMAL.search(message.body)
    assert "next=%2Fbeton-groningen%2Faanmelden%2F" in message.body


def test_confirming_in_the_same_browser_logs_in_and_goes_on_to_the_application(
    client, council, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "Granulaat-2026-beton",
            "password2": "Granulaat-2026-beton",
            "next": apply_url(council),
        },
    )
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body)[1]
    response = client.post(link)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == apply_url(council)
    assert client.get(apply_url(council)).status_code == HTTPStatus.OK


def test_english_users_get_english(client, council, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "kort", "password2": "kort"},
    )
    assert "This password is too short" in main_text(response)
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "Granulaat-2026-beton",
            "password2": "Granulaat-2026-beton",
        },
    )
    message = mail.outbox[-1]
    assert message.subject == "[Ketenoverleg] Confirm your e-mail address"
    assert "Kind regards" in message.body


@pytest.mark.parametrize(
    ("status", "join", "follow"),
    [
        (None, True, True),
        (MembershipStatus.VOLGER, True, False),
        (MembershipStatus.AANGEVRAAGD, False, False),
        (MembershipStatus.TOEGELATEN, False, False),
    ],
)
def test_join_and_follow_are_offered_only_to_those_who_are_not_in_yet(
    client, council, status, join, follow
):
    user = UserFactory()
    if status:
        MembershipFactory(council=council, status=status, organisation__representative=user)
    client.force_login(user)
    page = client.get(reverse("council_detail", kwargs={"slug": council.slug})).content.decode()
    assert (f'href="{apply_url(council)}"' in page) is join
    assert ("Volg dit ketenoverleg" in page) is follow
    ledenlijst = client.get(reverse("members:ledenlijst", kwargs={"slug": council.slug}))
    assert (">Word lid<" in ledenlijst.content.decode()) is join


def test_a_member_is_told_so_on_the_council_page(client, council):
    user = UserFactory()
    MembershipFactory(council=council, organisation__representative=user)
    client.force_login(user)
    response = client.get(reverse("council_detail", kwargs={"slug": council.slug}))
    assert "Uw organisatie is lid van dit ketenoverleg." in main_text(response)
