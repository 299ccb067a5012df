"""The demo: six listings, one matching pair with an accepted answer."""

from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from exchange import demo, selectors
from exchange.models import Listing, Response
from ketenoverleg.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


def test_six_listings_with_one_match_whose_contacts_are_shared(client, seeded):
    listings = list(Listing.objects.all())
    assert len(listings) == 6
    pairs = {frozenset((a.pk, b.pk)) for a in listings for b in selectors.suggested_matches(a)}
    assert len(pairs) == 1
    response = Response.objects.get()
    assert response.status == Response.Status.ACCEPTED
    assert frozenset((response.listing_id, response.counter_listing_id)) in pairs

    client.force_login(User.objects.get(email="lid@beton-groningen.demo"))
    page = client.get(response.listing.get_absolute_url())
    assertContains(page, response.listing.contact_email)


def test_seeding_again_changes_nothing(seeded):
    before = (Listing.objects.count(), Response.objects.count())

    demo.seed()

    assert (Listing.objects.count(), Response.objects.count()) == before
