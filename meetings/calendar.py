"""iCalendar (RFC 5545) output for meetings, via the icalendar library."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from meetings.models import Meeting


def build_calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Ketenoverleg//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    base = settings.SITE_URL.rstrip("/")
    now = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting.ical_uid)
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.end_or_default)
        event.add("summary", f"{meeting.title} – {meeting.council.name}")
        location = ", ".join(p for p in [meeting.location, meeting.online_url] if p)
        if location:
            event.add("location", location)
        url = base + meeting.get_absolute_url()
        event.add("url", url)
        event.add("description", f"{meeting.get_kind_display()}\n{url}")
        cal.add_component(event)
    return cal.to_ical()
