"""Factories for vraag & aanbod: members that trade, and their listings."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from exchange.models import Listing
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory


def trader(council, geledingen=("aanbod",), **organisation):
    """A user acting for an admitted member; returns (user, organisation)."""
    user = UserFactory()
    membership = MembershipFactory(
        council=council,
        organisation__representative=user,
        geledingen=list(geledingen),
        **{f"organisation__{k}": v for k, v in organisation.items()},
    )
    return user, membership.organisation


def listing(council, organisation=None, **fields) -> Listing:
    """An open listing (an offer of 50 t betongranulaat per month unless told otherwise)."""
    if organisation is None:
        _user, organisation = trader(council, [fields.get("geleding", "aanbod")])
    user = (
        organisation.representatives.first().user if organisation.representatives.exists() else None
    )
    values = {
        "kind": Listing.Kind.AANBOD,
        "category": Listing.Category.MATERIAAL,
        "geleding": "aanbod",
        "material": "Betongranulaat",
        "quantity": Decimal(50),
        "unit": "t",
        "frequency": Listing.Frequency.MAAND,
        "region": "Groningen",
        "reach": Listing.Reach.WERKGEBIED,
        "expires_on": timezone.localdate() + timedelta(days=30),
        "contact_name": "Contact " + organisation.name,
        "contact_email": f"handel{organisation.pk}@voorbeeld.nl",
        "contact_phone": f"06-{organisation.pk:08d}",
        **fields,
    }
    return Listing.objects.create(
        council=council, organisation=organisation, created_by=user, **values
    )
