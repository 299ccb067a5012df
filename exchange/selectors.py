"""Reads of vraag & aanbod that pages and higher apps share: what a visitor may see,
which listings match, and how many matches a council made (a process indicator)."""

from datetime import date, datetime, time

from django.db.models import Count
from django.utils import timezone

from exchange.models import Listing, Response, place_key
from ketenoverleg.models import Ketenoverleg
from members.models import Membership, MembershipStatus, Organisation


def own_organisations(user, council: Ketenoverleg):
    """The admitted member organisations ``user`` acts for in ``council``."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            representatives__user=user,
            memberships__council=council,
            memberships__status=MembershipStatus.TOEGELATEN,
        )
        .distinct()
        .order_by("name")
    )


def organisation_geledingen(organisation: Organisation, council: Ketenoverleg) -> list[str]:
    membership = (
        Membership.objects.filter(
            organisation=organisation, council=council, status=MembershipStatus.TOEGELATEN
        )
        .prefetch_related("geleding_rows")
        .first()
    )
    return membership.geledingen if membership else []


def periods_overlap(a: Listing, b: Listing) -> bool:
    a_from, a_until = a.available_from or date.min, a.available_until or date.max
    b_from, b_until = b.available_from or date.min, b.available_until or date.max
    return a_from <= b_until and b_from <= a_until


def in_reach(a: Listing, b: Listing) -> bool:
    """Each side accepts the other's place: the same place, or both serve the whole area."""
    if place_key(a.region) == place_key(b.region):
        return True
    return a.reach == Listing.Reach.WERKGEBIED and b.reach == Listing.Reach.WERKGEBIED


def is_match(a: Listing, b: Listing) -> bool:
    """An offer and a request of the same material (and category) in reach of each
    other, open at the same time, from two different organisations."""
    return (
        a.kind != b.kind
        and a.council_id == b.council_id
        and a.organisation_id != b.organisation_id
        and a.category == b.category
        and a.material_key == b.material_key
        and in_reach(a, b)
        and periods_overlap(a, b)
    )


def suggested_matches(listing: Listing) -> list[Listing]:
    """Open listings that match ``listing`` (one query)."""
    if not listing.is_open:
        return []
    candidates = (
        Listing.objects.open()
        .filter(council_id=listing.council_id, material_key=listing.material_key)
        .exclude(kind=listing.kind)
        .exclude(organisation_id=listing.organisation_id)
        .select_related("organisation", "council")
    )
    return [c for c in candidates if is_match(listing, c)]


def match_flags(listings, mine) -> dict[int, list[Listing]]:
    """For each listing on a page, the visitor's own open listings it matches."""
    mine = list(mine)
    return {listing.pk: [m for m in mine if is_match(listing, m)] for listing in listings if mine}


def visible_listings(council: Ketenoverleg, *, insider: bool):
    """Members see every open listing; the public only the teasers made public."""
    listings = Listing.objects.for_council(council)
    listings = listings.open() if insider else listings.public()
    return listings.select_related("organisation", "council")


def responses_for(listing: Listing):
    return listing.responses.select_related("organisation", "counter_listing")


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, time.max), tz),
    )


def matches_made(council_ids, start: date, end: date) -> dict[int, int]:
    """Deals per council closed between ``start`` and ``end`` (inclusive, local dates):
    the process indicator "matches gemaakt". An offer and a request closed with the same
    answer count as one match."""
    since, until = _day_bounds(start, end)
    rows = (
        Response.objects.filter(
            listing__council_id__in=list(council_ids),
            deals__result=Listing.Result.DEAL,
            deals__closed_at__range=(since, until),
        )
        .values("listing__council_id")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {row["listing__council_id"]: row["n"] for row in rows}
    return {council_id: counts.get(council_id, 0) for council_id in council_ids}
