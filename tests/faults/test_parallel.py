"""Twenty identical requests at the same moment do the thing once: one dispatch and one
mail per member, one organisation and one application, one signature, one resend, one
PDF, one reminder and one invitation per person; and no request answers 500."""

from datetime import date
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from actionpackages.models import Invitation, Signature
from ketenoverleg.models import Document, Geleding, OutgoingEmail, Role
from ketenoverleg.services import statute_new_version
from meetings.models import Dispatch, DispatchRecipient, DispatchResend
from members.models import ContributionRate, ContributionReminder, Membership, Organisation
from tests.actionpackages.factories import open_package, signer
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.faults.conftest import assert_no_server_errors, client_for, in_parallel, statuses
from tests.meetings.factories import MinutesFactory
from tests.members.factories import member_of

pytestmark = pytest.mark.fault


@pytest.fixture
def council(postgresql):
    return CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.KETENSECRETARIS)


@pytest.fixture
def members(council):
    return [member_of(council) for _ in range(5)]


def sent_to(subject_start: str) -> list[str]:
    return sorted(
        address for m in mail.outbox if m.subject.startswith(subject_start) for address in m.to
    )


def test_twenty_parallel_sends_make_one_dispatch_and_one_mail_per_member(
    council, secretary, members, quick_pdf
):
    minutes = MinutesFactory(meeting__council=council, meeting__title="Kernteam juni")
    url = reverse(
        "meetings:action",
        kwargs={"slug": council.slug, "pk": minutes.meeting.pk, "action": "versturen"},
    )
    clients = [client_for(secretary) for _ in range(20)]

    responses = in_parallel(
        lambda i: clients[i].post(url, {"what": "verslag", "audience": "leden"})
    )

    assert_no_server_errors(responses)
    assert statuses(responses).count(HTTPStatus.FOUND) == 1
    assert Dispatch.objects.count() == 1
    assert sent_to("Verslag: Kernteam juni") == sorted(m.email for m in members)
    assert not DispatchRecipient.objects.filter(sent_at__isnull=True).exists()
    refused = [r for r in responses if r.status_code == HTTPStatus.OK]
    assert all("is al verstuurd" in r.content.decode() for r in refused)


def test_twenty_parallel_resends_of_one_form_resend_once(council, secretary, members, quick_pdf):
    minutes = MinutesFactory(meeting__council=council, meeting__title="Kernteam juli")
    client = client_for(secretary)
    client.post(
        reverse(
            "meetings:action",
            kwargs={"slug": council.slug, "pk": minutes.meeting.pk, "action": "versturen"},
        ),
        {"what": "verslag", "audience": "leden"},
    )
    dispatch = Dispatch.objects.get()
    mail.outbox.clear()
    url = reverse("meetings:dispatch_resend", kwargs={"slug": council.slug, "pk": dispatch.pk})
    clients = [client_for(secretary) for _ in range(20)]
    form = {"reason": "Gecorrigeerde versie", "to_all": "on", "token": "een-formulier"}

    responses = in_parallel(lambda i: clients[i].post(url, form))

    assert_no_server_errors(responses)
    assert DispatchResend.objects.count() == 1
    assert sent_to("Verslag: Kernteam juli") == sorted(m.email for m in members)


def test_twenty_parallel_resends_to_the_missing_reach_a_new_member_once(
    council, secretary, members, quick_pdf
):
    minutes = MinutesFactory(meeting__council=council, meeting__title="Kernteam augustus")
    client_for(secretary).post(
        reverse(
            "meetings:action",
            kwargs={"slug": council.slug, "pk": minutes.meeting.pk, "action": "versturen"},
        ),
        {"what": "verslag", "audience": "leden"},
    )
    dispatch = Dispatch.objects.get()
    newcomer = member_of(council)
    mail.outbox.clear()
    url = reverse("meetings:dispatch_resend", kwargs={"slug": council.slug, "pk": dispatch.pk})
    clients = [client_for(secretary) for _ in range(20)]

    responses = in_parallel(
        lambda i: clients[i].post(url, {"reason": "Nieuw lid", "token": f"formulier-{i}"})
    )

    assert_no_server_errors(responses)
    assert DispatchResend.objects.count() == 1
    assert sent_to("Verslag: Kernteam augustus") == [newcomer.email]


def test_twenty_parallel_applications_make_one_organisation_and_one_application(council):
    kernteam = user_with_role(council, Role.SECRETARIS)
    applicant = UserFactory()
    clients = [client_for(applicant) for _ in range(20)]
    url = reverse("members:apply", kwargs={"slug": council.slug})
    form = {
        "geledingen": ["aanbod", "recycling"],
        "supports_goal": "on",
        "listing_consent": "on",
        "motivation": "Wij breken beton in de stad.",
        "org-name": "Puinbreker Stad",
        "org-kind": "bedrijf",
        "org-place": "Groningen",
        "org-email": "info@puinbreker.nl",
        "org-kvk_number": "87654321",
        "org-intention_url": "https://puinbreker.nl/duurzaam",
    }

    responses = in_parallel(lambda i: clients[i].post(url, form))

    assert_no_server_errors(responses)
    # Besides the secretaris's own organisation (a kernteam seat is held for a member).
    assert Organisation.objects.filter(name="Puinbreker Stad").count() == 1
    assert Membership.objects.filter(organisation__name="Puinbreker Stad").count() == 1
    assert statuses(responses).count(HTTPStatus.FOUND) == 1
    to_kernteam = [m for m in mail.outbox if kernteam.email in m.to]
    assert len(to_kernteam) == 1
    assert (
        OutgoingEmail.objects.filter(
            template="members/email/notify_application_received", to=[kernteam.email]
        ).count()
        == 1
    )
    refused = [r.content.decode() for r in responses if r.status_code == HTTPStatus.OK]
    assert all("heeft al een aanvraag of lidmaatschap" in page for page in refused)


def test_twenty_parallel_signatures_leave_one(council, secretary, quick_pdf):
    package = open_package(council, by=secretary)
    user, organisation = signer(council, [Geleding.AANBOD])
    action = package.actions.get(geleding=Geleding.AANBOD)
    clients = [client_for(user) for _ in range(20)]
    url = reverse("actionpackages:sign", kwargs={"slug": council.slug, "pk": package.pk})
    form = {"organisation": organisation.pk, "actions": [action.pk], "confirm": "on"}

    responses = in_parallel(lambda i: clients[i].post(url, form))

    assert_no_server_errors(responses)
    assert statuses(responses).count(HTTPStatus.FOUND) == 1
    assert Signature.objects.active().filter(package=package).count() == 1


def test_twenty_parallel_pdf_requests_make_one_document(council, secretary, quick_pdf):
    statute = statute_new_version(council=council, by=secretary)
    clients = [client_for(secretary) for _ in range(20)]
    url = reverse(
        "document_request",
        kwargs={"slug": council.slug, "kind": "statuut", "object_id": statute.pk},
    )

    responses = in_parallel(lambda i: clients[i].post(url))

    assert_no_server_errors(responses)
    assert Document.objects.count() == 1
    assert Document.objects.get().status == Document.Status.READY
    assert len(quick_pdf) == 1


def test_twenty_parallel_contributie_reminders_remind_each_member_once(council, members):
    treasurer = user_with_role(council, Role.PENNINGMEESTER)
    ContributionRate.objects.create(
        council=council, year=2025, amount=Decimal("100"), set_by_alv_on=date(2024, 11, 20)
    )
    clients = [client_for(treasurer) for _ in range(20)]
    url = reverse("members:contribution", kwargs={"slug": council.slug})

    responses = in_parallel(lambda i: clients[i].post(url, {"action": "remind", "year": 2025}))

    assert_no_server_errors(responses)
    # The penningmeester sits in the kernteam for a member organisation: reminded too.
    reminded = [*members, treasurer]
    assert ContributionReminder.objects.count() == len(reminded)
    assert sent_to("Herinnering: contributie 2025") == sorted(m.email for m in reminded)


def test_twenty_parallel_invitation_sends_invite_each_party_once(council, secretary):
    package = open_package(council, by=secretary)
    for i in range(3):
        Invitation.objects.create(
            package=package, name=f"Partij {i}", email=f"partij{i}@voorbeeld.nl", geleding="vraag"
        )
    clients = [client_for(secretary) for _ in range(20)]
    url = reverse("actionpackages:invitations", kwargs={"slug": council.slug, "pk": package.pk})

    responses = in_parallel(lambda i: clients[i].post(url, {"action": "send"}))

    assert_no_server_errors(responses)
    invited = sorted(a for m in mail.outbox for a in m.to if a.startswith("partij"))
    assert invited == [f"partij{i}@voorbeeld.nl" for i in range(3)]
