"""Meetings services: the agenda template, minutes and their life cycle, action points."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenoverleg.models import Role
from meetings import services
from meetings.models import (
    ActionPoint,
    AgendaTemplateItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesCorrection,
    Section,
)
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.meetings.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    days_from_now,
)

FIXED_STRUCTURE = ["opening", "vorige", "actiepakketten", "ketenoverleg", "rondvraag", "sluiting"]


@pytest.fixture
def secretary(council):
    # The ketensecretaris: the secretaris of the kernteam holds a seat, which would
    # show up in the kernteam's invitations and vacancies.
    return user_with_role(council, Role.KETENSECRETARIS)


def plan(council, by, *, days=-7, **fields):
    fields = {
        "kind": Meeting.Kind.KERNTEAM,
        "title": "Kernteamvergadering",
        "starts_at": days_from_now(days),
        "ends_at": days_from_now(days, hour=17),
        "location": "Stadhuis Groningen",
        "invitees": Meeting.Invitees.KERNTEAM,
        **fields,
    }
    return services.meeting_create(council=council, by=by, **fields)


def sections_in_order(meeting):
    seen = []
    for section in meeting.items.values_list("section", flat=True):
        if section not in seen:
            seen.append(section)
    return seen


# The agenda template -----------------------------------------------------------------


@pytest.mark.parametrize("kind", [Meeting.Kind.KERNTEAM, Meeting.Kind.ALV])
def test_meeting_create_copies_the_standard_agenda_of_a_new_council(council, secretary, kind):
    meeting = plan(council, secretary, kind=kind)

    assert sections_in_order(meeting) == FIXED_STRUCTURE
    titles = list(meeting.items.values_list("title", flat=True))
    assert titles[0] == "Opening en vaststellen van de agenda"
    assert "Keuze van het volgende vraagstuk van de probleemlijst" in titles
    assert titles[-1] == "Sluiting"
    # The template (made when the council was created) holds the same points.
    assert sorted(council.agenda_template_items.values_list("title", flat=True)) == sorted(titles)


def test_meeting_create_uses_the_councils_edited_template_in_the_fixed_order(council, secretary):
    services.template_items(council)
    AgendaTemplateItem.objects.filter(council=council, section=Section.COUNCIL).delete()
    AgendaTemplateItem.objects.create(
        council=council, section=Section.RONDVRAAG, title="Mededelingen van de leden", position=0
    )
    AgendaTemplateItem.objects.create(
        council=council, section=Section.COUNCIL, title="Werving nieuwe leden", position=99
    )

    meeting = plan(council, secretary)

    titles = list(meeting.items.values_list("title", flat=True))
    assert "Communicatie en financiën" not in titles
    # Position within the template never breaks the fixed two-track structure.
    assert titles.index("Werving nieuwe leden") < titles.index("Mededelingen van de leden")
    assert titles.index("Mededelingen van de leden") < titles.index("Sluiting")
    assert sections_in_order(meeting) == FIXED_STRUCTURE


def test_a_werksessie_starts_without_an_agenda(council, secretary):
    meeting = plan(council, secretary, kind=Meeting.Kind.WERKSESSIE)

    assert not meeting.items.exists()


def test_each_council_gets_its_own_template(council, secretary):
    other = CouncilFactory()
    plan(council, secretary)
    plan(other, user_with_role(other, Role.SECRETARIS))

    assert AgendaTemplateItem.objects.filter(council=council).count() == 9
    assert AgendaTemplateItem.objects.filter(council=other).count() == 9


# Minutes ------------------------------------------------------------------------------


def test_minutes_save_writes_summary_decisions_and_attendance(council, secretary):
    meeting = plan(council, secretary)
    item = meeting.items.get(title="Keuze van het volgende vraagstuk van de probleemlijst")
    present, excused = UserFactory(), UserFactory()

    minutes = services.minutes_save(
        meeting=meeting,
        summary="Goede vergadering.",
        items={item.pk: ("Drie vraagstukken besproken.", "Granulaat in funderingen gekozen.")},
        attendance={present.pk: "aanwezig", excused.pk: "afgemeld"},
        by=secretary,
    )

    assert minutes.status == Minutes.Status.CONCEPT
    item.refresh_from_db()
    assert item.decisions == "Granulaat in funderingen gekozen."
    assert dict(Attendance.objects.values_list("user_id", "status")) == {
        present.pk: "aanwezig",
        excused.pk: "afgemeld",
    }


@pytest.mark.parametrize(
    ("kind", "days", "message"),
    [
        (Meeting.Kind.WERKSESSIE, -7, "Van een werksessie wordt geen verslag gemaakt."),
        (Meeting.Kind.KERNTEAM, 7, "Een verslag schrijft u na de vergadering."),
    ],
    ids=["werksessie", "future"],
)
def test_minutes_save_is_refused(council, secretary, kind, days, message):
    meeting = MeetingFactory(council=council, kind=kind, starts_at=days_from_now(days))

    with pytest.raises(ValidationError) as error:
        services.minutes_save(
            meeting=meeting, summary="Verslag", items={}, attendance={}, by=secretary
        )

    assert error.value.messages == [message]
    assert not Minutes.objects.exists()


def test_editing_published_minutes_needs_a_reason(council, secretary):
    minutes = MinutesFactory(
        meeting__council=council, status=Minutes.Status.GEPUBLICEERD, summary="Oorspronkelijk."
    )

    with pytest.raises(ValidationError) as error:
        services.minutes_save(
            meeting=minutes.meeting,
            summary="Stiekem gewijzigd.",
            items={},
            attendance={},
            by=secretary,
            correction_reason="   ",
        )

    assert "correction_reason" in error.value.message_dict
    minutes.refresh_from_db()
    assert minutes.summary == "Oorspronkelijk."
    assert minutes.version == 1
    assert not MinutesCorrection.objects.exists()


def test_correcting_published_minutes_keeps_the_previous_text(council, secretary):
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting, title="Voortgang", decisions="Besluit A.")
    minutes = MinutesFactory(
        meeting=meeting, status=Minutes.Status.GEPUBLICEERD, summary="Oorspronkelijk."
    )

    services.minutes_save(
        meeting=meeting,
        summary="Gecorrigeerd.",
        items={item.pk: ("", "Besluit B.")},
        attendance={},
        by=secretary,
        correction_reason="Het besluit was verkeerd genoteerd.",
    )

    minutes.refresh_from_db()
    assert minutes.summary == "Gecorrigeerd."
    assert minutes.version == 2
    assert minutes.status == Minutes.Status.GEPUBLICEERD
    correction = minutes.corrections.get()
    assert correction.version == 2
    assert correction.reason == "Het besluit was verkeerd genoteerd."
    assert correction.created_by == secretary
    assert correction.previous_text["summary"] == "Oorspronkelijk."
    assert correction.previous_text["items"] == [
        {"title": "Voortgang", "discussion": "", "decisions": "Besluit A."}
    ]
    item.refresh_from_db()
    assert item.decisions == "Besluit B."


# Adopting and publishing ---------------------------------------------------------------


def test_minutes_adopt_records_the_date_of_the_later_meeting(council, secretary):
    minutes = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-30))
    # Half past midnight local time: the UTC date is the day before.
    later = MeetingFactory(
        council=council, starts_at=days_from_now(-2, hour=0) + timedelta(minutes=30)
    )

    services.minutes_adopt(minutes=minutes, at_meeting=later, by=secretary)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.VASTGESTELD
    assert minutes.adopted_at == later
    assert minutes.adopted_on == timezone.localdate() - timedelta(days=2)


def test_minutes_adopt_is_refused_before_the_meeting_took_place(council, secretary):
    minutes = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(3))
    later = MeetingFactory(council=council, starts_at=days_from_now(10))

    with pytest.raises(ValidationError):
        services.minutes_adopt(minutes=minutes, at_meeting=later, by=secretary)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CONCEPT


@pytest.mark.parametrize("at", ["earlier", "same", "other_council", "future"])
def test_minutes_adopt_is_refused_at_the_wrong_meeting(council, secretary, at):
    minutes = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-30))
    at_meeting = {
        "earlier": lambda: MeetingFactory(council=council, starts_at=days_from_now(-60)),
        "same": lambda: minutes.meeting,
        "other_council": lambda: MeetingFactory(starts_at=days_from_now(-7)),
        "future": lambda: MeetingFactory(council=council, starts_at=days_from_now(7)),
    }[at]()

    with pytest.raises(ValidationError) as error:
        services.minutes_adopt(minutes=minutes, at_meeting=at_meeting, by=secretary)

    assert "at_meeting" in error.value.message_dict
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CONCEPT
    assert minutes.adopted_on is None


def test_adopted_minutes_cannot_be_adopted_again(council, secretary):
    minutes = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-30))
    services.minutes_adopt(
        minutes=minutes, at_meeting=MeetingFactory(council=council), by=secretary
    )

    with pytest.raises(ValidationError, match="al vastgesteld"):
        services.minutes_adopt(
            minutes=minutes,
            at_meeting=MeetingFactory(council=council, starts_at=days_from_now(-1)),
            by=secretary,
        )


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (Minutes.Status.CONCEPT, False),
        (Minutes.Status.VASTGESTELD, True),
        (Minutes.Status.GEPUBLICEERD, False),
    ],
)
def test_only_adopted_minutes_can_be_published(council, secretary, status, allowed):
    minutes = MinutesFactory(meeting__council=council, status=status)

    if allowed:
        services.minutes_publish(minutes=minutes, by=secretary)
    else:
        with pytest.raises(ValidationError):
            services.minutes_publish(minutes=minutes, by=secretary)

    minutes.refresh_from_db()
    assert minutes.status == (Minutes.Status.GEPUBLICEERD if allowed else status)
    assert (minutes.published_at is not None) == allowed


# Action points ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "field"),
    [("owner", "owner"), ("deadline", "deadline"), ("description", "description")],
)
def test_action_point_add_names_the_missing_field(council, secretary, missing, field):
    meeting = MeetingFactory(council=council)
    values = {
        "owner": UserFactory(),
        "deadline": timezone.localdate() + timedelta(days=30),
        "description": "Granulaatpercentage navragen bij de centrales",
    }
    values[missing] = "  " if missing == "description" else None

    with pytest.raises(ValidationError) as error:
        services.action_point_add(meeting=meeting, by=secretary, **values)

    assert list(error.value.message_dict) == [field]
    assert not ActionPoint.objects.exists()


def test_action_point_add_reports_every_missing_field_at_once(council, secretary):
    with pytest.raises(ValidationError) as error:
        services.action_point_add(
            meeting=MeetingFactory(council=council),
            owner=None,
            deadline=None,
            description="",
            by=secretary,
        )

    assert error.value.message_dict == {
        "owner": ["Een actiepunt heeft een eigenaar: wie voert het uit?"],
        "deadline": ["Een actiepunt heeft een uiterste datum."],
        "description": ["Beschrijf wat er moet gebeuren."],
    }


def test_action_point_add_refuses_an_agenda_item_of_another_meeting(council, secretary):
    meeting = MeetingFactory(council=council)
    elsewhere = AgendaItemFactory(meeting__council=council)

    with pytest.raises(ValidationError) as error:
        services.action_point_add(
            meeting=meeting,
            owner=UserFactory(),
            deadline=timezone.localdate(),
            description="Iets doen",
            agenda_item=elsewhere,
            by=secretary,
        )

    assert "agenda_item" in error.value.message_dict
    assert not ActionPoint.objects.exists()


def test_action_point_add_saves_who_what_by_when(council, secretary):
    meeting = MeetingFactory(council=council)
    owner = UserFactory()
    deadline = timezone.localdate() + timedelta(days=30)

    point = services.action_point_add(
        meeting=meeting,
        owner=owner,
        deadline=deadline,
        description="Granulaatpercentage navragen",
        agenda_item=AgendaItemFactory(meeting=meeting),
        by=secretary,
    )

    assert (point.owner, point.deadline, point.status) == (owner, deadline, "open")
    assert list(meeting.action_points.all()) == [point]


def test_carried_over_lists_open_points_of_earlier_meetings_only(council):
    earlier = MeetingFactory(council=council, starts_at=days_from_now(-60))
    this = MeetingFactory(council=council, starts_at=days_from_now(-7))
    later = MeetingFactory(council=council, starts_at=days_from_now(30))
    elsewhere = MeetingFactory(starts_at=days_from_now(-60))
    today = timezone.localdate()
    carried = ActionPointFactory(meeting=earlier, deadline=today - timedelta(days=3))
    ActionPointFactory(meeting=earlier, status=ActionPoint.Status.DONE)
    ActionPointFactory(meeting=earlier, status=ActionPoint.Status.CANCELLED)
    from_this = ActionPointFactory(meeting=this, deadline=today + timedelta(days=3))
    ActionPointFactory(meeting=later)
    ActionPointFactory(meeting=elsewhere)

    assert list(ActionPoint.objects.carried_over_to(this)) == [carried]
    assert list(ActionPoint.objects.carried_over_to(later)) == [carried, from_this]


def test_action_point_set_status_closes_and_reopens(council, secretary):
    earlier = MeetingFactory(council=council, starts_at=days_from_now(-60))
    now = MeetingFactory(council=council, starts_at=days_from_now(-1))
    point = ActionPointFactory(meeting=earlier)

    services.action_point_set_status(
        point=point, status=ActionPoint.Status.DONE, in_meeting=now, by=secretary
    )

    point.refresh_from_db()
    assert point.status == ActionPoint.Status.DONE
    assert point.closed_at is not None
    assert point.closed_in == now
    assert not ActionPoint.objects.carried_over_to(now).exists()

    services.action_point_set_status(point=point, status=ActionPoint.Status.OPEN, by=secretary)

    point.refresh_from_db()
    assert point.status == ActionPoint.Status.OPEN
    assert (point.closed_at, point.closed_in) == (None, None)
    assert list(ActionPoint.objects.carried_over_to(now)) == [point]


def test_action_point_set_status_refuses_an_unknown_status(council, secretary):
    point = ActionPointFactory(meeting__council=council)

    with pytest.raises(ValidationError):
        services.action_point_set_status(point=point, status="half", by=secretary)

    point.refresh_from_db()
    assert point.status == ActionPoint.Status.OPEN
