"""Two-factor authentication, and the powers that wait for it (issue 12, point 13).

allauth.mfa offers an authenticator app with recovery codes to everyone; with
TWO_FACTOR_REQUIRED (production) the powers that reach all members or the public, or
change who may do what, wait until the person has set it up.
"""

import re
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from actionpackages.models import Invitation, Package, PackageProposal
from ketenoverleg import documents
from ketenoverleg.models import AuditEntry, Ketenoverleg, NewsItem, Phase, Role, RoleAssignment
from ketenstatistiek.models import Period
from meetings import services as meeting_services
from meetings.models import Dispatch, DispatchResend, Minutes
from members import services as member_services
from members.models import BoardAppointment, ContributionRate, Seat
from startup.models import ListSend
from tests.actionpackages.factories import PackageFactory, complete_package
from tests.factories import PASSWORD, CouncilFactory, UserFactory, user_with_role
from tests.ketenstatistiek.factories import QuestionFactory
from tests.meetings.factories import MeetingFactory, MinutesFactory, days_from_now
from tests.members.factories import MembershipFactory, member_of
from tests.startup.factories import ContactPersonFactory, MailingListFactory

pytestmark = pytest.mark.django_db

WAIT_PAGE = reverse("second_factor_required")


@pytest.fixture(autouse=True)
def _no_weasyprint(monkeypatch):
    """Sending minutes also asks for their PDF: a stand-in is enough here."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    # The code the test computes and the server's clock may fall in adjacent periods.
    settings.MFA_TOTP_TOLERANCE = 1


def log_in(client: Client, user) -> None:
    """Through the login form, so allauth records a fresh authentication."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def reauthenticate(client: Client) -> None:
    """allauth asks for the password again before security settings change."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()


def activate_totp(client: Client) -> None:
    """Set up the authenticator app the way a person does: scan, type the code."""
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == HTTPStatus.OK
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assertRedirects(response, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)


def send_minutes_to_members(client, meeting):
    return client.post(
        reverse(
            "meetings:action",
            kwargs={"slug": meeting.council.slug, "pk": meeting.pk, "action": "versturen"},
        ),
        {"what": "verslag", "audience": "leden"},
        headers={"referer": f"http://testserver{meeting.get_absolute_url()}"},
    )


def test_a_secretaris_without_a_second_factor_cannot_send_to_all_members_until_set_up(
    client, council, required, django_capture_on_commit_callbacks
):
    secretary = user_with_role(council, Role.SECRETARIS)
    for _ in range(3):
        member_of(council)
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    log_in(client, secretary)

    with django_capture_on_commit_callbacks(execute=True):
        response = send_minutes_to_members(client, meeting)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(WAIT_PAGE)
    assert not Dispatch.objects.exists()
    assert mail.outbox == []
    page = client.get(response["Location"])
    assertContains(page, "Eerst tweestapsverificatie instellen")
    assertContains(page, "Wat u wilde doen, is niet gebeurd.")
    assertContains(page, reverse("mfa_activate_totp"))
    assertContains(page, f'href="{meeting.get_absolute_url()}"')  # the way back

    activate_totp(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_minutes_to_members(client, meeting)

    assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
    assert Dispatch.objects.get().audience == Dispatch.Audience.MEMBERS
    assert len(mail.outbox) == 4  # three members and the secretaris, whose seat is a member's


def test_without_the_requirement_the_powers_do_not_wait(client, council, settings):
    settings.TWO_FACTOR_REQUIRED = False
    secretary = user_with_role(council, Role.SECRETARIS)
    member_of(council)
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    client.force_login(secretary)

    response = send_minutes_to_members(client, meeting)

    assertRedirects(response, meeting.get_absolute_url(), fetch_redirect_response=False)
    assert Dispatch.objects.count() == 1


# Every power waits, and nothing of it happens. -----------------------------------------


def _send(council, user):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(7))
    url = reverse(
        "meetings:action", kwargs={"slug": council.slug, "pk": meeting.pk, "action": "versturen"}
    )
    return (
        url,
        {"what": "agenda", "audience": "uitgenodigden"},
        lambda: not Dispatch.objects.exists(),
    )


def _publish(council, user):
    minutes = MinutesFactory(
        meeting__council=council,
        meeting__starts_at=days_from_now(-30),
        status=Minutes.Status.VASTGESTELD,
    )
    url = reverse(
        "meetings:action",
        kwargs={"slug": council.slug, "pk": minutes.meeting.pk, "action": "publiceren"},
    )
    return url, {}, lambda: Minutes.objects.get().status == Minutes.Status.VASTGESTELD


def _news(council, user):
    url = reverse("news_write", kwargs={"slug": council.slug})
    data = {"title": "Nieuw actiepakket", "body": "Tekst", "published_at": "2025-01-01T10:00"}
    return url, data, lambda: not NewsItem.objects.exists()


def _consult(council, user):
    package = complete_package(council)
    url = reverse(
        "actionpackages:action",
        kwargs={"slug": council.slug, "pk": package.pk, "action": "consultatie"},
    )
    return url, {}, lambda: Package.objects.get().status == Package.Status.CONCEPT


def _open(council, user):
    package = complete_package(council, status=Package.Status.VASTGESTELD)
    url = reverse(
        "actionpackages:action", kwargs={"slug": council.slug, "pk": package.pk, "action": "openen"}
    )
    starts_on = (timezone.localdate() + timedelta(days=14)).isoformat()
    return (
        url,
        {"starts_on": starts_on},
        lambda: Package.objects.get().status == Package.Status.VASTGESTELD,
    )


def _invite(council, user):
    package = PackageFactory(council=council, status=Package.Status.VASTGESTELD)
    Invitation.objects.create(
        package=package, name="Bouwbedrijf", email="info@bouw.nl", geleding="vraag"
    )
    url = reverse("actionpackages:invitations", kwargs={"slug": council.slug, "pk": package.pk})
    return url, {"action": "send"}, lambda: Invitation.objects.get().sent_at is None


def _remind(council, user):
    year = timezone.localdate().year
    ContributionRate.objects.create(
        council=council, year=year, amount=100, set_by_alv_on=timezone.localdate()
    )
    MembershipFactory(council=council, organisation__representative=UserFactory())
    url = reverse("members:contribution", kwargs={"slug": council.slug}) + f"?jaar={year}"
    return url, {"action": "remind"}, lambda: True


def _assign_role(council, user):
    other = UserFactory()
    url = reverse("council_roles", kwargs={"slug": council.slug})
    data = {
        "email": other.email,
        "role": Role.KETENSECRETARIS,
        "starts_on": "2025-01-01",
        "ends_on": "",
    }
    return url, data, lambda: not RoleAssignment.objects.filter(user=other).exists()


def _end_role(council, user):
    assignment = RoleAssignment.objects.create(
        council=council, user=UserFactory(), role=Role.KETENSECRETARIS
    )
    url = reverse("council_role_end", kwargs={"slug": council.slug})
    return (
        url,
        {"assignment": assignment.pk},
        lambda: RoleAssignment.objects.get(pk=assignment.pk).ends_on is None,
    )


def _appoint(council, user):
    person = UserFactory()
    membership = MembershipFactory(council=council, organisation__representative=person)
    url = reverse("members:kernteam_action", kwargs={"slug": council.slug, "action": "benoemen"})
    data = {
        "seat": Seat.AANBOD,
        "user_email": person.email,
        "membership": membership.pk,
        "starts_on": "2025-01-01",
        "appointed_by_alv_on": "2025-01-01",
    }
    seats = BoardAppointment.objects.count()  # the secretaris holds one already
    return url, data, lambda: BoardAppointment.objects.count() == seats


def _appoint_nominee(council, user):
    candidate = member_of(council)
    election = member_services.election_open(
        council=council, geleding=Seat.AANBOD, closes_on=timezone.localdate(), by=user
    )
    member_services.candidacy_create(
        election=election,
        membership=candidate.representations.get().organisation.memberships.get(),
        user=candidate,
        statement="Ik doe mee.",
    )
    member_services.election_close(election=election, by=user)
    url = reverse("members:election", kwargs={"slug": council.slug, "pk": election.pk})
    today = timezone.localdate().isoformat()
    data = {"action": "appoint", "starts_on": today, "appointed_by_alv_on": today}
    seats = BoardAppointment.objects.count()  # the secretaris holds one already
    return url, data, lambda: BoardAppointment.objects.count() == seats


def _edit_council(council, user):
    url = reverse("council_edit", kwargs={"slug": council.slug})
    data = {
        "name": "Een andere naam",
        "slug": council.slug,
        "product_category": "Beton",
        "area": "Groningen",
        "goal": "Doel",
        "organisation_form": "informeel",
        "penvoerder": "Gemeente",
        "contact_email": "a@b.nl",
    }
    return url, data, lambda: Ketenoverleg.objects.get(pk=council.pk).name == council.name


POWERS = {
    "agenda-versturen": _send,
    "verslag-publiceren": _publish,
    "nieuws-publiceren": _news,
    "pakket-consulteren": _consult,
    "pakket-openen": _open,
    "uitnodigingen-versturen": _invite,
    "contributieherinneringen": _remind,
    "rol-toekennen": _assign_role,
    "rol-beeindigen": _end_role,
    "kernteam-benoemen": _appoint,
    "verkiezing-benoemen": _appoint_nominee,
    "gegevens-wijzigen": _edit_council,
}


@pytest.mark.parametrize("power", POWERS)
def test_every_power_waits_for_a_second_factor_and_nothing_happens(
    client, council, required, power
):
    secretary = user_with_role(council, Role.SECRETARIS)
    url, data, unchanged = POWERS[power](council, secretary)
    client.force_login(secretary)

    response = client.post(url, data)

    assertRedirects(response, WAIT_PAGE, fetch_redirect_response=False)
    assert unchanged()
    assert mail.outbox == []
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("power", POWERS)
def test_the_same_powers_go_ahead_with_a_second_factor(client, council, required, power):
    secretary = user_with_role(council, Role.SECRETARIS)
    url, data, unchanged = POWERS[power](council, secretary)
    Authenticator.objects.create(user=secretary, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(secretary)

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    assert not response["Location"].startswith(WAIT_PAGE)
    if power != "contributieherinneringen":
        assert not unchanged()


def test_someone_without_the_role_is_refused_not_sent_to_the_set_up_page(client, council, required):
    member = member_of(council)
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    client.force_login(member)

    assert send_minutes_to_members(client, meeting).status_code == HTTPStatus.FORBIDDEN


def test_pages_that_only_show_do_not_wait(client, council, required):
    client.force_login(user_with_role(council, Role.SECRETARIS))

    assert (
        client.get(reverse("council_roles", kwargs={"slug": council.slug})).status_code
        == HTTPStatus.OK
    )
    assert (
        client.get(reverse("news_write", kwargs={"slug": council.slug})).status_code
        == HTTPStatus.OK
    )


def test_the_admin_waits_for_a_superusers_second_factor(client, required):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get(reverse("admin:index"))

    assertRedirects(response, f"{WAIT_PAGE}?next=%2Fadmin%2F", fetch_redirect_response=False)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_the_admin_is_open_without_the_requirement(client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


# The pages: in the site's look, formal Dutch, no way back to somewhere else. ------------


def test_the_waiting_page_ignores_a_way_back_to_another_site(client, required):
    client.force_login(UserFactory())

    page = client.get(WAIT_PAGE, {"next": "https://evil.example.org/"})

    assertContains(page, "Eerst tweestapsverificatie instellen")
    assertNotContains(page, 'href="https://evil.example.org/"')
    assertNotContains(page, "Terug naar waar u was")


def test_the_waiting_page_needs_a_login(client):
    response = client.get(WAIT_PAGE)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)


def test_setting_up_and_managing_the_second_factor_speaks_formal_dutch(client, required):
    user = UserFactory()
    log_in(client, user)

    pages = [client.get(reverse("mfa_index")), client.get(reverse("account_reauthenticate"))]
    activate_totp(client)
    pages.insert(1, client.get(reverse("mfa_reauthenticate")))
    pages += [
        client.get(reverse("mfa_view_recovery_codes")),
        client.get(reverse("mfa_index")),
        client.get(reverse("mfa_generate_recovery_codes")),
        client.get(reverse("mfa_deactivate_totp")),
        client.get(reverse("usersessions_list")),
        client.get(reverse("mydata:my_data")),
    ]

    for page in pages:
        assert page.status_code == HTTPStatus.OK
        text = strip_tags(page.content.decode())
        assert not INFORMAL.search(text), INFORMAL.search(text)
        assertContains(page, 'class="site-header"')
    assertContains(pages[3], "Herstelcodes")
    assert len(pages[3].context["unused_codes"]) == 10
    assertContains(pages[4], "Aan: bij het inloggen vraagt de site")


def test_the_qr_code_is_part_of_the_page_not_a_data_image(client):
    log_in(client, UserFactory())
    reauthenticate(client)

    page = client.get(reverse("mfa_activate_totp"))

    assertContains(page, '<svg aria-hidden="true"')  # img-src 'self' suffices
    assertNotContains(page, "data:image")
    assertNotContains(page, "<?xml")
    assertContains(page, page.context["form"].secret)


def test_a_wrong_code_is_refused_at_the_field(client):
    user = UserFactory()
    log_in(client, user)
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["code"] == [
        "Deze code klopt niet. Probeer de code die de app nu toont."
    ]
    assert not Authenticator.objects.filter(user=user).exists()


def test_logging_in_with_a_second_factor_asks_for_the_code(client, required):
    user = UserFactory()
    log_in(client, user)
    activate_totp(client)
    client.logout()
    secret = decrypt(
        Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    )

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
    assertContains(client.get(reverse("mfa_authenticate")), "Inloggen: tweede stap")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert "_auth_user_id" in client.session


def test_my_data_links_to_the_second_factor_and_sessions_and_reminds_key_holders(client, council):
    secretary = user_with_role(council, Role.SECRETARIS)
    client.force_login(secretary)

    page = client.get(reverse("mydata:my_data"))

    assertContains(page, reverse("mfa_index"))
    assertContains(page, reverse("usersessions_list"))
    assertContains(page, "Met uw rol kunt u alle leden bereiken of rollen wijzigen.")


def test_members_get_no_reminder_meant_for_key_holders(client, council):
    client.force_login(member_of(council))

    page = client.get(reverse("mydata:my_data"))

    assertContains(page, reverse("mfa_index"))
    assertNotContains(page, "Met uw rol kunt u")


# Sessions ------------------------------------------------------------------------------


def test_a_person_sees_other_sessions_and_ends_them():
    user = UserFactory()
    laptop, phone = (
        Client(HTTP_USER_AGENT="Firefox op laptop"),
        Client(HTTP_USER_AGENT="Safari op telefoon"),
    )
    log_in(laptop, user)
    log_in(phone, user)

    page = laptop.get(reverse("usersessions_list"))
    assertContains(page, "Firefox op laptop")
    assertContains(page, "Safari op telefoon")

    laptop.post(reverse("usersessions_list"))

    assert "_auth_user_id" in laptop.session
    assert phone.get(reverse("mydata:my_data")).status_code == HTTPStatus.FOUND  # to the login
    assertNotContains(laptop.get(reverse("usersessions_list")), "Safari op telefoon")


@pytest.mark.parametrize("name", ["mfa_index", "mfa_activate_totp", "usersessions_list"])
def test_the_security_pages_need_a_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


# The powers the newer apps added: a resend, the kwartiermaker's phase and publication,
# a relatiebeheer mailing, a proposal to all local councils, ketenstatistiek.


def _resend(council):
    secretary = user_with_role(council, Role.SECRETARIS)
    member_of(council)
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    dispatch = meeting_services.dispatch_send(
        meeting=meeting, what=Dispatch.What.MINUTES, audience=Dispatch.Audience.MEMBERS, by=None
    )
    member_of(council)
    url = reverse("meetings:dispatch_resend", kwargs={"slug": council.slug, "pk": dispatch.pk})
    data = {"reason": "Nieuw lid", "token": "t1"}
    return secretary, url, data, lambda: not DispatchResend.objects.exists()


def _phase(council):
    kwartiermaker = user_with_role(None, Role.KWARTIERMAKER)
    Ketenoverleg.objects.filter(pk=council.pk).update(phase=Phase.OPINIEGESPREK)
    url = reverse("startup:phase", kwargs={"slug": council.slug})
    data = {"to_phase": Phase.VERKENNING, "note": "Opnieuw verkennen."}
    return kwartiermaker, url, data, lambda: Ketenoverleg.objects.get().phase == Phase.OPINIEGESPREK


def _go_public(council):
    kwartiermaker = user_with_role(None, Role.KWARTIERMAKER)
    Ketenoverleg.objects.filter(pk=council.pk).update(phase=Phase.VERKENNING, published_at=None)
    url = reverse("startup:publish", kwargs={"slug": council.slug})
    return kwartiermaker, url, {}, lambda: Ketenoverleg.objects.get().published_at is None


def _mailing(council):
    secretary = user_with_role(council, Role.SECRETARIS)
    contact = ContactPersonFactory(party__council=council)
    mailing_list = MailingListFactory(council=council, recipients=[contact])
    url = reverse("startup:mailing_list", kwargs={"slug": council.slug, "pk": mailing_list.pk})
    return secretary, url, {}, lambda: not ListSend.objects.exists()


def _propose(council):
    secretary = user_with_role(council, Role.SECRETARIS)
    CouncilFactory(parent=council)
    package = complete_package(council, status=Package.Status.VASTGESTELD)
    url = reverse("actionpackages:local_councils", kwargs={"slug": council.slug})
    data = {"package": package.pk, "message": ""}
    return secretary, url, data, lambda: not PackageProposal.objects.exists()


def _open_statistics(council):
    secretary = user_with_role(council, Role.SECRETARIS)
    period = QuestionFactory(period__council=council, period__status=Period.Status.CONCEPT).period
    url = reverse(
        "ketenstatistiek:action", kwargs={"slug": council.slug, "pk": period.pk, "action": "openen"}
    )
    return secretary, url, {}, lambda: Period.objects.get().status == Period.Status.CONCEPT


NEWER_POWERS = {
    "opnieuw-versturen": _resend,
    "fase-wijzigen": _phase,
    "openbaar-maken": _go_public,
    "mailing-versturen": _mailing,
    "voorstellen-aan-lokale-overleggen": _propose,
    "ketenstatistiek-openen": _open_statistics,
}


@pytest.mark.parametrize("power", NEWER_POWERS)
@pytest.mark.parametrize("with_factor", [False, True], ids=["zonder", "met"])
def test_the_newer_powers_wait_for_a_second_factor_too(
    client, council, required, power, with_factor
):
    user, url, data, unchanged = NEWER_POWERS[power](council)
    if with_factor:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    mail.outbox.clear()
    AuditEntry.objects.all().delete()

    response = client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND
    if with_factor:
        assert not response["Location"].startswith(WAIT_PAGE)
        assert not unchanged()
        assert AuditEntry.objects.count() == 1
    else:
        assert response["Location"].startswith(WAIT_PAGE)
        assert unchanged()
        assert not AuditEntry.objects.exists()
