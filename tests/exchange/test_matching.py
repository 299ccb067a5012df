"""Which listings are suggested as a match, and how many matches a council made."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from exchange import selectors, services
from exchange.models import Listing, Response, material_key
from tests.exchange.factories import listing, trader
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

K = Listing.Kind


def test_material_names_match_regardless_of_case_accents_and_punctuation():
    assert material_key("Beton-granulaat ") == material_key("betongranulaat")
    assert material_key("Gerecycled béton") == material_key("gerecycledbeton")
    assert material_key("Betongranulaat") != material_key("Menggranulaat")


def test_an_offer_and_a_request_of_the_same_material_in_reach_match(council):
    offer = listing(council, kind=K.AANBOD, material="Betongranulaat")
    request = listing(council, kind=K.VRAAG, geleding="vraag", material="beton granulaat")

    assert selectors.suggested_matches(offer) == [request]
    assert selectors.suggested_matches(request) == [offer]


@pytest.mark.parametrize(
    "other",
    [
        {"kind": K.AANBOD},  # two offers
        {"material": "Menggranulaat"},
        {"category": Listing.Category.CAPACITEIT},
        {"region": "Assen", "reach": Listing.Reach.PLAATS},  # only around Assen
        {"available_from": date(2030, 1, 1)},  # later than the offer runs
        {"status": Listing.Status.GESLOTEN},
        {"expires_on": date(2000, 1, 1)},
    ],
)
def test_no_match(council, other):
    offer = listing(council, kind=K.AANBOD, available_until=date(2029, 12, 31))
    listing(council, **{"kind": K.VRAAG, "geleding": "vraag", **other})

    assert selectors.suggested_matches(offer) == []


def test_the_same_organisation_or_another_council_is_no_match(council):
    offer = listing(council)
    listing(council, organisation=offer.organisation, kind=K.VRAAG)
    elsewhere = CouncilFactory()
    listing(elsewhere, kind=K.VRAAG)

    assert selectors.suggested_matches(offer) == []


def test_two_local_listings_in_the_same_place_match(council):
    offer = listing(council, region="Hoogkerk", reach=Listing.Reach.PLAATS)
    request = listing(council, kind=K.VRAAG, region="hoogkerk ", reach=Listing.Reach.PLAATS)

    assert selectors.suggested_matches(offer) == [request]


def test_matches_made_counts_deals_per_council_and_period_once_per_answer(council):
    other_council = CouncilFactory()
    offer = listing(council)
    user_b, org_b = trader(council, ["vraag"])
    request = listing(council, organisation=org_b, kind=K.VRAAG, geleding="vraag")
    owner = offer.organisation.representatives.first().user
    response = services.response_create(
        listing=offer,
        organisation=org_b,
        by=user_b,
        message="Graag.",
        contact_name="B",
        contact_email="b@voorbeeld.nl",
        counter_listing=request,
    )
    services.response_accept(response=response, by=owner)
    services.listing_close(listing=offer, by=owner, result="deal", response=response)
    services.listing_close(listing=request, by=user_b, result="deal", response=response)
    no_deal = listing(council, material="Zand")
    services.listing_close(
        listing=no_deal, by=no_deal.organisation.representatives.first().user, result="geen_match"
    )
    today = timezone.localdate()

    counts = selectors.matches_made(
        [council.pk, other_council.pk], today - timedelta(days=1), today
    )

    assert counts == {council.pk: 1, other_council.pk: 0}
    assert selectors.matches_made(
        [council.pk], today + timedelta(days=1), today + timedelta(days=30)
    ) == {council.pk: 0}
    assert Response.objects.get().deals.count() == 2
