"""Security keys and passkeys (WebAuthn through allauth.mfa), with a key in software.

A person adds a key after confirming their password; it then serves as the second login
step and counts as the second factor the powers wait for; a passkey logs in without a
password. A wrong key, a mangled answer or a name too long gets a message in Dutch and
changes nothing. The real ceremony in Chromium is in tests/browser/test_security.py.
"""

from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.mfa_forms import KEY_NOT_ACCEPTED, NAME_MAX, NO_ANSWER
from ketenoverleg.models import Role
from ketenoverleg.second_factor import has_second_factor, second_factor_missing
from tests.factories import PASSWORD, CouncilFactory, UserFactory, user_with_role
from tests.softkey import HOST, SoftKey

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """WebAuthn is bound to the host: browsers allow it on localhost without https."""
    return Client(HTTP_HOST=HOST)


def log_in(client: Client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def add_key(client: Client, key: SoftKey, *, name="YubiKey", resident=False):
    """Confirm the password, open the form, let the key answer, post it."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == HTTPStatus.OK
    credential = key.register(page.context["js_data"]["creation_options"], resident=resident)
    data = {"name": name, "credential": credential}
    if resident:
        data["passwordless"] = "on"
    return client.post(reverse("mfa_add_webauthn"), data)


def user_with_key(client: Client, *, resident=False, user=None):
    user = user or UserFactory()
    key = SoftKey()
    log_in(client, user)
    response = add_key(client, key, resident=resident)
    assertRedirects(response, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)
    client.post(reverse("account_logout"))
    return user, key


def second_step(client: Client, user):
    response = log_in(client, user)
    assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
    return client.get(reverse("mfa_authenticate"))


def test_a_key_is_added_after_the_password_and_counts_as_the_second_factor(client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    council = CouncilFactory()
    secretaris = user_with_role(council, Role.SECRETARIS)
    assert second_factor_missing(secretaris)
    log_in(client, secretaris)

    index = client.get(reverse("mfa_index"))
    assertContains(index, "Beveiligingssleutels en passkeys")
    assertContains(index, reverse("mfa_add_webauthn"))

    # The form waits for the password first.
    response = client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("account_reauthenticate") in response["Location"]

    response = add_key(client, SoftKey(), name="Sleutelbos")
    # The first key comes with recovery codes, shown at once.
    assertRedirects(response, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)
    key = Authenticator.objects.get(user=secretaris, type=Authenticator.Type.WEBAUTHN)
    assert str(key) == "Sleutelbos"
    assert Authenticator.objects.filter(
        user=secretaris, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert has_second_factor(secretaris)
    assert not second_factor_missing(secretaris)

    listing = client.get(reverse("mfa_list_webauthn"))
    assertContains(listing, "Sleutelbos")
    assertContains(listing, "Beveiligingssleutel (tweede stap)")


def test_the_key_is_the_second_login_step(client):
    user, key = user_with_key(client)

    page = second_step(client, user)
    assertContains(page, "Inloggen met uw sleutel")
    assertContains(page, "Typ een van uw herstelcodes.")  # no app, so no app code
    assert not get_user(client).is_authenticated

    answer = key.assertion(page.context["js_data"]["request_options"])
    response = client.post(reverse("mfa_authenticate"), {"credential": answer})
    assert response.status_code == HTTPStatus.FOUND
    assert get_user(client) == user


def test_someone_elses_key_does_not_pass_the_second_step(client):
    user, _key = user_with_key(client)
    page = second_step(client, user)

    stranger = SoftKey()
    stranger.user_handle = b"1"
    answer = stranger.assertion(page.context["js_data"]["request_options"])
    response = client.post(reverse("mfa_authenticate"), {"credential": answer})

    assert response.status_code == HTTPStatus.OK
    assertContains(response, KEY_NOT_ACCEPTED)
    assert not get_user(client).is_authenticated


def test_an_answer_to_an_old_challenge_is_refused(client):
    user, key = user_with_key(client)
    first = second_step(client, user)
    old = key.assertion(first.context["js_data"]["request_options"])
    client.get(reverse("mfa_authenticate"))  # a new challenge replaces the first

    response = client.post(reverse("mfa_authenticate"), {"credential": old})
    assertContains(response, KEY_NOT_ACCEPTED)
    assert not get_user(client).is_authenticated


@pytest.mark.parametrize(
    ("credential", "message"),
    [
        ("", NO_ANSWER),
        ("not json", KEY_NOT_ACCEPTED),
        ("{}", NO_ANSWER),
        ('{"id": "x", "response": {}}', KEY_NOT_ACCEPTED),
        ('{"id": 1, "rawId": [], "response": {"signature": 5}}', KEY_NOT_ACCEPTED),
        ("[" * 5000, KEY_NOT_ACCEPTED),
        ("[" * 100_000, KEY_NOT_ACCEPTED),
    ],
)
def test_a_mangled_answer_at_the_second_step_is_a_message(client, credential, message):
    user, _key = user_with_key(client)
    second_step(client, user)

    response = client.post(reverse("mfa_authenticate"), {"credential": credential})

    assert response.status_code == HTTPStatus.OK
    assertContains(response, message)
    assert not get_user(client).is_authenticated


def test_only_people_with_a_key_are_offered_the_key(client):
    user = UserFactory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused"})
    page = second_step(client, user)
    assertNotContains(page, "Inloggen met uw sleutel")
    assertContains(page, "Typ de code die uw authenticator-app nu toont")


def test_a_passkey_logs_in_without_a_password(client):
    user, key = user_with_key(client, resident=True)
    assert Authenticator.objects.get(type=Authenticator.Type.WEBAUTHN).wrap().is_passwordless

    login_page = client.get(reverse("account_login"))
    assertContains(login_page, "Inloggen met een passkey")
    options = client.get(
        reverse("mfa_login_webauthn"), headers={"x-requested-with": "XMLHttpRequest"}
    ).json()["request_options"]
    response = client.post(reverse("mfa_login_webauthn"), {"credential": key.assertion(options)})

    assert response.status_code == HTTPStatus.FOUND
    assert get_user(client) == user


@pytest.mark.parametrize("credential", ["", "nonsense", "{}", '{"response": {"userHandle": "@@"}}'])
def test_a_mangled_passkey_answer_says_so_on_the_login_page(client, credential):
    client.get(reverse("mfa_login_webauthn"), headers={"x-requested-with": "XMLHttpRequest"})
    response = client.post(reverse("mfa_login_webauthn"), {"credential": credential}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("account_login")
    assert not get_user(client).is_authenticated
    messages = [str(m) for m in response.context["messages"]]
    assert messages and all(m in (KEY_NOT_ACCEPTED, NO_ANSWER) for m in messages), messages


def test_adding_a_key_without_its_answer_saves_nothing(client):
    user = UserFactory()
    log_in(client, user)
    add_key(client, SoftKey())  # a first key
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_add_webauthn"))
    before = Authenticator.objects.count()

    for data, message in [
        ({"name": "Tweede"}, NO_ANSWER),
        ({"name": "Tweede", "credential": "{}"}, NO_ANSWER),
        ({"name": "Tweede", "credential": "[" * 5000}, KEY_NOT_ACCEPTED),
        (
            {"name": "Tweede", "credential": '{"response": {"attestationObject": "AA"}}'},
            KEY_NOT_ACCEPTED,
        ),
    ]:
        response = client.post(reverse("mfa_add_webauthn"), data)
        assert response.status_code == HTTPStatus.OK
        assertContains(response, message)
    assert Authenticator.objects.count() == before


def test_a_key_name_has_a_bound(client):
    user = UserFactory()
    log_in(client, user)
    response = add_key(client, SoftKey(), name="x" * (NAME_MAX + 1))
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["name"]
    assert not Authenticator.objects.filter(user=user).exists()


def test_a_key_is_renamed_and_removed_by_its_owner_only(client):
    owner, _key = user_with_key(client)
    key = Authenticator.objects.get(user=owner, type=Authenticator.Type.WEBAUTHN)
    edit = reverse("mfa_edit_webauthn", kwargs={"pk": key.pk})
    remove = reverse("mfa_remove_webauthn", kwargs={"pk": key.pk})

    other = Client(HTTP_HOST=HOST)
    log_in(other, UserFactory())
    other.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert other.get(edit).status_code == HTTPStatus.NOT_FOUND
    assert other.post(edit, {"name": "Van mij"}).status_code == HTTPStatus.NOT_FOUND
    assert other.post(remove).status_code == HTTPStatus.NOT_FOUND
    key.refresh_from_db()
    assert str(key) == "YubiKey"

    # The owner: a second factor now, so confirming goes through the key.
    page = second_step(client, owner)
    client.post(
        reverse("mfa_authenticate"),
        {"credential": _key.assertion(page.context["js_data"]["request_options"])},
    )
    reauth = client.get(reverse("mfa_reauthenticate_webauthn"))
    client.post(
        reverse("mfa_reauthenticate_webauthn"),
        {"credential": _key.assertion(reauth.context["js_data"]["request_options"])},
    )
    response = client.post(edit, {"name": "x" * (NAME_MAX + 1)})
    assert response.context["form"].errors["name"]
    assertRedirects(
        client.post(edit, {"name": "Sleutelbos"}),
        reverse("mfa_list_webauthn"),
        fetch_redirect_response=False,
    )
    key.refresh_from_db()
    assert str(key) == "Sleutelbos"

    client.post(remove)
    assert not Authenticator.objects.filter(type=Authenticator.Type.WEBAUTHN).exists()


def test_the_key_pages_wait_for_a_login():
    anonymous = Client(HTTP_HOST=HOST)
    for name in ("mfa_list_webauthn", "mfa_add_webauthn"):
        response = anonymous.get(reverse(name))
        assert response.status_code == HTTPStatus.FOUND
        assert reverse("account_login") in response["Location"]


def test_the_pages_carry_the_scripts_and_no_inline_code(client):
    user = UserFactory()
    log_in(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_add_webauthn")).content.decode()
    for script in ("mfa/js/webauthn.js", "account/js/onload.js", "js/webauthn-errors.js"):
        assert script in page
    # Only data blocks (type="application/json"), which the browser does not run.
    inline = [
        chunk.split(">", 1)[0]
        for chunk in page.split("<script")[1:]
        if "src=" not in chunk.split(">", 1)[0]
    ]
    assert inline and all('type="application/json"' in attrs for attrs in inline), inline
