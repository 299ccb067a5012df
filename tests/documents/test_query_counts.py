"""A long statute costs as many queries as a short one (no N+1)."""

from datetime import date
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from ketenoverleg.models import Role
from tests.documents.factories import StatuteArticleFactory, StatuteFactory
from tests.factories import CouncilFactory, user_with_role


def count_queries(client, url, expected_text) -> int:
    client.get(url)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, expected_text)
    return len(queries)


def statute_with(n: int, *, adopted_on=None):
    statute = StatuteFactory(council=CouncilFactory(), version=1, adopted_on=adopted_on)
    for number in range(1, n + 1):
        StatuteArticleFactory(statute=statute, number=number, title=f"Onderwerp {number}")
    return statute


@pytest.mark.parametrize(
    ("who", "adopted_on"),
    [(None, date(2024, 3, 14)), (Role.SECRETARIS, None)],
    ids=["anonymous-adopted", "secretaris-concept"],
)
def test_statute_page_queries_do_not_grow_with_articles(client, db, who, adopted_on):
    short, long = statute_with(5, adopted_on=adopted_on), statute_with(40, adopted_on=adopted_on)
    counts = []
    for statute, n in [(short, 5), (long, 40)]:
        if who:
            client.force_login(user_with_role(statute.council, who))
        counts.append(
            count_queries(client, statute.get_absolute_url(), f"Artikel {n}. Onderwerp {n}")
        )

    assert counts[0] == counts[1]
