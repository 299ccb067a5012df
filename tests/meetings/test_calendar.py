"""Calendar feeds: one meeting, the public feed and a member's private feed."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.models import Role, RoleAssignment
from meetings.models import CalendarToken
from tests.factories import UserFactory, user_with_role
from tests.meetings.factories import MeetingFactory, days_from_now
from tests.members.factories import member_of


def url(name, council, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": council.slug, **kwargs})


def events(response) -> dict[str, object]:
    """The VEVENTs of an iCalendar response, by UID."""
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def assert_event(event, meeting, council):
    assert str(event["UID"]) == meeting.ical_uid
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.end_or_default
    assert str(event["SUMMARY"]) == f"{meeting.title} – {council.name}"
    assert str(event["URL"]) == settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()


@pytest.fixture
def meetings(council):
    return {
        "public": MeetingFactory(council=council, title="Kernteam openbaar"),
        "members_only": MeetingFactory(
            council=council,
            title="Kernteam besloten",
            is_public=False,
            starts_at=days_from_now(14),
            ends_at=None,
        ),
        "elsewhere": MeetingFactory(title="Vergadering elders"),
    }


def test_one_meeting_as_ics(client, council, meetings):
    meeting = meetings["public"]

    response = client.get(url("ics", council, pk=meeting.pk))

    found = events(response)
    assert list(found) == [meeting.ical_uid]
    assert_event(found[meeting.ical_uid], meeting, council)
    assert str(found[meeting.ical_uid]["LOCATION"]) == meeting.location


def test_members_only_meeting_ics_needs_a_login(client, council, meetings):
    response = client.get(url("ics", council, pk=meetings["members_only"].pk))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_public_feed_has_only_public_meetings(client, council, meetings):
    found = events(client.get(url("public_feed", council)))

    assert list(found) == [meetings["public"].ical_uid]
    assert_event(found[meetings["public"].ical_uid], meetings["public"], council)


def test_private_feed_has_every_meeting_of_the_council(client, council, meetings):
    token = CalendarToken.objects.create(user=member_of(council), council=council)

    found = events(client.get(url("private_feed", council, token=token.token)))

    assert sorted(found) == sorted(
        m.ical_uid for m in (meetings["public"], meetings["members_only"])
    )
    members_only = meetings["members_only"]
    assert_event(found[members_only.ical_uid], members_only, council)
    # Without an end time the meeting lasts two hours in the calendar.
    assert found[members_only.ical_uid].decoded("DTEND") == members_only.starts_at + timedelta(
        hours=2
    )


def test_private_feed_with_an_unknown_token_is_not_found(client, council, meetings):
    CalendarToken.objects.create(user=member_of(council), council=council, token="echt")

    response = client.get(url("private_feed", council, token="verzonnen"))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_private_feed_token_of_another_council_is_not_found(client, council, meetings):
    other = meetings["elsewhere"].council
    token = CalendarToken.objects.create(user=member_of(other), council=other)

    response = client.get(url("private_feed", council, token=token.token))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_private_feed_stops_when_the_user_is_no_longer_an_insider(client, council, meetings):
    user = user_with_role(council, Role.KETENSECRETARIS)
    token = CalendarToken.objects.create(user=user, council=council)
    RoleAssignment.objects.filter(user=user).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )

    response = client.get(url("private_feed", council, token=token.token))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"Kernteam besloten" not in response.content


@pytest.mark.parametrize(
    ("who", "may_subscribe"),
    [("anonymous", False), ("outsider", False), ("member", True), ("ketensecretaris", True)],
)
def test_calendar_page_offers_a_private_url_only_to_insiders(client, council, who, may_subscribe):
    user = {
        "anonymous": lambda: None,
        "outsider": UserFactory,
        "member": lambda: member_of(council),
        "ketensecretaris": lambda: user_with_role(council, Role.KETENSECRETARIS),
    }[who]()
    if user:
        client.force_login(user)

    page = client.get(url("calendar", council))
    asked = client.post(url("calendar", council))

    assert page.status_code == HTTPStatus.OK
    assertContains(page, "http://testserver" + url("public_feed", council))
    if may_subscribe:
        assertContains(page, "Maak mijn persoonlijke agenda-adres")
        assertRedirects(asked, url("calendar", council))
        token = CalendarToken.objects.get(user=user, council=council)
        shown = client.get(url("calendar", council))
        assertContains(shown, "http://testserver" + url("private_feed", council, token=token.token))
        assertContains(shown, "Dit adres is persoonlijk")
    else:
        assertNotContains(page, "Alle vergaderingen (voor leden)")
        assert asked.status_code in {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN}
        assert not CalendarToken.objects.exists()


def test_looking_at_the_calendar_page_makes_no_token(client, council):
    client.force_login(member_of(council))

    client.get(url("calendar", council))

    assert not CalendarToken.objects.exists()


def test_asking_twice_keeps_the_same_private_url(client, council):
    user = member_of(council)
    client.force_login(user)

    client.post(url("calendar", council))
    client.post(url("calendar", council))

    assert CalendarToken.objects.filter(user=user, council=council).count() == 1


def test_private_feed_stops_when_the_account_is_deactivated(client, council, meetings):
    user = member_of(council)
    token = CalendarToken.objects.create(user=user, council=council)
    user.is_active = False
    user.save()

    response = client.get(url("private_feed", council, token=token.token))

    assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    assert b"Kernteam besloten" not in response.content
