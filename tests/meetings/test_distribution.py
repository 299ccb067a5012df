"""Sending agendas and minutes: who gets them, one e-mail each, never twice."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from ketenoverleg.models import Role
from meetings import services
from meetings.models import Dispatch, DispatchRecipient, Meeting
from meetings.tasks import dispatch_deliver
from members.models import MembershipStatus, Representative, WorkGroup
from tests.factories import CouncilFactory, RoleAssignmentFactory, UserFactory, user_with_role
from tests.meetings.factories import MeetingFactory, MinutesFactory, days_from_now
from tests.members.factories import BoardAppointmentFactory, MembershipFactory, member_of


@pytest.fixture
def secretary(council):
    # The ketensecretaris: the secretaris of the kernteam holds a seat, which would
    # show up in the kernteam's invitations and vacancies.
    return user_with_role(council, Role.KETENSECRETARIS)


def emails(people):
    return sorted(email for email, _name in people)


def send(meeting, by, *, what=Dispatch.What.AGENDA, audience=Dispatch.Audience.INVITED):
    return services.dispatch_send(meeting=meeting, what=what, audience=audience, by=by)


# Refusals -------------------------------------------------------------------------------


def test_agenda_of_a_past_meeting_is_not_sent(
    council, secretary, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(-1))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        send(meeting, secretary)

    assert list(error.value.message_dict) == ["what"]
    assert not Dispatch.objects.exists()
    assert mail.outbox == []


def test_minutes_are_not_sent_before_they_exist(
    council, secretary, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        send(meeting, secretary, what=Dispatch.What.MINUTES)

    assert error.value.message_dict == {"what": ["Er is nog geen verslag om te versturen."]}
    assert not Dispatch.objects.exists()
    assert mail.outbox == []


def test_nothing_is_sent_when_nobody_is_invited(council, django_capture_on_commit_callbacks):
    secretary = user_with_role(council, Role.SECRETARIS)
    secretary.is_active = False
    secretary.save()
    meeting = MeetingFactory(council=council, starts_at=days_from_now(7))

    with pytest.raises(ValidationError) as error:
        send(meeting, secretary)

    assert list(error.value.message_dict) == ["audience"]
    assert not Dispatch.objects.exists()


# Recipients -----------------------------------------------------------------------------


def test_kernteam_invitees_are_the_active_board_and_the_secretariat(council):
    board = [
        BoardAppointmentFactory(council=council, seat=seat).user for seat in ("aanbod", "vraag")
    ]
    secretariat = [
        user_with_role(council, Role.SECRETARIS),
        user_with_role(council, Role.KETENSECRETARIS),
    ]
    # Not invited: a seat that has ended, a plain member, the secretary of another
    # council, an ended secretary role, an inactive board member.
    BoardAppointmentFactory(
        council=council,
        seat="kennis",
        starts_on=timezone.localdate() - timedelta(days=5 * 365),
        ends_on=timezone.localdate() - timedelta(days=365),
    )
    member_of(council)
    user_with_role(CouncilFactory(), Role.SECRETARIS)
    RoleAssignmentFactory(
        council=council, role=Role.SECRETARIS, ends_on=timezone.localdate() - timedelta(days=1)
    )
    inactive = BoardAppointmentFactory(council=council, seat="recycling").user
    inactive.is_active = False
    inactive.save()
    meeting = MeetingFactory(council=council, invitees=Meeting.Invitees.KERNTEAM)

    people = services.invited_people(meeting)

    assert emails(people) == sorted(u.email for u in board + secretariat)
    assert dict(people)[board[0].email] == str(board[0])


def test_member_invitees_are_the_contact_persons_of_admitted_members(council):
    contacts = [member_of(council) for _ in range(3)]
    # Not invited: an applicant, a refused organisation, a colleague who is not the
    # contact person, a member of another council.
    for status in (MembershipStatus.AANGEVRAAGD, MembershipStatus.AFGEWEZEN):
        MembershipFactory(
            council=council, status=status, organisation__representative=UserFactory()
        )
    membership = MembershipFactory(council=council, organisation__representative=UserFactory())
    Representative.objects.create(
        organisation=membership.organisation, user=UserFactory(), is_contact=False
    )
    contacts.append(membership.organisation.representatives.get(is_contact=True).user)
    member_of(CouncilFactory())
    meeting = MeetingFactory(council=council, invitees=Meeting.Invitees.MEMBERS)

    assert emails(services.invited_people(meeting)) == sorted(u.email for u in contacts)
    assert emails(services.member_contacts(council)) == sorted(u.email for u in contacts)


def test_work_group_invitees_are_its_linking_pins_and_member_contacts(council):
    linking_pin = BoardAppointmentFactory(council=council).user
    participant = MembershipFactory(council=council, organisation__representative=UserFactory())
    MembershipFactory(council=council, organisation__representative=UserFactory())  # not in it
    group = WorkGroup.objects.create(council=council, name="Werkgroep granulaat", kind="werkgroep")
    group.linking_pins.add(linking_pin)
    group.members.add(participant)
    meeting = MeetingFactory(
        council=council,
        kind=Meeting.Kind.WERKSESSIE,
        invitees=Meeting.Invitees.WORK_GROUP,
        work_group=group,
    )

    assert emails(services.invited_people(meeting)) == sorted(
        [linking_pin.email, participant.organisation.representatives.get().user.email]
    )


def test_agendagroep_invitees_are_chair_and_secretary(council):
    chair = user_with_role(council, Role.VOORZITTER)
    secretary = user_with_role(council, Role.SECRETARIS)
    user_with_role(council, Role.PENNINGMEESTER)
    BoardAppointmentFactory(council=council)
    meeting = MeetingFactory(
        council=council, kind=Meeting.Kind.AGENDAOVERLEG, invitees=Meeting.Invitees.AGENDAGROEP
    )

    assert emails(services.invited_people(meeting)) == sorted([chair.email, secretary.email])


def test_audience_members_reaches_the_members_of_a_kernteam_meeting(
    council, secretary, django_capture_on_commit_callbacks
):
    members = [member_of(council) for _ in range(2)]
    meeting = MeetingFactory(council=council, starts_at=days_from_now(7))

    with django_capture_on_commit_callbacks(execute=True):
        send(meeting, secretary, audience=Dispatch.Audience.MEMBERS)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)


# Sending --------------------------------------------------------------------------------


@pytest.fixture
def kernteam(council):
    return [
        BoardAppointmentFactory(council=council, seat=s).user for s in ("aanbod", "vraag", "kennis")
    ]


def test_the_agenda_goes_out_once_to_every_recipient(
    council, secretary, kernteam, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council, title="Kernteam maart", starts_at=days_from_now(10))

    with django_capture_on_commit_callbacks(execute=True):
        dispatch = send(meeting, secretary)

    expected = sorted(u.email for u in [*kernteam, secretary])
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == f"Agenda: Kernteam maart – {council.name}"
    assert "U bent uitgenodigd voor Kernteam maart" in message.body
    assert meeting.get_absolute_url() in message.body
    assert not dispatch.recipients.filter(sent_at__isnull=True).exists()


def test_minutes_go_out_with_a_link_to_the_minutes(
    council, secretary, kernteam, django_capture_on_commit_callbacks
):
    minutes = MinutesFactory(meeting__council=council, meeting__title="Kernteam juni")

    with django_capture_on_commit_callbacks(execute=True):
        send(minutes.meeting, secretary, what=Dispatch.What.MINUTES)

    assert len(mail.outbox) == len(kernteam) + 1
    assert mail.outbox[0].subject.startswith("Verslag: Kernteam juni")
    assert "Het verslag van Kernteam juni" in mail.outbox[0].body


def test_a_retry_sends_nothing_twice(
    council, secretary, kernteam, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(10))
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = send(meeting, secretary)
    sent = len(mail.outbox)
    sent_at = dict(dispatch.recipients.values_list("email", "sent_at"))

    assert dispatch_deliver.delay(dispatch.pk).get() == 0

    assert len(mail.outbox) == sent
    assert dict(dispatch.recipients.values_list("email", "sent_at")) == sent_at


def test_a_recipient_already_served_is_skipped(council, secretary):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(10))
    dispatch = Dispatch.objects.create(
        meeting=meeting, what=Dispatch.What.AGENDA, audience=Dispatch.Audience.INVITED
    )
    DispatchRecipient.objects.create(
        dispatch=dispatch, email="al@voorbeeld.nl", sent_at=timezone.now()
    )
    DispatchRecipient.objects.create(dispatch=dispatch, email="nog@voorbeeld.nl")

    assert dispatch_deliver.delay(dispatch.pk).get() == 1

    assert [m.to for m in mail.outbox] == [["nog@voorbeeld.nl"]]
    assert not dispatch.recipients.filter(sent_at__isnull=True).exists()


def test_dispatch_page_lists_recipients_with_their_sent_time(client, council, secretary):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(10))
    dispatch = Dispatch.objects.create(
        meeting=meeting,
        what=Dispatch.What.AGENDA,
        audience=Dispatch.Audience.INVITED,
        created_by=secretary,
    )
    sent_at = timezone.make_aware(timezone.datetime(2025, 3, 4, 10, 15))
    DispatchRecipient.objects.create(
        dispatch=dispatch, email="al@voorbeeld.nl", name="Al Verstuurd", sent_at=sent_at
    )
    DispatchRecipient.objects.create(dispatch=dispatch, email="nog@voorbeeld.nl", name="Nog Niet")
    client.force_login(secretary)

    response = client.get(
        reverse("meetings:dispatch", kwargs={"slug": council.slug, "pk": dispatch.pk})
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(
        response,
        '<tr><th scope="row">Al Verstuurd</th><td>al@voorbeeld.nl</td><td>eerste</td>'
        "<td>4 maart 2025 10:15</td></tr>",
        html=True,
    )
    assertContains(
        response,
        '<tr><th scope="row">Nog Niet</th><td>nog@voorbeeld.nl</td><td>eerste</td>'
        '<td><span class="status-open">nog niet</span></td></tr>',
        html=True,
    )


def test_sending_through_the_meeting_page_reports_the_count(
    client, council, secretary, kernteam, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(10))
    client.force_login(secretary)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "meetings:action",
                kwargs={"slug": council.slug, "pk": meeting.pk, "action": "versturen"},
            ),
            {"what": "agenda", "audience": "uitgenodigden"},
        )
    assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
    # The worker ran when the request's transaction committed; the page shows the result.
    page = client.get(meeting.get_absolute_url())

    assertContains(page, "Agenda wordt verstuurd naar 4 personen.")
    assertContains(page, '<td data-label="Verzonden">4 / 4</td>', html=True)
    assert len(mail.outbox) == 4


def test_sending_the_agenda_of_a_past_meeting_shows_why(client, council, secretary, kernteam):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(-1))
    client.force_login(secretary)

    response = client.post(
        reverse(
            "meetings:action",
            kwargs={"slug": council.slug, "pk": meeting.pk, "action": "versturen"},
        ),
        {"what": "agenda", "audience": "uitgenodigden"},
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Deze vergadering is al geweest")
    assert not Dispatch.objects.exists()
    assert mail.outbox == []


def test_dispatch_of_another_council_is_not_found(client, council, secretary):
    dispatch = Dispatch.objects.create(
        meeting=MeetingFactory(), what=Dispatch.What.AGENDA, audience=Dispatch.Audience.INVITED
    )
    client.force_login(secretary)

    response = client.get(
        reverse("meetings:dispatch", kwargs={"slug": council.slug, "pk": dispatch.pk})
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
