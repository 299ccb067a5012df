"""Kernteam, contributie, elections and work groups: pages and who may use them."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.models import Geleding, Role
from members import services
from members.models import BoardAppointment, ContributionRate, Election, Seat, Vote, WorkGroup
from tests.factories import UserFactory
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    BoardAppointmentFactory,
    MembershipFactory,
    person,
)

TODAY = timezone.localdate()
BOARD_MANAGERS = {Role.VOORZITTER, Role.SECRETARIS, Role.KETENSECRETARIS, Role.KWARTIERMAKER}
TREASURY = {Role.PENNINGMEESTER, Role.SECRETARIS, Role.KWARTIERMAKER}
# A genodigde (invited to a council in start-up) only looks along: not an insider.
INSIDERS = {MEMBER, KERNTEAMLID} | set(Role.values) - {Role.GENODIGDE}
# "lid" and "kernteamlid" come from an admitted membership and a kernteam seat;
# the other roles from a role record.
PEOPLE = [ANONYMOUS, OUTSIDER, MEMBER_ELSEWHERE, MEMBER, KERNTEAMLID] + [
    role for role in Role.values if role not in {MEMBER, KERNTEAMLID}
]


def url(name, council, **kwargs):
    return reverse(f"members:{name}", kwargs={"slug": council.slug, **kwargs})


def login_as(client, council, who):
    user = person(council, who)
    if user:
        client.force_login(user)
    return user


def assert_outcome(response, who, allowed, ok=HTTPStatus.OK):
    if who == ANONYMOUS:
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("account_login"))
    elif who in allowed:
        assert response.status_code == ok
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN


# Kernteam ---------------------------------------------------------------------------


def test_kernteam_page_is_public_and_shows_vacatures(client, council):
    user = UserFactory(first_name="Gea", last_name="Gemeente")
    membership = MembershipFactory(
        council=council,
        organisation__name="Gemeente Groningen",
        organisation__representative=user,
        geledingen=[Geleding.OVERHEID],
    )
    BoardAppointmentFactory(council=council, seat=Seat.OVERHEID, user=user, membership=membership)

    response = client.get(url("kernteam", council))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Gea Gemeente")
    assertContains(response, "Gemeente Groningen")
    assertContains(response, '<span class="vacature">vacature</span>', count=6, html=True)
    assertContains(response, "Vacatures: Aanbod, Vraag, Recycling, Kennis, Transitie, Ongebonden")
    assertNotContains(response, "Benoeming vastleggen")


def test_kernteam_page_offers_management_to_the_secretary(client, council):
    login_as(client, council, Role.SECRETARIS)

    response = client.get(url("kernteam", council))

    assertContains(response, "Benoeming vastleggen")
    assertContains(response, "Rooster opstellen")


@pytest.mark.parametrize("who", PEOPLE)
def test_kernteam_actions_permission_matrix(client, council, who):
    appointment = BoardAppointmentFactory(council=council, seat=Seat.KENNIS)
    login_as(client, council, who)
    action_url = url("kernteam_action", council, action="aftreden")

    fetched = client.get(action_url)
    response = client.post(action_url, {"appointment": appointment.pk, "on": TODAY.isoformat()})

    assert_outcome(fetched, who, BOARD_MANAGERS, ok=HTTPStatus.METHOD_NOT_ALLOWED)
    assert_outcome(response, who, BOARD_MANAGERS, ok=HTTPStatus.FOUND)
    appointment.refresh_from_db()
    assert (appointment.ended_early_on is not None) is (who in BOARD_MANAGERS)


def test_appoint_through_the_page(client, council):
    login_as(client, council, Role.SECRETARIS)
    user = UserFactory(email="piet@aannemer.nl")
    membership = MembershipFactory(
        council=council, organisation__representative=user, geledingen=[Geleding.VRAAG]
    )

    response = client.post(
        url("kernteam_action", council, action="benoemen"),
        {
            "seat": "vraag",
            "membership": membership.pk,
            "user_email": "piet@aannemer.nl",
            "starts_on": TODAY.isoformat(),
            "appointed_by_alv_on": TODAY.isoformat(),
        },
    )

    assertRedirects(response, url("kernteam", council))
    assert BoardAppointment.objects.get(seat="vraag").user == user


def test_appoint_to_the_wrong_geleding_shows_the_error(client, council):
    login_as(client, council, Role.SECRETARIS)
    user = UserFactory(email="piet@aannemer.nl")
    membership = MembershipFactory(
        council=council, organisation__representative=user, geledingen=[Geleding.VRAAG]
    )

    response = client.post(
        url("kernteam_action", council, action="benoemen"),
        {
            "seat": "overheid",
            "membership": membership.pk,
            "user_email": "piet@aannemer.nl",
            "starts_on": TODAY.isoformat(),
            "appointed_by_alv_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Deze zetel is voor de geleding Overheid; het lid zit daar niet in.")
    assert not BoardAppointment.objects.filter(user=user).exists()


def test_third_reappointment_through_the_page_shows_the_limit(client, council):
    login_as(client, council, Role.VOORZITTER)
    first = BoardAppointmentFactory(
        council=council, user__first_name="Bram", user__last_name="Beton"
    )
    third = services.board_reappoint(
        appointment=services.board_reappoint(appointment=first, appointed_by_alv_on=TODAY, by=None),
        appointed_by_alv_on=TODAY,
        by=None,
    )

    response = client.post(
        url("kernteam_action", council, action="herbenoemen"),
        {"appointment": third.pk, "appointed_by_alv_on": TODAY.isoformat()},
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Bram Beton is al twee keer herbenoemd")
    assert BoardAppointment.objects.filter(user=first.user).count() == 3


def test_roster_with_a_first_year_in_the_past_shows_an_error(client, council):
    login_as(client, council, Role.SECRETARIS)
    seat = BoardAppointmentFactory(council=council)

    response = client.post(url("kernteam_action", council, action="rooster"), {"first_year": 2000})

    assert response.status_code == HTTPStatus.OK
    assert BoardAppointment.objects.get(pk=seat.pk).ends_on.year > TODAY.year


# Contributie ------------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_contribution_page_permission_matrix(client, council, who):
    MembershipFactory(council=council, organisation__name="Granulaat Groningen")
    login_as(client, council, who)

    page = client.get(url("contribution", council))
    saved = client.post(
        url("contribution", council),
        {
            "action": "rate",
            "year": TODAY.year,
            "member_kind": "",
            "amount": "150.00",
            "set_by_alv_on": TODAY.isoformat(),
        },
    )

    assert_outcome(page, who, TREASURY)
    assert_outcome(saved, who, TREASURY, ok=HTTPStatus.FOUND)
    if who in TREASURY:
        assertContains(page, "Granulaat Groningen")
    assert ContributionRate.objects.filter(amount=150).exists() is (who in TREASURY)


def test_second_payment_through_the_page_shows_the_error(client, council):
    login_as(client, council, Role.PENNINGMEESTER)
    membership = MembershipFactory(council=council)
    data = {
        "action": "payment",
        "year": TODAY.year,
        "membership": membership.pk,
        "amount": "100.00",
        "paid_on": TODAY.isoformat(),
    }
    client.post(url("contribution", council), data)

    response = client.post(url("contribution", council), data)

    assertContains(response, "Voor dit jaar is al een betaling vastgelegd.")
    assert membership.payments.count() == 1


# Elections --------------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_elections_permission_matrix(client, council, who):
    login_as(client, council, who)

    listed = client.get(url("elections", council))
    opened = client.post(
        url("elections", council),
        {"geleding": "transitie", "closes_on": (TODAY + timedelta(days=7)).isoformat()},
    )

    assert_outcome(listed, who, INSIDERS)
    assert_outcome(opened, who, BOARD_MANAGERS, ok=HTTPStatus.FOUND)
    assert Election.objects.exists() is (who in BOARD_MANAGERS)


def test_election_for_an_occupied_seat_shows_the_error(client, council):
    login_as(client, council, Role.SECRETARIS)
    BoardAppointmentFactory(council=council, seat=Seat.AANBOD)

    response = client.post(
        url("elections", council),
        {"geleding": "aanbod", "closes_on": (TODAY + timedelta(days=7)).isoformat()},
    )

    assertContains(response, "De zetel van deze geleding is niet vacant.")
    assert not Election.objects.exists()


@pytest.fixture
def election(council):
    return services.election_open(
        council=council,
        geleding=Geleding.RECYCLING,
        closes_on=TODAY + timedelta(days=7),
        by=None,
    )


def test_second_vote_for_the_same_member_shows_a_message(client, council, election):
    stands = UserFactory()
    standing = MembershipFactory(
        council=council, organisation__representative=stands, geledingen=[Geleding.RECYCLING]
    )
    candidacy = services.candidacy_create(
        election=election, membership=standing, user=stands, statement=""
    )
    first, colleague = UserFactory(), UserFactory()
    voter = MembershipFactory(
        council=council,
        organisation__name="Sloopbedrijf Zuid",
        organisation__representative=first,
        geledingen=[Geleding.RECYCLING],
    )
    voter.organisation.representatives.create(user=colleague)
    vote = {"action": "vote", "membership": voter.pk, "candidacy": candidacy.pk}
    election_url = url("election", council, pk=election.pk)
    client.force_login(first)
    assertRedirects(client.post(election_url, vote), election_url)
    client.force_login(colleague)

    response = client.post(election_url, vote)

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Namens Sloopbedrijf Zuid is al gestemd: één stem per lid.")
    assert Vote.objects.count() == 1


def test_cannot_vote_on_behalf_of_someone_elses_organisation(client, council, election):
    stands = UserFactory()
    standing = MembershipFactory(
        council=council, organisation__representative=stands, geledingen=[Geleding.RECYCLING]
    )
    candidacy = services.candidacy_create(
        election=election, membership=standing, user=stands, statement=""
    )
    mine = UserFactory()
    MembershipFactory(council=council, organisation__representative=mine, geledingen=["recycling"])
    client.force_login(mine)

    response = client.post(
        url("election", council, pk=election.pk),
        {"action": "vote", "membership": standing.pk, "candidacy": candidacy.pk},
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, 'id="id_membership_error"')
    assert not Vote.objects.exists()


def test_member_outside_the_geleding_cannot_vote_on_the_page(client, council, election):
    user = UserFactory()
    MembershipFactory(council=council, organisation__representative=user, geledingen=["aanbod"])
    client.force_login(user)

    response = client.get(url("election", council, pk=election.pk))

    assertContains(response, "Alleen leden van de geleding Recycling stellen zich kandidaat")
    assertNotContains(response, "Stem uitbrengen")


@pytest.mark.parametrize("who", [MEMBER, KERNTEAMLID, Role.PENNINGMEESTER])
def test_only_board_managers_close_an_election(client, council, election, who):
    login_as(client, council, who)

    response = client.post(url("election", council, pk=election.pk), {"action": "close"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    election.refresh_from_db()
    assert election.closed_at is None


# Work groups ------------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_work_groups_permission_matrix(client, council, who):
    pin = BoardAppointmentFactory(council=council).user
    login_as(client, council, who)

    listed = client.get(url("work_groups", council))
    form = client.get(url("work_group_create", council))
    saved = client.post(
        url("work_group_create", council),
        {"name": "Werkgroep granulaat", "kind": "werkgroep", "linking_pins": [pin.pk]},
    )

    assert_outcome(listed, who, INSIDERS)
    assert_outcome(form, who, BOARD_MANAGERS)
    assert_outcome(saved, who, BOARD_MANAGERS, ok=HTTPStatus.FOUND)
    assert WorkGroup.objects.exists() is (who in BOARD_MANAGERS)


def test_work_group_needs_a_linking_pin(client, council):
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        url("work_group_create", council), {"name": "Werkgroep granulaat", "kind": "werkgroep"}
    )

    assertContains(response, "Kies ten minste één kernteamlid als linking pin.")
    assert not WorkGroup.objects.exists()


def test_projectgroep_needs_an_end_date(client, council):
    pin = BoardAppointmentFactory(council=council).user
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        url("work_group_create", council),
        {"name": "Uiverproject granulaat", "kind": "projectgroep", "linking_pins": [pin.pk]},
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(
        response,
        '<div class="errors" id="id_ends_on_error"><ul class="errorlist" id="id_ends_on_error">'
        "<li>Een projectgroep is tijdelijk: geef een einddatum.</li></ul></div>",
        html=True,
    )
    assert not WorkGroup.objects.exists()


def test_saved_work_group_is_listed_with_its_linking_pin(client, council):
    pin = BoardAppointmentFactory(
        council=council, user__first_name="Karin", user__last_name="Kennis"
    ).user
    login_as(client, council, Role.SECRETARIS)

    client.post(
        url("work_group_create", council),
        {
            "name": "Uiverproject granulaat",
            "kind": "projectgroep",
            "ends_on": (TODAY + timedelta(days=180)).isoformat(),
            "linking_pins": [pin.pk],
        },
    )

    response = client.get(url("work_groups", council))
    assertContains(response, "Uiverproject granulaat")
    assertContains(response, "Karin Kennis")
