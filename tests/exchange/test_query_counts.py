"""The vraag & aanbod list takes as many queries for many listings as for a few."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange.models import Listing
from tests.exchange.factories import listing, trader
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def count_queries(client, page_url) -> int:
    client.get(page_url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize("who", ["anoniem", "lid"])
def test_the_list(client, who):
    counts = []
    for n in (4, 24):
        council = CouncilFactory()
        user, organisation = trader(council, ["vraag"])
        for i in range(n):
            listing(council, material=f"Materiaal {i % 5}", is_public=bool(i % 2))
            listing(
                council,
                organisation=organisation,
                kind=Listing.Kind.VRAAG,
                geleding="vraag",
                material=f"Materiaal {i % 5}",
            )
        if who == "lid":
            client.force_login(user)
        counts.append(count_queries(client, f"/{council.slug}/vraag-en-aanbod/"))

    assert counts[0] == counts[1]


def test_a_listing_with_many_answers_and_matches(client):
    counts = []
    for n in (2, 15):
        council = CouncilFactory()
        offer = listing(council)
        for _ in range(n):
            listing(council, kind=Listing.Kind.VRAAG, geleding="vraag")
            _user, organisation = trader(council, ["vraag"])
            offer.responses.create(
                organisation=organisation,
                message="Graag.",
                contact_name="B",
                contact_email="b@b.nl",
            )
        client.force_login(offer.organisation.representatives.first().user)
        counts.append(count_queries(client, offer.get_absolute_url()))

    assert counts[0] == counts[1]
