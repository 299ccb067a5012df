"""The demo meetings of Betonketenoverleg Groningen."""

from datetime import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from ketenoverleg import demo as council_demo
from ketenoverleg.models import Ketenoverleg
from meetings import demo
from meetings.demo import MONTHS
from meetings.models import ActionPoint, Attendance, Evaluation, Meeting, Minutes
from members import demo as members_demo


@pytest.fixture
def seeded(db):
    council_demo.seed()
    members_demo.seed()
    demo.seed()
    return Ketenoverleg.objects.get(slug=council_demo.DEMO_SLUG)


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Meeting, Minutes, ActionPoint, Attendance, Evaluation)
    }


def test_demo_has_four_past_kernteam_meetings_with_minutes_and_action_points(seeded):
    past = Meeting.objects.for_council(seeded).past().filter(kind=Meeting.Kind.KERNTEAM)

    assert past.count() == 4
    for meeting in past:
        assert meeting.minutes
        assert meeting.action_points.exists()
        assert meeting.attendance.filter(status=Attendance.Status.PRESENT).exists()
        assert meeting.items.count() == 9
    statuses = sorted(m.minutes.status for m in past)
    assert statuses == ["concept"] + ["gepubliceerd"] * 3


def test_demo_has_overdue_and_closed_action_points(seeded):
    points = ActionPoint.objects.filter(meeting__council=seeded)

    assert points.overdue().exists()
    assert points.open().exclude(pk__in=points.overdue()).exists()
    assert points.filter(status=ActionPoint.Status.DONE).exists()


def test_demo_has_one_alv_and_one_upcoming_meeting(seeded):
    meetings = Meeting.objects.for_council(seeded)

    assert meetings.filter(kind=Meeting.Kind.ALV).count() == 1
    assert meetings.filter(kind=Meeting.Kind.ALV).get().is_past
    assert meetings.upcoming().count() == 1
    upcoming = meetings.upcoming().get()
    assert upcoming.kind == Meeting.Kind.KERNTEAM
    assert ActionPoint.objects.carried_over_to(upcoming).count() == 5


def test_demo_seed_is_idempotent(seeded):
    before = snapshot()

    council_demo.seed()
    members_demo.seed()
    demo.seed()

    assert snapshot() == before


def test_demo_upcoming_agenda_shows_the_vacancy_and_open_points(client, seeded):
    upcoming = Meeting.objects.for_council(seeded).upcoming().get()

    response = client.get(upcoming.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assertContains(response, '<span class="vacature">Vacature</span> Overheid')
    assertContains(response, "Gesprek met de wethouder over de vacature overheid")
    assertContains(response, "(verlopen)")


def test_demo_meeting_list_is_public(client, seeded):
    response = client.get(reverse("meetings:list", kwargs={"slug": seeded.slug}))

    assertContains(response, "Algemene ledenvergadering")
    assertContains(response, "Kernteam ")


@pytest.mark.parametrize("today", ["2026-11-27 10:00", "2026-03-02 10:00", "2027-01-05 10:00"])
def test_demo_meetings_are_named_after_the_month_they_fall_in(db, today):
    with time_machine.travel(timezone.make_aware(datetime.fromisoformat(today)), tick=False):
        council_demo.seed()
        members_demo.seed()
        demo.seed()
        meetings = Meeting.objects.filter(title__startswith="Kernteam ")

        assert meetings.count() == 5
        for meeting in meetings:
            month = timezone.localtime(meeting.starts_at).month
            assert meeting.title == f"Kernteam {MONTHS[month - 1]}", meeting.starts_at
