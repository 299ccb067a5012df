"""Meeting pages: who sees what, the agenda with vacancies and open points, bad input."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.models import Role
from meetings.models import ActionPoint, AgendaItem, Attendance, Meeting, Minutes
from members.models import Seat, WorkGroup
from tests.factories import UserFactory, user_with_role
from tests.meetings.factories import (
    ActionPointFactory,
    AgendaItemFactory,
    MeetingFactory,
    MinutesFactory,
    days_from_now,
)
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    BoardAppointmentFactory,
    person,
)


def url(name, council, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": council.slug, **kwargs})


def login_as(client, council, who):
    user = person(council, who)
    if user:
        client.force_login(user)
    return user


@pytest.fixture
def secretary(council):
    # The ketensecretaris: the secretaris of the kernteam holds a seat, which would
    # show up in the kernteam's invitations and vacancies.
    return user_with_role(council, Role.KETENSECRETARIS)


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


# Who sees which meeting ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_members_only"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (MEMBER_ELSEWHERE, False),
        (MEMBER, True),
        (KERNTEAMLID, True),
        (Role.KETENSECRETARIS, True),
    ],
)
def test_meeting_list_shows_members_only_meetings_to_insiders(
    client, council, who, sees_members_only
):
    MeetingFactory(council=council, title="Openbare kernteamvergadering")
    MeetingFactory(council=council, title="Besloten kernteamvergadering", is_public=False)
    MeetingFactory(title="Vergadering van een ander overleg")
    login_as(client, council, who)

    response = client.get(url("list", council))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Openbare kernteamvergadering")
    assertNotContains(response, "Vergadering van een ander overleg")
    if sees_members_only:
        assertContains(response, "Besloten kernteamvergadering")
    else:
        assertNotContains(response, "Besloten kernteamvergadering")


def test_meeting_list_shows_the_newest_meeting_first(client, council):
    for days, title in [
        (-30, "Derde"),
        (-90, "Vijfde"),
        (20, "Eerste"),
        (-60, "Vierde"),
        (-1, "Tweede"),
    ]:
        meeting = MeetingFactory(council=council, title=title, starts_at=days_from_now(days))
        ActionPointFactory(meeting=meeting)

    response = client.get(url("list", council))

    assert [m.title for m in response.context["meetings"]] == [
        "Eerste",
        "Tweede",
        "Derde",
        "Vierde",
        "Vijfde",
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.OK),
        (KERNTEAMLID, HTTPStatus.OK),
    ],
)
def test_members_only_meeting_page(client, council, who, status):
    meeting = MeetingFactory(council=council, title="Besloten vergadering", is_public=False)
    login_as(client, council, who)

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == status
    if who == ANONYMOUS:
        assertRedirects(
            response,
            f"{reverse('account_login')}?next={meeting.get_absolute_url()}",
            fetch_redirect_response=False,
        )
    if status == HTTPStatus.OK:
        assertContains(response, "Besloten vergadering")


@pytest.mark.parametrize("who", [ANONYMOUS, MEMBER])
def test_meeting_of_another_council_is_not_found_under_this_council(client, council, who):
    meeting = MeetingFactory(title="Elders")
    login_as(client, council, who)

    response = client.get(url("detail", council, pk=meeting.pk))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def meeting_with_minutes(council):
    meeting = MeetingFactory(council=council, title="Kernteam juni")
    AgendaItemFactory(
        meeting=meeting,
        title="Projectopdracht granulaatbeton",
        discussion="Uitgebreid besproken.",
        decisions="De projectopdracht is vastgesteld.",
    )
    attendee = UserFactory(first_name="Anna", last_name="Bakker")
    Attendance.objects.create(meeting=meeting, user=attendee, status="aanwezig")
    MinutesFactory(meeting=meeting, summary="Een vruchtbare vergadering.")
    return meeting


@pytest.mark.parametrize("status", [Minutes.Status.CONCEPT, Minutes.Status.VASTGESTELD])
@pytest.mark.parametrize("who", [ANONYMOUS, OUTSIDER])
def test_unpublished_minutes_are_hidden_from_the_public(
    client, council, meeting_with_minutes, status, who
):
    Minutes.objects.filter(meeting=meeting_with_minutes).update(status=status)
    login_as(client, council, who)

    response = client.get(meeting_with_minutes.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Projectopdracht granulaatbeton")  # the agenda is public
    assertNotContains(response, "De projectopdracht is vastgesteld.")
    assertNotContains(response, "Een vruchtbare vergadering.")
    assertNotContains(response, "Anna Bakker")


def test_concept_minutes_are_visible_to_members(client, council, meeting_with_minutes):
    login_as(client, council, MEMBER)

    response = client.get(meeting_with_minutes.get_absolute_url())

    assertContains(response, "De projectopdracht is vastgesteld.")
    assertContains(response, "Status van het verslag: Concept")


def test_published_minutes_are_public(client, council, meeting_with_minutes):
    Minutes.objects.filter(meeting=meeting_with_minutes).update(
        status=Minutes.Status.GEPUBLICEERD, version=2
    )

    response = client.get(meeting_with_minutes.get_absolute_url())

    assertContains(response, "Een vruchtbare vergadering.")
    assertContains(response, "De projectopdracht is vastgesteld.")
    assertContains(response, "<li><strong>Aanwezig:</strong> Anna Bakker</li>", html=True)
    assertContains(response, "Status van het verslag: Gepubliceerd")
    assertContains(response, "versie 2")


def test_agenda_shows_vacancies_and_open_action_points(client, council, secretary):
    BoardAppointmentFactory(council=council, seat=Seat.AANBOD)
    BoardAppointmentFactory(council=council, seat=Seat.VRAAG)
    earlier = MeetingFactory(council=council, starts_at=days_from_now(-90))
    owner = UserFactory(first_name="Sander", last_name="Hoekstra")
    ActionPointFactory(
        meeting=earlier,
        owner=owner,
        description="Granulaatvoorraad in kaart brengen",
        deadline=timezone.localdate() - timedelta(days=10),
    )
    ActionPointFactory(
        meeting=earlier, description="Al afgerond punt", status=ActionPoint.Status.DONE
    )
    meeting = MeetingFactory(council=council, starts_at=days_from_now(14))

    response = client.get(meeting.get_absolute_url())

    assertContains(
        response,
        '<p><span class="vacature">Vacature</span> Recycling, Kennis, Overheid, Transitie, '
        "Ongebonden</p>",
        html=True,
    )
    assertContains(response, "Openstaande actiepunten uit eerdere vergaderingen")
    assertContains(response, '<th scope="row">Granulaatvoorraad in kaart brengen</th>', html=True)
    assertContains(response, "Sander Hoekstra")
    assertContains(response, "(verlopen)")
    assertNotContains(response, "Al afgerond punt")


def test_agenda_with_all_seats_filled_says_so(client, council):
    for seat in Seat:
        BoardAppointmentFactory(council=council, seat=seat)
    meeting = MeetingFactory(council=council, starts_at=days_from_now(14))

    response = client.get(meeting.get_absolute_url())

    assertContains(response, "Alle zeven zetels zijn bezet.")
    assertNotContains(response, '<span class="vacature">')


def test_print_view_has_agenda_attendance_decisions_and_action_points(
    client, council, secretary_client
):
    BoardAppointmentFactory(council=council, seat=Seat.AANBOD)
    meeting = MeetingFactory(council=council, title="Kernteam september")
    for section, title, decision in [
        ("opening", "Opening en vaststellen van de agenda", ""),
        ("actiepakketten", "Voortgang actiepakket granulaatbeton", "Consultatie start in mei."),
        ("ketenoverleg", "Leden en vacatures", "Wethouder benaderen voor de zetel overheid."),
        ("sluiting", "Sluiting", ""),
    ]:
        AgendaItemFactory(meeting=meeting, section=section, title=title, decisions=decision)
    present = UserFactory(first_name="Anna", last_name="Bakker")
    excused = UserFactory(first_name="Ruud", last_name="Kuipers")
    Attendance.objects.create(meeting=meeting, user=present, status="aanwezig")
    Attendance.objects.create(meeting=meeting, user=excused, status="afgemeld")
    MinutesFactory(meeting=meeting)
    ActionPointFactory(meeting=meeting, owner=present, description="Persbericht voorbereiden")

    response = secretary_client.get(url("print", council, pk=meeting.pk))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Verslag: Kernteam september")
    for heading in [
        "Opening",
        "Spoor 1: actiepakketten",
        "Spoor 2: ontwikkeling van het ketenoverleg",
        "Sluiting",
        "Verslag en actiepunten vorige vergadering",
    ]:
        assertContains(response, f"<h3>{heading}</h3>", html=True)
    assertContains(response, "<li><strong>Aanwezig:</strong> Anna Bakker</li>", html=True)
    assertContains(
        response, "<li><strong>Afwezig met bericht:</strong> Ruud Kuipers</li>", html=True
    )
    assertContains(response, "Consultatie start in mei.")
    assertContains(response, "Wethouder benaderen voor de zetel overheid.")
    assertContains(response, '<th scope="row">Persbericht voorbereiden</th>', html=True)
    assertContains(response, "Vacature")
    # A print view, not the site: no navigation, no forms for the secretariat.
    assertNotContains(response, "Voor het secretariaat")
    assertNotContains(response, "<nav")


# Planning a meeting -------------------------------------------------------------------


def meeting_data(**overrides):
    data = {
        "kind": "kernteam",
        "title": "Kernteam maart",
        "starts_at": days_from_now(14).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": days_from_now(14, hour=17).strftime("%Y-%m-%dT%H:%M"),
        "location": "Stadhuis Groningen",
        "online_url": "",
        "invitees": "kernteam",
        "work_group": "",
        "is_public": "on",
    }
    return {**data, **overrides}


def test_planning_a_meeting_through_the_form(secretary_client, council):
    response = secretary_client.post(url("create", council), meeting_data())

    meeting = Meeting.objects.get()
    assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
    assert meeting.council == council
    assert timezone.localtime(meeting.starts_at) == days_from_now(14)
    assert meeting.items.count() == 9
    page = secretary_client.get(meeting.get_absolute_url())
    assertContains(page, "De vergadering is gepland; de agenda staat klaar.")
    assertContains(page, "Voortgang van de lopende actiepakketten")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_at": days_from_now(14, hour=12).strftime("%Y-%m-%dT%H:%M")},
            "ends_at",
            "Het einde moet na het begin liggen.",
        ),
        (
            {"location": "", "online_url": ""},
            "location",
            "Geef een locatie of een link voor online deelname.",
        ),
        ({"invitees": "werkgroep"}, "work_group", "Kies de werkgroep die is uitgenodigd."),
        (
            {"starts_at": "morgen"},
            "starts_at",
            "Vul een datum en tijd in als dag-maand-jaar uu:mm, bijvoorbeeld 31-12-2026 14:30.",
        ),
    ],
    ids=["end_before_start", "nowhere", "werkgroep_without_group", "bad_date"],
)
def test_planning_refuses_bad_input(secretary_client, council, overrides, field, message):
    response = secretary_client.post(url("create", council), meeting_data(**overrides))

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors[field] == [message]
    assertContains(response, message)
    assert not Meeting.objects.exists()


def test_online_meeting_needs_no_location(secretary_client, council):
    secretary_client.post(
        url("create", council),
        meeting_data(location="", online_url="https://meet.example.org/kernteam"),
    )

    assert Meeting.objects.get().online_url == "https://meet.example.org/kernteam"


def test_planning_a_werksessie_for_a_work_group(secretary_client, council):
    group = WorkGroup.objects.create(council=council, name="Werkgroep granulaat", kind="werkgroep")

    secretary_client.post(
        url("create", council),
        meeting_data(kind="werksessie", invitees="werkgroep", work_group=group.pk),
    )

    meeting = Meeting.objects.get()
    assert meeting.work_group == group
    assert not meeting.items.exists()
    page = secretary_client.get(meeting.get_absolute_url())
    assertContains(page, "Een werkgroep: Werkgroep granulaat")


def test_work_group_of_another_council_cannot_be_chosen(secretary_client, council):
    other_group = WorkGroup.objects.create(
        council=MeetingFactory().council, name="Werkgroep elders", kind="werkgroep"
    )

    response = secretary_client.post(
        url("create", council),
        meeting_data(invitees="werkgroep", work_group=other_group.pk),
    )

    assert response.status_code == HTTPStatus.OK
    assert "work_group" in response.context["form"].errors
    assert not Meeting.objects.filter(council=council).exists()


def test_editing_a_meeting_keeps_its_agenda(secretary_client, council):
    secretary_client.post(url("create", council), meeting_data())
    meeting = Meeting.objects.get()

    response = secretary_client.post(
        url("edit", council, pk=meeting.pk),
        meeting_data(title="Kernteam maart (verplaatst)", location="Bibliotheek"),
    )

    assertRedirects(response, meeting.get_absolute_url())
    meeting.refresh_from_db()
    assert (meeting.title, meeting.location) == ("Kernteam maart (verplaatst)", "Bibliotheek")
    assert meeting.items.count() == 9


def test_editing_refuses_an_end_before_the_start(secretary_client, council):
    meeting = MeetingFactory(council=council, title="Ongewijzigd")

    response = secretary_client.post(
        url("edit", council, pk=meeting.pk),
        meeting_data(
            title="Gewijzigd",
            starts_at="2030-05-01T15:00",
            ends_at="2030-05-01T14:00",
        ),
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Het einde moet na het begin liggen.")
    meeting.refresh_from_db()
    assert meeting.title == "Ongewijzigd"


# Agenda and minutes -------------------------------------------------------------------


def test_adding_an_agenda_item(secretary_client, council):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(14))

    response = secretary_client.post(
        url("agenda", council, pk=meeting.pk),
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-section": "actiepakketten",
            "items-0-position": "3",
            "items-0-title": "Trendindicator granulaatbeton",
            "items-0-description": "",
        },
    )

    assertRedirects(response, meeting.get_absolute_url())
    assert list(meeting.items.values_list("title", flat=True)) == ["Trendindicator granulaatbeton"]


def test_writing_minutes_through_the_form(secretary_client, council, secretary):
    seat_holder = BoardAppointmentFactory(council=council).user
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting, title="Voortgang")

    response = secretary_client.post(
        url("minutes", council, pk=meeting.pk),
        {
            "summary": "Korte vergadering.",
            f"discussion_{item.pk}": "Besproken.",
            f"decisions_{item.pk}": "Doorgaan met de consultatie.",
            f"attendance_{seat_holder.pk}": "aanwezig",
            f"attendance_{secretary.pk}": "afgemeld",
        },
    )

    assertRedirects(response, meeting.get_absolute_url())
    assert meeting.minutes.summary == "Korte vergadering."
    assert meeting.items.get().decisions == "Doorgaan met de consultatie."
    assert dict(meeting.attendance.values_list("user_id", "status")) == {
        seat_holder.pk: "aanwezig",
        secretary.pk: "afgemeld",
    }


def test_minutes_of_a_future_meeting_are_refused_with_a_message(secretary_client, council):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(7))

    response = secretary_client.post(
        url("minutes", council, pk=meeting.pk), {"summary": "Te vroeg"}
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Een verslag schrijft u na de vergadering.")
    assert not Minutes.objects.exists()


def test_a_werksessie_gets_no_minutes(secretary_client, council):
    meeting = MeetingFactory(council=council, kind=Meeting.Kind.WERKSESSIE)

    page = secretary_client.get(meeting.get_absolute_url())
    response = secretary_client.post(url("minutes", council, pk=meeting.pk), {"summary": "Toch"})

    assertNotContains(page, "Verslag schrijven")
    assertContains(response, "Van een werksessie wordt geen verslag gemaakt.")
    assert not Minutes.objects.exists()


def test_published_minutes_change_only_with_a_reason(secretary_client, council):
    meeting = MeetingFactory(council=council)
    MinutesFactory(meeting=meeting, status=Minutes.Status.GEPUBLICEERD, summary="Oud.")
    form_url = url("minutes", council, pk=meeting.pk)

    refused = secretary_client.post(form_url, {"summary": "Nieuw.", "correction_reason": ""})
    accepted = secretary_client.post(
        form_url, {"summary": "Nieuw.", "correction_reason": "Typefout hersteld."}
    )

    assertContains(refused, "Een vastgesteld of gepubliceerd verslag wijzigt alleen met een reden.")
    assertRedirects(accepted, meeting.get_absolute_url())
    page = secretary_client.get(meeting.get_absolute_url())
    assertContains(page, "versie 2")
    assertContains(page, "Typefout hersteld.")


def test_adopting_and_publishing_through_the_meeting_page(client, council, secretary_client):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(-60))
    MinutesFactory(meeting=meeting, summary="Verslag van de lentevergadering.")
    later = MeetingFactory(council=council, starts_at=days_from_now(-3))

    secretary_client.post(
        url("action", council, pk=meeting.pk, action="vaststellen"), {"at_meeting": later.pk}
    )
    secretary_client.post(url("action", council, pk=meeting.pk, action="publiceren"))

    meeting.minutes.refresh_from_db()
    assert meeting.minutes.status == Minutes.Status.GEPUBLICEERD
    assert meeting.minutes.adopted_on == timezone.localtime(later.starts_at).date()
    client.logout()
    assertContains(client.get(meeting.get_absolute_url()), "Verslag van de lentevergadering.")


def test_adopting_at_a_future_meeting_is_not_offered(secretary_client, council):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(-60))
    MinutesFactory(meeting=meeting)
    future = MeetingFactory(council=council, starts_at=days_from_now(10))

    response = secretary_client.post(
        url("action", council, pk=meeting.pk, action="vaststellen"), {"at_meeting": future.pk}
    )

    assert response.status_code == HTTPStatus.OK
    assert "at_meeting" in response.context["adopt_form"].errors
    assert meeting.minutes.status == Minutes.Status.CONCEPT


def test_publishing_concept_minutes_shows_why_not(secretary_client, council):
    meeting = MeetingFactory(council=council)
    MinutesFactory(meeting=meeting)

    response = secretary_client.post(
        url("action", council, pk=meeting.pk, action="publiceren"), follow=True
    )

    assertContains(response, "Alleen een vastgesteld verslag kan worden gepubliceerd.")
    assert meeting.minutes.status == Minutes.Status.CONCEPT


def test_an_unknown_meeting_action_is_not_found(secretary_client, council):
    meeting = MeetingFactory(council=council)

    response = secretary_client.post(url("action", council, pk=meeting.pk, action="verwijderen"))

    assert response.status_code == HTTPStatus.NOT_FOUND


# Action points --------------------------------------------------------------------------


@pytest.fixture
def seat_holder(council):
    return BoardAppointmentFactory(council=council).user


def point_data(owner=None, deadline=None, description="Offerte granulaatbeton opvragen"):
    return {
        "description": description,
        "owner": owner.pk if owner else "",
        "deadline": deadline.isoformat() if deadline else "",
        "agenda_item": "",
    }


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("owner", "Een actiepunt heeft een eigenaar: wie voert het uit?"),
        ("deadline", "Een actiepunt heeft een uiterste datum."),
    ],
)
def test_action_point_without_owner_or_deadline_is_refused(
    secretary_client, council, seat_holder, missing, message
):
    meeting = MeetingFactory(council=council)
    data = point_data(owner=seat_holder, deadline=timezone.localdate() + timedelta(days=30))
    data[missing] = ""

    response = secretary_client.post(
        url("action", council, pk=meeting.pk, action="actiepunt"), data
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, message)
    assert not ActionPoint.objects.exists()


def test_action_point_without_anything_names_owner_and_deadline(secretary_client, council):
    meeting = MeetingFactory(council=council)

    response = secretary_client.post(
        url("action", council, pk=meeting.pk, action="actiepunt"),
        point_data(description="Iets doen"),
    )

    assertContains(response, "Een actiepunt heeft een eigenaar")
    assertContains(response, "uiterste datum")
    assert not ActionPoint.objects.exists()


def test_action_point_owner_must_be_invited(secretary_client, council):
    meeting = MeetingFactory(council=council)
    stranger = UserFactory()

    response = secretary_client.post(
        url("action", council, pk=meeting.pk, action="actiepunt"),
        point_data(owner=stranger, deadline=timezone.localdate()),
    )

    assert response.status_code == HTTPStatus.OK
    assert "owner" in response.context["point_form"].errors
    assert not ActionPoint.objects.exists()


def test_adding_an_action_point_through_the_meeting_page(secretary_client, council, seat_holder):
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting)
    deadline = timezone.localdate() + timedelta(days=30)

    response = secretary_client.post(
        url("action", council, pk=meeting.pk, action="actiepunt"),
        {**point_data(owner=seat_holder, deadline=deadline), "agenda_item": item.pk},
    )

    assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
    point = ActionPoint.objects.get()
    assert (point.owner, point.deadline, point.agenda_item) == (seat_holder, deadline, item)
    page = secretary_client.get(meeting.get_absolute_url())
    assertContains(page, "Het actiepunt is toegevoegd.")
    assertContains(page, '<th scope="row">Offerte granulaatbeton opvragen</th>', html=True)


def test_action_points_overview_shows_open_points_and_filters_overdue(secretary_client, council):
    meeting = MeetingFactory(council=council)
    ActionPointFactory(meeting=meeting, description="Op tijd")
    ActionPointFactory(
        meeting=meeting,
        description="Te laat",
        deadline=timezone.localdate() - timedelta(days=1),
    )
    ActionPointFactory(meeting=meeting, description="Klaar", status=ActionPoint.Status.DONE)
    ActionPointFactory(description="Van een ander overleg")

    everything_open = secretary_client.get(url("action_points", council))
    overdue = secretary_client.get(url("action_points", council) + "?status=open&overdue=true")
    done = secretary_client.get(url("action_points", council) + "?status=afgerond")

    assert [p.description for p in everything_open.context["points"]] == ["Te laat", "Op tijd"]
    assertContains(everything_open, "(verlopen)", count=1)
    assertNotContains(everything_open, "Van een ander overleg")
    assert [p.description for p in overdue.context["points"]] == ["Te laat"]
    assert [p.description for p in done.context["points"]] == ["Klaar"]


def test_action_point_status_form_returns_to_the_filtered_list(secretary_client, council):
    point = ActionPointFactory(meeting__council=council)
    back = url("action_points", council) + "?status=open"

    response = secretary_client.post(
        url("action_point_status", council, pk=point.pk), {"status": "afgerond", "next": back}
    )

    assertRedirects(response, back, fetch_redirect_response=False)
    point.refresh_from_db()
    assert point.status == ActionPoint.Status.DONE
    assert point.closed_at is not None


def test_action_point_status_refuses_a_made_up_status(secretary_client, council):
    point = ActionPointFactory(meeting__council=council)

    response = secretary_client.post(
        url("action_point_status", council, pk=point.pk), {"status": "half"}, follow=True
    )

    assertContains(response, "Kies een geldige status.")
    point.refresh_from_db()
    assert point.status == ActionPoint.Status.OPEN


def test_action_point_status_does_not_redirect_off_site(secretary_client, council):
    point = ActionPointFactory(meeting__council=council)

    response = secretary_client.post(
        url("action_point_status", council, pk=point.pk),
        {"status": "afgerond", "next": "https://kwaadwillend.example/"},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not response.url.startswith("https://kwaadwillend.example")


def test_action_point_of_another_council_is_not_found(secretary_client, council):
    point = ActionPointFactory()

    response = secretary_client.post(
        url("action_point_status", council, pk=point.pk), {"status": "afgerond"}
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    point.refresh_from_db()
    assert point.status == ActionPoint.Status.OPEN


# Standard agenda and evaluations ----------------------------------------------------------


def test_standard_agenda_page_starts_with_the_fixed_structure(secretary_client, council):
    response = secretary_client.get(url("template", council))

    assertContains(response, 'value="Opening en vaststellen van de agenda"')
    assertContains(response, 'value="Keuze van het volgende vraagstuk van de probleemlijst"')
    assert council.agenda_template_items.count() == 9


def test_an_edited_standard_agenda_is_used_for_the_next_meeting(secretary_client, council):
    secretary_client.get(url("template", council))
    items = list(council.agenda_template_items.order_by("position"))
    data = {"form-TOTAL_FORMS": str(len(items) + 1), "form-INITIAL_FORMS": str(len(items))}
    for i, item in enumerate(items):
        data |= {
            f"form-{i}-id": item.pk,
            f"form-{i}-section": item.section,
            f"form-{i}-position": item.position,
            f"form-{i}-title": item.title,
        }
    data["form-1-DELETE"] = "on"  # "Verslag van de vorige vergadering"
    n = len(items)
    data |= {
        f"form-{n}-section": "ketenoverleg",
        f"form-{n}-position": "6",
        f"form-{n}-title": "Werving",
    }

    response = secretary_client.post(url("template", council), data)
    assertRedirects(response, url("template", council))
    secretary_client.post(url("create", council), meeting_data())

    titles = list(Meeting.objects.get().items.values_list("title", flat=True))
    assert "Werving" in titles
    assert "Verslag van de vorige vergadering" not in titles


def test_recording_the_yearly_evaluation(secretary_client, council):
    year = timezone.localdate().year
    data = {
        "year": year,
        "held_on": timezone.localdate().isoformat(),
        "still_relevant": "Ja, nog veel granulaat in funderingen.",
        "adds_value": "Ja.",
        "conclusion": "We gaan door.",
    }

    first = secretary_client.post(url("evaluations", council), data)
    second = secretary_client.post(url("evaluations", council), data)

    assertRedirects(first, url("evaluations", council))
    assertContains(second, "Voor dit jaar is de evaluatie al vastgelegd.")
    page = secretary_client.get(url("evaluations", council))
    assertContains(page, "Ja, nog veel granulaat in funderingen.")
    assert council.evaluations.count() == 1


def test_members_read_the_evaluation_without_the_form(client, council):
    login_as(client, council, MEMBER)

    response = client.get(url("evaluations", council))

    assertContains(response, "Nog geen evaluatie vastgelegd.")
    assertNotContains(response, "Evaluatie vastleggen")


def test_agenda_items_of_another_meeting_cannot_be_edited(secretary_client, council):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(14))
    foreign = AgendaItemFactory(meeting=MeetingFactory(council=council), title="Niet van mij")

    secretary_client.post(
        url("agenda", council, pk=meeting.pk),
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-id": foreign.pk,
            "items-0-section": "opening",
            "items-0-position": "0",
            "items-0-title": "Overgenomen",
        },
    )

    foreign.refresh_from_db()
    assert foreign.title == "Niet van mij"
    assert foreign.meeting != meeting
    assert not AgendaItem.objects.filter(title="Overgenomen").exists()
