from http import HTTPStatus

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_lists_councils(client, council):
    response = client.get(reverse("home"))
    assert response.status_code == HTTPStatus.OK
    assert council.name in response.content.decode()
