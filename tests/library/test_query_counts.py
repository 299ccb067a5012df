"""The library's list and search issue as many queries with many documents as with few."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketenoverleg.models import Role
from library.models import Access
from tests.factories import CouncilFactory, user_with_role
from tests.library.factories import add_document, pdf_upload

pytestmark = pytest.mark.django_db


def count_queries(client, url, params) -> int:
    client.get(url, params)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def populate(council, n) -> None:
    secretary = user_with_role(council, Role.SECRETARIS)
    levels = list(Access)
    for i in range(n):
        add_document(
            council,
            by=secretary,
            title=f"Rapport {i:03d} over granulaat",
            access=levels[i % 3],
            upload=pdf_upload(f"Tekst {i} over granulaat"),
            tags=["granulaat", f"jaar {2000 + i % 5}"],
        )


@pytest.fixture
def few_and_many(db):
    few, many = CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")
    populate(few, 3)
    populate(many, 24)
    return few, many


@pytest.mark.parametrize("role", [None, Role.LID, Role.SECRETARIS])
@pytest.mark.parametrize(
    "params", [{}, {"q": "granulaat"}, {"tag": "granulaat", "kind": "onderzoeksrapport"}]
)
def test_library_list(client, few_and_many, role, params):
    counts = []
    for council in few_and_many:
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, reverse("library:list", args=[council.slug]), params))

    assert counts[0] == counts[1]
