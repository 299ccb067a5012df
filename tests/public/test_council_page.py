"""The public council page: kernteam, members per geleding, declarations with their
signatories, the latest indicator values and news, in a fixed number of queries."""

import time
from datetime import date, timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages.models import Indicator, Measurement, Package
from ketenoverleg.models import Geleding, NewsItem
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation, Seat
from tests.actionpackages.factories import (
    GELEDINGEN,
    IndicatorFactory,
    MeasurementFactory,
    open_package,
    sign_for,
    signer,
)
from tests.factories import CouncilFactory
from tests.members.factories import BoardAppointmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

G = Geleding


def test_the_council_page_shows_what_the_council_does(client, council):
    chair = BoardAppointmentFactory(
        council=council, seat=Seat.AANBOD, user__first_name="Anna", user__last_name="Bakker"
    )
    MembershipFactory(council=council, geledingen=[G.VRAAG, G.KENNIS])
    package = open_package(council, title="Meer granulaatbeton")
    for geledingen in ([G.VRAAG], [G.RECYCLING]):
        sign_for(package, *signer(council, geledingen))
    indicator = IndicatorFactory(package__council=council, name="Aandeel granulaat")
    MeasurementFactory(indicator=indicator, value=Decimal("12.5"))
    for days_ago, title in enumerate(["Nieuwste", "Tweede", "Derde", "Vierde en oudste"]):
        NewsItem.objects.create(
            council=council,
            title=title,
            body="-",
            published_at=timezone.now() - timedelta(days=days_ago),
        )

    response = client.get(council.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assertContains(response, f"Anna Bakker ({chair.membership.organisation.name})")
    seats = response.context["kernteam_seats"]
    assert [s["key"] for s in seats if s["appointment"] is None] == [
        s.value for s in Seat if s != Seat.AANBOD
    ]
    # six vacant seats, and two geledingen without members (overheid, transitie)
    assertContains(response, '<span class="vacature">vacature</span>', count=6 + 2)
    counts = {row["key"]: row["count"] for row in response.context["member_counts"]}
    # aanbod: the kernteam member; vraag: a member and a signer; kennis; recycling: a signer
    assert counts == {
        G.AANBOD: 1,
        G.VRAAG: 2,
        G.RECYCLING: 1,
        G.KENNIS: 1,
        G.OVERHEID: 0,
        G.TRANSITIE: 0,
    }
    assertContains(response, "Vraag: 2")
    assertContains(response, "Meer granulaatbeton</a> – Open voor ondertekening, 2 ondertekenaars")
    assertContains(response, "12,50 %")
    assertContains(response, "Aandeel granulaat")
    for title in ["Nieuwste", "Tweede", "Derde"]:
        assertContains(response, title)
    assertNotContains(response, "Vierde en oudste")


def add_members(council, n: int) -> None:
    """``n`` admitted, listed members in one or two geledingen (bulk, fast)."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Lid {council.slug} {i:04d}", place="Groningen", email=f"l{i}@x.nl")
        for i in range(n)
    )
    memberships = Membership.objects.bulk_create(
        Membership(
            organisation=o,
            council=council,
            status=MembershipStatus.TOEGELATEN,
            listing_consent=True,
            listing_consent_at=timezone.now(),
        )
        for o in organisations
    )
    MembershipGeleding.objects.bulk_create(
        MembershipGeleding(membership=m, geleding=g)
        for i, m in enumerate(memberships)
        for g in [GELEDINGEN[i % 6]] + ([GELEDINGEN[(i + 1) % 6]] if i % 4 == 0 else [])
    )


def add_packages(council, n: int) -> None:
    """``n`` running packages, each with an indicator measured twice (bulk, fast)."""
    packages = Package.objects.bulk_create(
        Package(
            council=council,
            title=f"Pakket {i:03d}",
            aim="Meer granulaat.",
            status=Package.Status.AFGESLOTEN if i % 5 == 4 else Package.Status.LOPEND,
            starts_on=date(2024, 1, 1) + timedelta(days=i),
        )
        for i in range(n)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            package=p,
            name=f"Indicator {p.title}",
            unit="%",
            method="-",
            source="-",
            frequency="-",
            measured_by="-",
            baseline_value=Decimal("4"),
            baseline_on=date(2024, 1, 1),
            target_value=Decimal("15"),
        )
        for p in packages
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=i, measured_on=date(2024, month, 1), value=Decimal(month))
        for i in indicators
        for month in (4, 7)
    )


def council_with(members: int, packages: int, slug: str):
    council = CouncilFactory(slug=slug)
    add_members(council, members)
    add_packages(council, packages)
    for seat in (Seat.AANBOD, Seat.KENNIS):
        BoardAppointmentFactory(council=council, seat=seat)
    for i in range(5):
        NewsItem.objects.create(council=council, title=f"Bericht {i}", body="-")
    return council


def page_queries(client, council) -> int:
    client.get(council.get_absolute_url())  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(council.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_the_query_count_does_not_grow_with_members_or_packages(client):
    small = council_with(members=10, packages=2, slug="klein")
    large = council_with(members=200, packages=10, slug="groot")

    assert page_queries(client, large) == page_queries(client, small)


def test_a_large_council_page_renders_quickly(client):
    council = council_with(members=1000, packages=50, slug="heel-groot")
    client.get(council.get_absolute_url())  # warm the session and templates

    started = time.perf_counter()
    response = client.get(council.get_absolute_url())
    seconds = time.perf_counter() - started

    print(f"\ncouncil page, 1000 members and 50 packages: {seconds:.3f} s ({connection.vendor})")
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Pakket 049")
    # 1,000 members, every fourth in a second geleding, and the two kernteam members
    assert sum(row["count"] for row in response.context["member_counts"]) == 1250 + 2
    assert seconds < 1.5
