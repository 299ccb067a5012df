"""A person sets the name others see; without one they see "Naam onbekend", never the
e-mail address."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_without_a_name_is_named_unknown_not_by_e_mail():
    user = UserFactory(first_name="", last_name="", email="geheim@voorbeeld.nl")

    assert str(user) == "Naam onbekend"


def test_a_person_sets_their_name(client):
    user = UserFactory(first_name="", last_name="")
    client.force_login(user)

    response = client.post(
        reverse("mydata:my_name"), {"first_name": " Joke ", "last_name": "de Boer"}
    )

    assertRedirects(response, reverse("mydata:my_data"))
    user.refresh_from_db()
    assert str(user) == "Joke de Boer"


def test_a_name_that_is_too_long_is_refused_at_the_field(client):
    user = UserFactory(first_name="Joke", last_name="de Boer")
    client.force_login(user)

    response = client.post(reverse("mydata:my_name"), {"first_name": "x" * 151, "last_name": ""})

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["name_form"].errors) == ["first_name"]
    user.refresh_from_db()
    assert user.first_name == "Joke"


def test_the_name_form_is_only_for_the_person_logged_in(client):
    response = client.post(reverse("mydata:my_name"), {"first_name": "Iemand"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
