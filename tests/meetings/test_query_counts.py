"""Pages with many meetings or action points issue as many queries as pages with few."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import Role
from meetings.models import (
    Attendance,
    CalendarToken,
    Dispatch,
    DispatchRecipient,
    DispatchResend,
)
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.meetings.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    days_from_now,
)
from tests.members.factories import BoardAppointmentFactory


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.fixture
def few_and_many(db):
    return CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")


def login(client, council, role):
    if role:
        client.force_login(user_with_role(council, role))


def populate_meetings(council, n):
    """``n`` meetings, alternately public and members-only, with minutes and open points."""
    for i in range(n):
        meeting = MeetingFactory(
            council=council, starts_at=days_from_now(-7 * i - 1), is_public=i % 2 == 0
        )
        MinutesFactory(meeting=meeting)
        ActionPointFactory(meeting=meeting)


@pytest.mark.parametrize("role", [None, Role.SECRETARIS])
def test_meeting_list(client, few_and_many, role):
    few, many = few_and_many
    populate_meetings(few, 5)
    populate_meetings(many, 40)

    counts = []
    for council in (few, many):
        client.logout()
        login(client, council, role)
        counts.append(
            count_queries(client, reverse("meetings:list", kwargs={"slug": council.slug}))
        )

    assert counts[0] == counts[1]


def populate_meeting(council, n):
    """A meeting with ``n`` agenda items, action points, attendees and carried-over points."""
    earlier = MeetingFactory(council=council, starts_at=days_from_now(-60))
    meeting = MeetingFactory(council=council, starts_at=days_from_now(-2))
    MinutesFactory(meeting=meeting)
    BoardAppointmentFactory(council=council)
    for i in range(n):
        owner = UserFactory()
        item = AgendaItemFactory(
            meeting=meeting, section="actiepakketten", decisions=f"Besluit {i}"
        )
        ActionPointFactory(meeting=meeting, owner=owner, agenda_item=item)
        ActionPointFactory(
            meeting=earlier, owner=owner, deadline=timezone.localdate() - timedelta(days=i)
        )
        Attendance.objects.create(meeting=meeting, user=owner, status="aanwezig")
    return meeting


@pytest.mark.parametrize("page", ["meetings:detail", "meetings:print"])
@pytest.mark.parametrize("role", [None, Role.LID, Role.SECRETARIS])
def test_meeting_detail(client, few_and_many, page, role):
    counts = []
    for council, n in zip(few_and_many, (3, 30), strict=True):
        meeting = populate_meeting(council, n)
        client.logout()
        login(client, council, role)
        response = client.get(meeting.get_absolute_url())
        assert len(response.context["carried_over"]) == n
        counts.append(
            count_queries(client, reverse(page, kwargs={"slug": council.slug, "pk": meeting.pk}))
        )

    assert counts[0] == counts[1]


@pytest.mark.parametrize("role", [Role.KERNTEAMLID, Role.SECRETARIS])
@pytest.mark.parametrize("params", ["", "?status=&overdue=true"])
def test_action_points_overview(client, few_and_many, role, params):
    counts = []
    for council, n in zip(few_and_many, (5, 50), strict=True):
        meetings = [
            MeetingFactory(council=council, starts_at=days_from_now(-10 * i)) for i in range(5)
        ]
        for i in range(n):
            ActionPointFactory(
                meeting=meetings[i % 5], deadline=timezone.localdate() - timedelta(days=i % 3)
            )
        client.logout()
        login(client, council, role)
        url = reverse("meetings:action_points", kwargs={"slug": council.slug}) + params
        counts.append(count_queries(client, url))

    assert counts[0] == counts[1]


def test_private_feed(client, few_and_many):
    counts = []
    for council, n in zip(few_and_many, (5, 40), strict=True):
        populate_meetings(council, n)
        token = CalendarToken.objects.create(
            user=user_with_role(council, Role.LID), council=council
        )
        url = reverse("meetings:private_feed", kwargs={"slug": council.slug, "token": token.token})
        counts.append(count_queries(client, url))

    assert counts[0] == counts[1]


def test_public_feed(client, few_and_many):
    counts = []
    for council, n in zip(few_and_many, (5, 40), strict=True):
        populate_meetings(council, n)
        url = reverse("meetings:public_feed", kwargs={"slug": council.slug})
        counts.append(count_queries(client, url))

    assert counts[0] == counts[1]


def dispatch_with(council, n: int, secretary):
    """A dispatch to ``n`` people, every other one in a resend, some sent, one failed."""
    meeting = MeetingFactory(council=council)
    dispatch = Dispatch.objects.create(
        meeting=meeting, what="agenda", audience="leden", created_by=secretary
    )
    resends = [
        DispatchResend.objects.create(
            dispatch=dispatch, reason=f"Ronde {i}", created_by=secretary, token=f"{council.pk}-{i}"
        )
        for i in range(3)
    ]
    for i in range(n):
        DispatchRecipient.objects.create(
            dispatch=dispatch,
            resend=resends[i % 3] if i % 2 else None,
            email=f"lid{i}@{council.slug}.nl",
            name=f"Lid {i}",
            sent_at=timezone.now() if i % 3 else None,
            attempts=5 if i == 1 else 0,
            error="postvak vol" if i == 1 else "",
        )
    return dispatch


def test_dispatch_page(client, few_and_many):
    counts = []
    for council, n in zip(few_and_many, (4, 60), strict=True):
        secretary = user_with_role(council, Role.SECRETARIS)
        dispatch = dispatch_with(council, n, secretary)
        client.force_login(secretary)
        url = reverse("meetings:dispatch", kwargs={"slug": council.slug, "pk": dispatch.pk})
        counts.append(count_queries(client, url))

    assert counts[0] == counts[1]
