"""The kernteam: seats and vacatures, appointment, reappointment, roster; elections."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ketenoverleg.models import Geleding, Role
from ketenoverleg.roles import roles_for
from members import services
from members.models import BoardAppointment, Election, MembershipStatus, Seat, Vote
from tests.factories import CouncilFactory, UserFactory
from tests.members.factories import BoardAppointmentFactory, MembershipFactory

TODAY = timezone.localdate()
ALV = TODAY - timedelta(days=7)


def candidate(council, geleding=Geleding.AANBOD, **kwargs):
    """A user acting for an admitted member of ``geleding``; returns (user, membership)."""
    user = UserFactory()
    membership = MembershipFactory(
        council=council, organisation__representative=user, geledingen=[geleding], **kwargs
    )
    return user, membership


def appoint(council, seat, user, membership, starts_on=TODAY):
    return services.board_appoint(
        council=council,
        seat=seat,
        user=user,
        membership=membership,
        starts_on=starts_on,
        appointed_by_alv_on=ALV,
        by=None,
    )


# Appointment ------------------------------------------------------------------------


def test_appointment_fills_the_seat_for_four_years(council):
    user, membership = candidate(council, Geleding.OVERHEID)

    appointment = appoint(council, Seat.OVERHEID, user, membership, starts_on=date(2024, 3, 1))

    assert appointment.ends_on == date(2028, 3, 1)
    assert appointment.term_number == 1


def test_any_member_may_take_the_unbound_seat(council):
    user, membership = candidate(council, Geleding.TRANSITIE)

    appoint(council, Seat.ONGEBONDEN, user, membership)

    assert Role.KERNTEAMLID in roles_for(user, council)
    assert "Ongebonden" not in BoardAppointment.objects.vacant_seats(council)


def _not_admitted(council):
    user, membership = candidate(council, status=MembershipStatus.AANGEVRAAGD)
    return user, membership, Seat.AANBOD


def _other_geleding(council):
    user, membership = candidate(council, Geleding.VRAAG)
    return user, membership, Seat.AANBOD


def _not_representing(council):
    _, membership = candidate(council)
    return UserFactory(), membership, Seat.AANBOD


def _occupied(council):
    BoardAppointmentFactory(council=council, seat=Seat.AANBOD)
    user, membership = candidate(council)
    return user, membership, Seat.AANBOD


def _already_seated(council):
    seated = BoardAppointmentFactory(council=council, seat=Seat.VRAAG)
    return seated.user, seated.membership, Seat.ONGEBONDEN


@pytest.mark.parametrize(
    ("setup", "field"),
    [
        (_not_admitted, "membership"),
        (_other_geleding, "seat"),
        (_not_representing, "user"),
        (_occupied, "seat"),
        (_already_seated, "user"),
    ],
    ids=["not-admitted", "other-geleding", "not-representing", "seat-occupied", "already-seated"],
)
def test_appointment_is_refused(council, setup, field):
    user, membership, seat = setup(council)
    before = BoardAppointment.objects.count()

    with pytest.raises(ValidationError) as refused:
        appoint(council, seat, user, membership)

    assert field in refused.value.message_dict
    assert BoardAppointment.objects.count() == before


def test_appointment_overlapping_a_later_term_is_refused(council):
    later = BoardAppointmentFactory(
        council=council,
        seat=Seat.KENNIS,
        starts_on=TODAY + timedelta(days=60),
        ends_on=TODAY + timedelta(days=60 + 4 * 365),
    )
    user, membership = candidate(council, Geleding.KENNIS)

    with pytest.raises(ValidationError):
        appoint(council, Seat.KENNIS, user, membership)

    on = later.starts_on + timedelta(days=1)
    assert BoardAppointment.objects.active(on).filter(seat=Seat.KENNIS).count() == 1


def test_reappointment_works_twice_and_then_is_refused(council):
    first = BoardAppointmentFactory(council=council)

    second = services.board_reappoint(appointment=first, appointed_by_alv_on=ALV, by=None)
    third = services.board_reappoint(appointment=second, appointed_by_alv_on=ALV, by=None)

    assert [(a.term_number, a.starts_on) for a in (second, third)] == [
        (2, first.ends_on),
        (3, second.ends_on),
    ]
    with pytest.raises(ValidationError, match="al twee keer herbenoemd"):
        services.board_reappoint(appointment=third, appointed_by_alv_on=ALV, by=None)
    assert BoardAppointment.objects.filter(user=first.user).count() == 3


def test_a_term_is_extended_only_once(council):
    first = BoardAppointmentFactory(council=council)
    services.board_reappoint(appointment=first, appointed_by_alv_on=ALV, by=None)

    with pytest.raises(ValidationError, match="al verlengd"):
        services.board_reappoint(appointment=first, appointed_by_alv_on=ALV, by=None)


def test_seats_show_vacatures_in_fixed_order(council):
    held = BoardAppointmentFactory(council=council, seat=Seat.VRAAG)
    BoardAppointmentFactory(council=CouncilFactory(), seat=Seat.AANBOD)
    BoardAppointmentFactory(
        council=council,
        seat=Seat.KENNIS,
        starts_on=TODAY - timedelta(days=4 * 365 + 10),
        ends_on=TODAY - timedelta(days=10),
    )

    seats = BoardAppointment.objects.seats_of(council)

    assert [(s["key"], s["appointment"]) for s in seats] == [
        ("aanbod", None),
        ("vraag", held),
        ("recycling", None),
        ("kennis", None),
        ("overheid", None),
        ("transitie", None),
        ("ongebonden", None),
    ]
    assert BoardAppointment.objects.vacant_seats(council) == [
        "Aanbod",
        "Recycling",
        "Kennis",
        "Overheid",
        "Transitie",
        "Ongebonden",
    ]


def test_stepping_down_makes_the_seat_vacant(council):
    appointment = BoardAppointmentFactory(council=council, seat=Seat.RECYCLING)

    services.board_step_down(appointment=appointment, on=TODAY, by=None)

    assert "Recycling" in BoardAppointment.objects.vacant_seats(council)
    assert Role.KERNTEAMLID not in roles_for(appointment.user, council)


def _full_kernteam(council, starts_on):
    return [
        BoardAppointmentFactory(
            council=council,
            seat=seat,
            starts_on=starts_on,
            ends_on=starts_on.replace(year=starts_on.year + 4),
        )
        for seat in Seat.values
    ]


def test_roster_staggers_seven_first_terms_over_four_years(council):
    # The whole kernteam was appointed at once this year: the roster spreads their
    # first step-down over the next four years, never beyond a four-year term.
    starts_on = date(TODAY.year, 1, 1)
    _full_kernteam(council, starts_on)
    first_year = TODAY.year + 1

    services.roster_generate(council=council, first_year=first_year, by=None)

    ends = dict(BoardAppointment.objects.values_list("seat", "ends_on"))
    assert sorted(Counter(d.year - first_year for d in ends.values()).items()) == [
        (0, 2),
        (1, 2),
        (2, 2),
        (3, 1),
    ]
    assert ends == {
        "aanbod": date(first_year, 1, 1),
        "vraag": date(first_year + 1, 1, 1),
        "recycling": date(first_year + 2, 1, 1),
        "kennis": date(first_year + 3, 1, 1),
        "overheid": date(first_year, 1, 1),
        "transitie": date(first_year + 1, 1, 1),
        "ongebonden": date(first_year + 2, 1, 1),
    }
    assert BoardAppointment.objects.vacant_seats(council) == []


def test_roster_leaves_reappointed_members_alone(council):
    first = BoardAppointmentFactory(council=council)
    first.term_number = 2
    first.save()

    services.roster_generate(council=council, first_year=TODAY.year + 1, by=None)

    assert BoardAppointment.objects.get().ends_on == first.ends_on


def test_roster_handles_a_term_that_started_on_29_february(council):
    leap_day = date(2024, 2, 29)
    BoardAppointmentFactory(council=council, starts_on=leap_day, ends_on=date(2028, 2, 28))

    services.roster_generate(council=council, first_year=2027, by=None)

    assert BoardAppointment.objects.get().ends_on == date(2027, 2, 28)


# Elections --------------------------------------------------------------------------


@pytest.fixture
def election(council):
    return services.election_open(
        council=council,
        geleding=Geleding.RECYCLING,
        closes_on=TODAY + timedelta(days=14),
        by=None,
    )


def test_election_opens_only_for_a_vacant_seat(council):
    BoardAppointmentFactory(council=council, seat=Seat.AANBOD)

    with pytest.raises(ValidationError) as refused:
        services.election_open(council=council, geleding=Geleding.AANBOD, closes_on=TODAY, by=None)

    assert "geleding" in refused.value.message_dict
    assert not Election.objects.exists()


def test_one_running_election_per_seat(council, election):
    with pytest.raises(ValidationError, match="loopt al een verkiezing"):
        services.election_open(
            council=council, geleding=Geleding.RECYCLING, closes_on=TODAY, by=None
        )

    assert Election.objects.count() == 1


def test_election_cannot_close_in_the_past(council):
    with pytest.raises(ValidationError) as refused:
        services.election_open(
            council=council,
            geleding=Geleding.VRAAG,
            closes_on=TODAY - timedelta(days=1),
            by=None,
        )

    assert "closes_on" in refused.value.message_dict


def test_a_member_of_the_geleding_stands_for_election(council, election):
    user, membership = candidate(council, Geleding.RECYCLING)

    candidacy = services.candidacy_create(
        election=election, membership=membership, user=user, statement="Ik ken de keten."
    )

    assert list(election.candidacies.all()) == [candidacy]
    with pytest.raises(ValidationError, match="al kandidaat"):
        services.candidacy_create(
            election=election, membership=membership, user=user, statement="Nog eens."
        )


def _candidate_other_geleding(council):
    return candidate(council, Geleding.AANBOD)


def _candidate_not_admitted(council):
    return candidate(council, Geleding.RECYCLING, status=MembershipStatus.AANGEVRAAGD)


def _candidate_not_representing(council):
    _, membership = candidate(council, Geleding.RECYCLING)
    return UserFactory(), membership


def _candidate_other_council(council):
    return candidate(CouncilFactory(), Geleding.RECYCLING)


@pytest.mark.parametrize(
    "setup",
    [
        _candidate_other_geleding,
        _candidate_not_admitted,
        _candidate_not_representing,
        _candidate_other_council,
    ],
    ids=["other-geleding", "not-admitted", "not-representing", "other-council"],
)
def test_candidacy_is_refused(council, election, setup):
    user, membership = setup(council)

    with pytest.raises(ValidationError) as refused:
        services.candidacy_create(election=election, membership=membership, user=user, statement="")

    assert "membership" in refused.value.message_dict
    assert not election.candidacies.exists()


def _stand(election, council):
    user, membership = candidate(council, Geleding.RECYCLING)
    return services.candidacy_create(
        election=election, membership=membership, user=user, statement=""
    )


def _vote(election, membership, user, candidacy):
    return services.vote_cast(
        election=election, membership=membership, candidacy=candidacy, by=user
    )


def test_vote_from_outside_the_geleding_is_refused(council, election):
    candidacy = _stand(election, council)
    user, membership = candidate(council, Geleding.AANBOD)

    with pytest.raises(ValidationError) as refused:
        _vote(election, membership, user, candidacy)

    assert "membership" in refused.value.message_dict
    assert not Vote.objects.exists()


def test_one_vote_per_member_organisation(council, election):
    candidacy = _stand(election, council)
    user, membership = candidate(council, Geleding.RECYCLING)
    colleague = UserFactory()
    membership.organisation.representatives.create(user=colleague)
    _vote(election, membership, user, candidacy)

    with pytest.raises(ValidationError, match="al gestemd"):
        _vote(election, membership, colleague, candidacy)

    assert election.votes.count() == 1


def test_close_nominates_the_single_winner_and_the_alv_appoints(council, election):
    winner, runner_up = _stand(election, council), _stand(election, council)
    for choice in [winner, winner, runner_up]:
        user, membership = candidate(council, Geleding.RECYCLING)
        _vote(election, membership, user, choice)

    services.election_close(election=election, by=None)
    appointment = services.election_appoint(
        election=election, starts_on=TODAY, appointed_by_alv_on=TODAY, by=None
    )

    election.refresh_from_db()
    assert election.nominee == winner
    assert election.appointment == appointment
    assert (appointment.seat, appointment.user) == ("recycling", winner.user)
    assert Role.KERNTEAMLID in roles_for(winner.user, council)
    assert "Recycling" not in BoardAppointment.objects.vacant_seats(council)
    with pytest.raises(ValidationError, match="al gesloten"):
        services.election_close(election=election, by=None)


def test_a_single_candidate_is_nominated_without_votes(council, election):
    only = _stand(election, council)

    services.election_close(election=election, by=None)

    assert election.nominee == only


def test_a_tie_gives_no_nominee(council, election):
    first, second = _stand(election, council), _stand(election, council)
    for choice in [first, second]:
        user, membership = candidate(council, Geleding.RECYCLING)
        _vote(election, membership, user, choice)

    services.election_close(election=election, by=None)

    election.refresh_from_db()
    assert election.nominee is None
    with pytest.raises(ValidationError, match="stemmen staakten"):
        services.election_appoint(
            election=election, starts_on=TODAY, appointed_by_alv_on=TODAY, by=None
        )
    assert not BoardAppointment.objects.exists()


def test_no_votes_after_closing(council, election):
    candidacy = _stand(election, council)
    services.election_close(election=election, by=None)
    user, membership = candidate(council, Geleding.RECYCLING)

    with pytest.raises(ValidationError, match="gesloten"):
        _vote(election, membership, user, candidacy)
