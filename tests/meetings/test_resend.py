"""Each document goes to each audience once; sending again is "opnieuw versturen": an
explicit step with a reason, recorded, to those who did not get it or to everyone."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from ketenoverleg.models import Role
from ketenoverleg.tasks import pending_work_sweep
from meetings import services
from meetings.models import Dispatch, DispatchRecipient, DispatchResend
from meetings.tasks import dispatch_deliver
from tests.factories import CouncilFactory, user_with_role
from tests.meetings.factories import MeetingFactory, MinutesFactory, days_from_now
from tests.members.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.KETENSECRETARIS)


@pytest.fixture
def members(council):
    return [member_of(council) for _ in range(3)]


@pytest.fixture
def minutes(council):
    return MinutesFactory(meeting__council=council, meeting__title="Kernteam juni")


@pytest.fixture
def sent(minutes, secretary, members, django_capture_on_commit_callbacks):
    """The minutes sent to all members once; the outbox emptied afterwards."""
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.dispatch_send(
            meeting=minutes.meeting,
            what=Dispatch.What.MINUTES,
            audience=Dispatch.Audience.MEMBERS,
            by=secretary,
        )
    mail.outbox.clear()
    return dispatch


def resend(dispatch, by, *, reason="Gecorrigeerde versie", to_all=False, token="formulier-1"):
    return services.dispatch_resend(
        dispatch=dispatch, reason=reason, to_all=to_all, token=token, by=by
    )


def addressees() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


def action_url(meeting, action="versturen"):
    return reverse(
        "meetings:action",
        kwargs={"slug": meeting.council.slug, "pk": meeting.pk, "action": action},
    )


def resend_url(dispatch):
    return reverse(
        "meetings:dispatch_resend",
        kwargs={"slug": dispatch.meeting.council.slug, "pk": dispatch.pk},
    )


# Once -------------------------------------------------------------------------------------


def test_sending_the_same_document_to_the_same_audience_again_is_refused(
    sent, minutes, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        services.dispatch_send(
            meeting=minutes.meeting,
            what=Dispatch.What.MINUTES,
            audience=Dispatch.Audience.MEMBERS,
            by=secretary,
        )

    assert "Verslag is al verstuurd aan: alle leden" in error.value.messages[0]
    assert "Opnieuw versturen" in error.value.messages[0]
    assert Dispatch.objects.count() == 1
    assert mail.outbox == []


def test_two_clicks_on_send_give_one_dispatch_and_one_mail_per_member(
    client, minutes, secretary, members, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    data = {"what": "verslag", "audience": "leden"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(action_url(minutes.meeting), data)
        second = client.post(action_url(minutes.meeting), data)

    assertRedirects(first, minutes.meeting.get_absolute_url())
    assert second.status_code == HTTPStatus.OK
    assertContains(second, "is al verstuurd aan: alle leden")
    assert Dispatch.objects.count() == 1
    assert addressees() == sorted(u.email for u in members)


def test_the_same_document_may_go_to_another_audience(
    sent, minutes, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_send(
            meeting=minutes.meeting,
            what=Dispatch.What.MINUTES,
            audience=Dispatch.Audience.INVITED,
            by=secretary,
        )

    assert Dispatch.objects.count() == 2


# Opnieuw versturen --------------------------------------------------------------------------


def test_a_resend_goes_only_to_those_who_did_not_get_it(
    council, sent, secretary, members, django_capture_on_commit_callbacks
):
    failed = sent.recipients.get(email=members[0].email)
    failed.sent_at, failed.error, failed.attempts = None, "mailbox vol", 5
    failed.save()
    newcomer = member_of(council)

    with django_capture_on_commit_callbacks(execute=True):
        done = resend(sent, secretary, reason="Nieuw lid en een vol postvak")

    assert addressees() == sorted([members[0].email, newcomer.email])
    assert done.recipient_count == 2
    assert done.created_by == secretary
    assert done.reason == "Nieuw lid en een vol postvak"
    assert not done.to_all
    failed.refresh_from_db()
    assert failed.sent_at is not None
    assert failed.error == ""
    assert sent.recipients.get(email=newcomer.email).resend == done


def test_a_resend_to_all_reaches_everyone_again_once(
    sent, secretary, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = resend(sent, secretary, to_all=True)

    assert addressees() == sorted(u.email for u in members)
    assert done.recipients.count() == len(members)
    assert sent.recipients.count() == 2 * len(members)
    assert all(m.subject.startswith("Verslag: Kernteam juni") for m in mail.outbox)


def test_the_same_resend_form_posted_twice_resends_once(
    sent, secretary, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = resend(sent, secretary, to_all=True, token="dubbelklik")
        second = resend(sent, secretary, to_all=True, token="dubbelklik")

    assert first == second
    assert DispatchResend.objects.count() == 1
    assert addressees() == sorted(u.email for u in members)


def test_a_resend_when_everyone_has_it_asks_whether_to_send_to_all(sent, secretary):
    with pytest.raises(ValidationError) as error:
        resend(sent, secretary)

    assert list(error.value.message_dict) == ["to_all"]
    assert not DispatchResend.objects.exists()


def test_a_resend_needs_a_reason(sent, secretary):
    with pytest.raises(ValidationError) as error:
        resend(sent, secretary, reason="  ", to_all=True)

    assert error.value.message_dict == {"reason": ["Geef de reden om opnieuw te versturen."]}
    assert not DispatchResend.objects.exists()


def test_an_agenda_is_not_resent_after_the_meeting(council, secretary, members):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(7))
    dispatch = services.dispatch_send(
        meeting=meeting, what=Dispatch.What.AGENDA, audience=Dispatch.Audience.MEMBERS, by=secretary
    )
    meeting.starts_at = days_from_now(-1)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    meeting.save()

    with pytest.raises(ValidationError) as error:
        resend(dispatch, secretary, to_all=True)

    assert list(error.value.message_dict) == ["what"]


# The pages --------------------------------------------------------------------------------


def test_the_meeting_page_links_each_dispatch_to_opnieuw_versturen(client, sent, secretary):
    client.force_login(secretary)

    response = client.get(sent.meeting.get_absolute_url())

    dispatch_page = reverse(
        "meetings:dispatch", kwargs={"slug": sent.meeting.council.slug, "pk": sent.pk}
    )
    assertContains(response, f'href="{dispatch_page}#opnieuw-versturen"')
    assertContains(response, "Opnieuw versturen…")


def test_resending_through_the_dispatch_page_records_the_reason_and_lists_it(
    client, sent, secretary, members, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    page = client.get(
        reverse("meetings:dispatch", kwargs={"slug": sent.meeting.council.slug, "pk": sent.pk})
    )
    token = page.context["resend_form"]["token"].value()
    assertContains(page, f'action="{resend_url(sent)}"')

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            resend_url(sent),
            {"reason": "Bijlage ontbrak", "to_all": "on", "token": token},
            follow=True,
        )

    assertContains(response, "Verslag wordt opnieuw verstuurd naar 3 personen.")
    assertContains(response, "Bijlage ontbrak")
    assertContains(response, "aan iedereen")
    assert addressees() == sorted(u.email for u in members)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"reason": "", "token": "t"}, "reason", id="no-reason"),
        pytest.param({"reason": "Nogmaals", "token": ""}, "token", id="no-token"),
        pytest.param({"reason": "x" * 1001, "token": "t"}, "reason", id="reason-too-long"),
        pytest.param({"reason": "Nogmaals", "token": "t"}, "to_all", id="everyone-has-it"),
    ],
)
def test_a_bad_resend_shows_the_form_with_the_message_and_sends_nothing(
    client, sent, secretary, data, field
):
    client.force_login(secretary)

    response = client.post(resend_url(sent), data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["resend_form"].errors
    assert not DispatchResend.objects.exists()
    assert mail.outbox == []


def test_a_dispatch_of_another_council_cannot_be_resent(client, sent):
    elsewhere = CouncilFactory(slug="ander-overleg")
    client.force_login(user_with_role(elsewhere, Role.SECRETARIS))

    url = reverse("meetings:dispatch_resend", kwargs={"slug": elsewhere.slug, "pk": sent.pk})
    response = client.post(url, {"reason": "Nogmaals", "to_all": "on", "token": "t"})

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not DispatchResend.objects.exists()


# Failures and the honest state ----------------------------------------------------------


def test_a_failed_address_is_recorded_and_the_others_are_served(
    monkeypatch, minutes, secretary, members, django_capture_on_commit_callbacks
):
    real = EmailBackend.send_messages
    refused = members[0].email

    def send_messages(self, messages):
        if messages[0].to == [refused]:
            raise ConnectionRefusedError("postvak bestaat niet")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.dispatch_send(
            meeting=minutes.meeting,
            what=Dispatch.What.MINUTES,
            audience=Dispatch.Audience.MEMBERS,
            by=secretary,
        )

    assert addressees() == sorted(u.email for u in members[1:])
    failed = dispatch.recipients.get(email=refused)
    assert failed.sent_at is None
    assert failed.attempts == 1
    assert "postvak bestaat niet" in failed.error
    dispatch.refresh_from_db()
    # The sweep tries again after two minutes (not the long recheck of lost messages).
    assert timezone.now() < dispatch.next_attempt_at <= timezone.now() + timedelta(minutes=2)

    monkeypatch.setattr(EmailBackend, "send_messages", real)
    Dispatch.objects.filter(pk=dispatch.pk).update(next_attempt_at=timezone.now())
    assert pending_work_sweep()["dispatches"] == 1
    assert addressees().count(refused) == 1
    assert dispatch_deliver(dispatch.pk) == 0


def test_the_dispatch_page_says_when_messages_wait_for_the_processing(client, sent, secretary):
    DispatchRecipient.objects.filter(dispatch=sent).update(sent_at=None)
    Dispatch.objects.filter(pk=sent.pk).update(next_attempt_at=timezone.now())
    client.force_login(secretary)

    response = client.get(
        reverse("meetings:dispatch", kwargs={"slug": sent.meeting.council.slug, "pk": sent.pk})
    )
    meeting_page = client.get(sent.meeting.get_absolute_url())

    assertContains(
        response, "3 berichten in de wachtrij; worden verstuurd zodra de verwerking weer draait."
    )
    assertContains(meeting_page, "In de wachtrij; wordt verstuurd zodra de verwerking weer draait.")
