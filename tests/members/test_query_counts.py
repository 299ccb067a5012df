"""Pages with many members issue as many queries as pages with few (no N+1)."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketenoverleg.models import KERNTEAM_HELD_ROLES, Geleding, Role
from members import services
from members.models import (
    BoardFunction,
    ContributionPayment,
    ContributionRate,
    ContributionReminder,
    MembershipStatus,
    Seat,
)
from tests.factories import CouncilFactory, UserFactory, give_kernteam_role
from tests.members.factories import BoardAppointmentFactory, MembershipFactory

YEAR = 2025


def populate(council, n, **kwargs):
    """``n`` members with a contact person; every third one in two geledingen."""
    members = []
    for i in range(n):
        geledingen = [Geleding.AANBOD, Geleding.RECYCLING] if i % 3 == 0 else [Geleding.VRAAG]
        members.append(
            MembershipFactory(
                council=council,
                organisation__representative=UserFactory(),
                geledingen=geledingen,
                **kwargs,
            )
        )
    return members


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.fixture
def few_and_many(db):
    return CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")


def test_ledenlijst(client, few_and_many):
    few, many = few_and_many
    populate(few, 10)
    populate(many, 60)

    counts = [
        count_queries(client, reverse("members:ledenlijst", kwargs={"slug": c.slug}))
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


@pytest.mark.parametrize("params", ["?geleding=aanbod", "?q=beton", "?page=2"])
def test_ledenlijst_filtered_and_paged(client, few_and_many, params):
    few, many = few_and_many
    populate(few, 30)
    populate(many, 120)

    counts = [
        count_queries(client, reverse("members:ledenlijst", kwargs={"slug": c.slug}) + params)
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


def test_ledenlijst_download(client, few_and_many):
    few, many = few_and_many
    populate(few, 10)
    populate(many, 60)

    counts = [
        count_queries(client, reverse("members:ledenlijst_json", kwargs={"slug": c.slug}))
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


def test_contact_list(client, few_and_many):
    few, many = few_and_many
    populate(few, 10)
    populate(many, 60)
    client.force_login(_reader(Role.KETENSECRETARIS, few, many))

    counts = [
        count_queries(client, reverse("members:contacts", kwargs={"slug": c.slug}))
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


def _reader(role, *councils):
    user = UserFactory()
    for council in councils:
        if role in KERNTEAM_HELD_ROLES:
            give_kernteam_role(council, user, role)
        else:
            user.role_assignments.create(council=council, role=role, starts_on=date(2024, 1, 1))
    return user


def test_review_queue(client, few_and_many):
    few, many = few_and_many
    populate(few, 10, status=MembershipStatus.AANGEVRAAGD)
    populate(many, 60, status=MembershipStatus.AANGEVRAAGD)
    client.force_login(_reader(Role.SECRETARIS, few, many))

    counts = [
        count_queries(client, reverse("members:review_queue", kwargs={"slug": c.slug}))
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


def _kernteam(council, seats, handovers=0):
    """Seats, and the voorzitter handed over ``handovers`` times (the function history)."""
    members = [BoardAppointmentFactory(council=council, seat=seat).user for seat in seats]
    start = date.today() - timedelta(days=25)
    for i in range(handovers + 1):
        services.function_appoint(
            council=council,
            function=BoardFunction.VOORZITTER,
            user=members[i % len(members)],
            starts_on=start + timedelta(days=i),
            decided_on=start,
            by=members[0],
        )
    services.function_appoint(
        council=council,
        function=BoardFunction.PROCESBEGELEIDER,
        user=UserFactory(),
        starts_on=start,
        decided_on=start,
        by=members[0],
    )


@pytest.mark.parametrize(
    "who",
    [
        "anoniem",
        Role.SECRETARIS,
        Role.KERNTEAMLID,  # sees the forms to choose functions
    ],
)
def test_kernteam_page(client, few_and_many, who):
    few, many = few_and_many
    populate(few, 10)
    populate(many, 40)
    _kernteam(few, [Seat.AANBOD, Seat.VRAAG])
    _kernteam(many, Seat.values, handovers=12)
    if who != "anoniem":
        client.force_login(_reader(who, few, many))

    counts = [
        count_queries(client, reverse("members:kernteam", kwargs={"slug": c.slug}))
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


def test_contribution_page(client, few_and_many):
    few, many = few_and_many
    for council, n in [(few, 10), (many, 40)]:
        members = populate(council, n)
        ContributionRate.objects.create(
            council=council, year=YEAR, amount=100, set_by_alv_on=date(YEAR - 1, 11, 1)
        )
        for membership in members[::2]:
            ContributionPayment.objects.create(
                membership=membership, year=YEAR, amount=100, paid_on=date(YEAR, 2, 1)
            )
        for membership in members[1::2]:
            ContributionReminder.objects.create(membership=membership, year=YEAR)
    client.force_login(_reader(Role.PENNINGMEESTER, few, many))

    counts = [
        count_queries(
            client, reverse("members:contribution", kwargs={"slug": c.slug}) + "?jaar=2025"
        )
        for c in (few, many)
    ]

    assert counts[0] == counts[1]


def test_work_group_form(client, few_and_many):
    few, many = few_and_many
    populate(few, 10)
    populate(many, 40)
    client.force_login(_reader(Role.SECRETARIS, few, many))

    counts = [
        count_queries(client, reverse("members:work_group_create", kwargs={"slug": c.slug}))
        for c in (few, many)
    ]

    assert counts[0] == counts[1]
