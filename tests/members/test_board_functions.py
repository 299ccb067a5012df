"""The kernteam's functions: voorzitter, secretaris and penningmeester chosen from the
seated members (handbook 7.5.2), one holder at a time, recorded by the kernteam itself,
ending with the seat; and the non-voting procesbegeleider."""

import threading
from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from ketenoverleg.models import Role
from ketenoverleg.roles import has_role, roles_for, users_holding
from members import services
from members.models import BoardFunction, BoardFunctionTerm, Seat
from tests.factories import CouncilFactory, RoleAssignmentFactory, UserFactory, user_with_role
from tests.members.factories import BoardAppointmentFactory, MembershipFactory, member_of

pytestmark = pytest.mark.django_db

F = BoardFunction
TODAY = timezone.localdate()


def seated(council, seat=Seat.VRAAG, **user):
    """A kernteam member on ``seat`` (a running first term)."""
    return BoardAppointmentFactory(
        council=council, seat=seat, **{f"user__{k}": v for k, v in user.items()}
    ).user


def appoint(council, function, user, *, by, starts_on=TODAY, **kwargs):
    return services.function_appoint(
        council=council,
        function=function,
        user=user,
        starts_on=starts_on,
        decided_on=kwargs.pop("decided_on", min(starts_on, TODAY)),
        by=by,
        **kwargs,
    )


def fresh(user):
    """The user as a new request sees it (roles are cached per user object)."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def kernteam(council):
    """Three seated members: Anna, Bram and Carla."""
    return {
        "anna": seated(council, Seat.VRAAG, first_name="Anna", last_name="Bakker"),
        "bram": seated(council, Seat.AANBOD, first_name="Bram", last_name="Beton"),
        "carla": seated(council, Seat.KENNIS, first_name="Carla", last_name="Kennis"),
    }


def test_a_seated_member_becomes_voorzitter_and_the_role_checks_say_so(client, council, kernteam):
    anna, bram = kernteam["anna"], kernteam["bram"]

    term = appoint(council, F.VOORZITTER, anna, by=bram)

    assert term.appointment.user == anna
    assert term.recorded_by == bram
    assert term.decided_by == BoardFunctionTerm.DecidedBy.KERNTEAM
    assert Role.VOORZITTER in roles_for(fresh(anna), council)
    assert list(users_holding(council, [Role.VOORZITTER])) == [anna]
    page = client.get(reverse("members:kernteam", args=[council.slug]))
    assert [t.user for t in (f["term"] for f in page.context["functions"]) if t] == [anna]
    assertContains(page, "<td>Voorzitter</td>", html=True)


def test_a_new_voorzitter_ends_the_previous_one_in_the_same_step(client, council, kernteam):
    anna, bram, carla = kernteam["anna"], kernteam["bram"], kernteam["carla"]
    first = appoint(council, F.VOORZITTER, anna, by=bram, starts_on=TODAY - timedelta(days=20))

    second = appoint(council, F.VOORZITTER, bram, by=carla)

    first.refresh_from_db()
    assert first.ended_on == second.starts_on == TODAY
    assert first.ended_by == carla
    assert first.end_note == "Opgevolgd door Bram Beton."
    assert first.ends_on == TODAY - timedelta(days=1)
    assert Role.VOORZITTER not in roles_for(fresh(anna), council)
    assert Role.VOORZITTER in roles_for(fresh(bram), council)
    assert list(users_holding(council, [Role.VOORZITTER])) == [bram]
    page = client.get(reverse("members:kernteam", args=[council.slug]))
    current = {f["key"]: f["term"] for f in page.context["functions"]}
    assert current["voorzitter"].user == bram
    assertContains(page, "Opgevolgd door Bram Beton.")


def test_a_future_handover_keeps_the_holder_until_that_day(council, kernteam):
    anna, bram = kernteam["anna"], kernteam["bram"]
    appoint(council, F.VOORZITTER, anna, by=bram, starts_on=TODAY - timedelta(days=10))
    handover = TODAY + timedelta(days=20)

    appoint(council, F.VOORZITTER, bram, by=anna, starts_on=handover)

    assert Role.VOORZITTER in roles_for(fresh(anna), council)
    assert Role.VOORZITTER not in roles_for(fresh(bram), council)
    with time_machine.travel(handover, tick=False):
        assert Role.VOORZITTER not in roles_for(fresh(anna), council)
        assert Role.VOORZITTER in roles_for(fresh(bram), council)


def test_a_member_without_a_seat_cannot_be_voorzitter(council, kernteam):
    """The found case: "Voorzitter" given to a member without a kernteam seat."""
    anna, bram = kernteam["anna"], kernteam["bram"]
    appoint(council, F.VOORZITTER, anna, by=bram)
    outsider = member_of(council)

    with pytest.raises(ValidationError) as error:
        appoint(council, F.VOORZITTER, outsider, by=bram)

    assert "geen zetel in het kernteam" in error.value.message_dict["user"][0]
    assert list(users_holding(council, [Role.VOORZITTER])) == [anna]
    assert BoardFunctionTerm.objects.get(function=F.VOORZITTER).ended_on is None


@pytest.mark.parametrize(
    "recorder", [Role.KETENSECRETARIS, Role.KWARTIERMAKER, "superuser", "member", "other-council"]
)
def test_only_a_seated_kernteam_member_records_the_choice(council, kernteam, recorder):
    makers = {
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "member": lambda: member_of(council),
        "other-council": lambda: seated(CouncilFactory()),
    }
    by = makers[recorder]() if recorder in makers else user_with_role(council, recorder)

    with pytest.raises(ValidationError, match="alleen een zittend kernteamlid"):
        appoint(council, F.VOORZITTER, kernteam["anna"], by=by)

    assert not BoardFunctionTerm.objects.exists()


def test_secretaris_and_penningmeester_may_be_one_person_the_voorzitter_not(council, kernteam):
    anna, bram = kernteam["anna"], kernteam["bram"]

    appoint(council, F.SECRETARIS, anna, by=bram)
    appoint(council, F.PENNINGMEESTER, anna, by=bram)

    assert {Role.SECRETARIS, Role.PENNINGMEESTER} <= roles_for(fresh(anna), council)
    with pytest.raises(ValidationError) as error:
        appoint(council, F.VOORZITTER, anna, by=bram)
    assert error.value.message_dict["user"] == [
        "Anna Bakker is al penningmeester; alleen secretaris en penningmeester kunnen één "
        "persoon zijn."
    ]
    assert Role.VOORZITTER not in roles_for(fresh(anna), council)


def test_the_same_holder_twice_and_a_start_before_the_holder_are_refused(council, kernteam):
    anna, bram = kernteam["anna"], kernteam["bram"]
    appoint(council, F.SECRETARIS, anna, by=bram, starts_on=TODAY - timedelta(days=5))

    with pytest.raises(ValidationError) as again:
        appoint(council, F.SECRETARIS, anna, by=bram)
    with pytest.raises(ValidationError) as earlier:
        appoint(council, F.SECRETARIS, bram, by=anna, starts_on=TODAY - timedelta(days=30))

    assert again.value.message_dict["user"] == ["Anna Bakker is al secretaris."]
    assert "gaat niet eerder in" in earlier.value.message_dict["starts_on"][0]
    assert BoardFunctionTerm.objects.count() == 1


def test_a_decision_in_the_future_is_refused(council, kernteam):
    with pytest.raises(ValidationError) as error:
        appoint(
            council,
            F.VOORZITTER,
            kernteam["anna"],
            by=kernteam["bram"],
            decided_on=TODAY + timedelta(days=1),
        )

    assert "decided_on" in error.value.message_dict


@pytest.mark.parametrize("how", ["step_down", "membership_end"])
def test_when_the_seat_ends_the_function_ends_too(council, kernteam, how):
    anna, bram = kernteam["anna"], kernteam["bram"]
    term = appoint(council, F.VOORZITTER, anna, by=bram)
    seat = term.appointment

    if how == "step_down":
        services.board_step_down(appointment=seat, on=TODAY, by=bram)
    else:
        services.membership_end(membership=seat.membership, by=anna)

    term.refresh_from_db()
    assert term.ended_on == TODAY
    assert term.end_note == "De zetel in het kernteam is beëindigd."
    assert roles_for(fresh(anna), council).isdisjoint({Role.VOORZITTER, Role.KERNTEAMLID})
    assert not users_holding(council, [Role.VOORZITTER]).exists()


def test_a_seat_that_runs_out_takes_the_function_with_it_and_a_new_term_does_not_restore_it(
    council, kernteam
):
    """Handbook 7.5.5: reappointment does not of itself restore an earlier function."""
    anna, bram = kernteam["anna"], kernteam["bram"]
    term = appoint(council, F.PENNINGMEESTER, anna, by=bram)
    seat = term.appointment
    services.board_reappoint(appointment=seat, appointed_by_alv_on=TODAY, by=bram)

    with time_machine.travel(seat.ends_on + timedelta(days=1), tick=False):
        assert Role.PENNINGMEESTER not in roles_for(fresh(anna), council)
        assert Role.KERNTEAMLID in roles_for(fresh(anna), council)
        assert not users_holding(council, [Role.PENNINGMEESTER]).exists()


def test_the_kernteam_ends_a_function_without_a_successor(council, kernteam):
    anna, bram = kernteam["anna"], kernteam["bram"]
    term = appoint(council, F.SECRETARIS, anna, by=bram, starts_on=TODAY - timedelta(days=3))

    services.function_end(term=term, on=TODAY, by=bram, note="Treedt terug als secretaris.")

    term.refresh_from_db()
    assert (term.ended_on, term.ended_by, term.end_note) == (
        TODAY,
        bram,
        "Treedt terug als secretaris.",
    )
    assert Role.SECRETARIS not in roles_for(fresh(anna), council)
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.function_end(term=term, on=TODAY, by=bram)


def test_the_procesbegeleider_sits_without_a_vote_and_without_a_seat(client, council, kernteam):
    adviser = UserFactory(first_name="Marieke", last_name="Jansen")

    appoint(council, F.PROCESBEGELEIDER, adviser, by=kernteam["anna"])

    roles = roles_for(fresh(adviser), council)
    assert Role.PROCESBEGELEIDER in roles
    assert roles.isdisjoint({Role.KERNTEAMLID, Role.VOORZITTER, Role.LID})
    assert has_role(fresh(adviser), council, [Role.PROCESBEGELEIDER])
    with pytest.raises(ValidationError, match="niet stemgerechtigd"):
        appoint(council, F.PROCESBEGELEIDER, kernteam["bram"], by=kernteam["anna"])
    page = client.get(reverse("members:kernteam", args=[council.slug]))
    assertContains(page, "Marieke Jansen")
    assertContains(page, "niet stemgerechtigd")


def test_the_database_keeps_one_open_holder_per_function(council, kernteam):
    anna, bram = kernteam["anna"], kernteam["bram"]
    appoint(council, F.VOORZITTER, anna, by=bram)

    with pytest.raises(IntegrityError), transaction.atomic():
        BoardFunctionTerm.objects.create(
            council=council,
            function=F.VOORZITTER,
            user=bram,
            appointment=bram.board_appointments.get(),
            starts_on=TODAY,
            decided_on=TODAY,
        )


def test_an_officer_without_a_seat_cannot_be_stored(council):
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardFunctionTerm.objects.create(
            council=council,
            function=F.VOORZITTER,
            user=UserFactory(),
            starts_on=TODAY,
            decided_on=TODAY,
        )


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_appointments_leave_one_voorzitter():
    council = CouncilFactory()
    members = [seated(council, seat) for seat in Seat.values]
    start = threading.Barrier(20)
    outcomes = []

    def attempt(i):
        try:
            start.wait()
            appoint(council, F.VOORZITTER, members[i % 7], by=members[(i + 1) % 7])
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(outcomes) <= {"ok", "refused"}
    assert "ok" in outcomes
    assert users_holding(council, [Role.VOORZITTER]).count() == 1
    assert BoardFunctionTerm.objects.filter(ended_on__isnull=True).count() == 1


# Pages -------------------------------------------------------------------------------


def post(client, council, action, data):
    return client.post(reverse("members:kernteam_action", args=[council.slug, action]), data)


def function_data(seat, function=F.VOORZITTER, **extra):
    return {
        "functie-function": function,
        "functie-appointment": seat.pk,
        "functie-starts_on": TODAY.isoformat(),
        "functie-decided_by": "kernteam",
        "functie-decided_on": TODAY.isoformat(),
        **extra,
    }


def test_a_seated_member_chooses_the_voorzitter_on_the_kernteam_page(client, council, kernteam):
    client.force_login(kernteam["bram"])
    seat = kernteam["anna"].board_appointments.get()
    page = client.get(reverse("members:kernteam", args=[council.slug]))
    assertContains(page, "Functie toewijzen")

    response = post(client, council, "functie", function_data(seat))

    assert response.status_code == HTTPStatus.FOUND
    assert list(users_holding(council, [Role.VOORZITTER])) == [kernteam["anna"]]
    assertContains(client.get(response.url), "Anna Bakker is voorzitter.")


def test_a_forged_choice_of_someone_without_a_seat_is_refused_at_the_field(
    client, council, kernteam
):
    client.force_login(kernteam["bram"])
    outsider_membership = MembershipFactory(council=council)
    ended = BoardAppointmentFactory(
        council=council,
        seat=Seat.RECYCLING,
        starts_on=TODAY - timedelta(days=2000),
        ends_on=TODAY - timedelta(days=540),
    )

    response = post(client, council, "functie", function_data(ended))

    assert response.status_code == HTTPStatus.OK
    assert response.context["function_form"].errors["appointment"] == [
        "Kies een zittend kernteamlid: het kernteam kiest uit zijn midden."
    ]
    assert outsider_membership.pk
    assert not BoardFunctionTerm.objects.exists()


@pytest.mark.parametrize(
    "who", [Role.KETENSECRETARIS, Role.KWARTIERMAKER, Role.LID, Role.PROCESBEGELEIDER]
)
def test_the_ketensecretaris_and_others_without_a_seat_cannot_choose(
    client, council, kernteam, who
):
    client.force_login(user_with_role(council, who) if who != Role.LID else member_of(council))
    seat = kernteam["anna"].board_appointments.get()

    page = client.get(reverse("members:kernteam", args=[council.slug]))
    response = post(client, council, "functie", function_data(seat))

    assertNotContains(page, "Functie toewijzen")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not BoardFunctionTerm.objects.filter(function=F.VOORZITTER).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, council, kernteam):
    seat = kernteam["anna"].board_appointments.get()

    response = post(client, council, "functie", function_data(seat))

    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_a_procesbegeleider_is_added_through_the_page(client, council, kernteam):
    client.force_login(kernteam["anna"])
    adviser = UserFactory(email="begeleider@voorbeeld.nl")

    missing = post(
        client,
        council,
        "procesbegeleider",
        {
            "pb-user_email": "niemand@voorbeeld.nl",
            "pb-starts_on": TODAY.isoformat(),
            "pb-decided_by": "kernteam",
            "pb-decided_on": TODAY.isoformat(),
        },
    )
    added = post(
        client,
        council,
        "procesbegeleider",
        {
            "pb-user_email": adviser.email,
            "pb-starts_on": TODAY.isoformat(),
            "pb-decided_by": "alv",
            "pb-decided_on": TODAY.isoformat(),
        },
    )

    assert missing.context["procesbegeleider_form"].errors["user_email"] == [
        "Er is geen account met dit e-mailadres."
    ]
    assert added.status_code == HTTPStatus.FOUND
    term = BoardFunctionTerm.objects.get()
    assert (term.user, term.function, term.decided_by) == (adviser, F.PROCESBEGELEIDER, "alv")


def test_ending_a_function_through_the_page(client, council, kernteam):
    term = appoint(
        council,
        F.SECRETARIS,
        kernteam["anna"],
        by=kernteam["bram"],
        starts_on=TODAY - timedelta(days=1),
    )
    client.force_login(kernteam["bram"])

    before_start = post(
        client,
        council,
        "functie-beeindigen",
        {"term": term.pk, "on": (TODAY - timedelta(days=9)).isoformat()},
    )
    ended = post(
        client,
        council,
        "functie-beeindigen",
        {"term": term.pk, "on": TODAY.isoformat(), "note": "Verhuisd."},
    )

    assert before_start.status_code == HTTPStatus.OK
    assert before_start.context["function_end_form"].errors["on"] == [
        "Het einde ligt vóór het begin van de functie."
    ]
    assert ended.status_code == HTTPStatus.FOUND
    term.refresh_from_db()
    assert (term.ended_on, term.end_note) == (TODAY, "Verhuisd.")


def test_personal_data_erasure_ends_the_function(council, kernteam):
    anna = kernteam["anna"]
    term = appoint(council, F.VOORZITTER, anna, by=kernteam["bram"], starts_on=TODAY)

    services.personal_data_erase(user=anna)

    term.refresh_from_db()
    assert term.ended_on == TODAY
    assert not users_holding(council, [Role.VOORZITTER]).exists()


def test_the_home_page_lists_the_kernteam_function_and_not_a_stray_record(
    client, council, kernteam
):
    anna = kernteam["anna"]
    appoint(council, F.VOORZITTER, anna, by=kernteam["bram"])
    stray = RoleAssignmentFactory(council=council, role=Role.VOORZITTER).user

    client.force_login(anna)
    mine = client.get(reverse("home"))
    client.force_login(stray)
    theirs = client.get(reverse("home"))

    assertContains(mine, f"{council.name}</a>: Voorzitter")
    assertContains(mine, f"{council.name}</a>: Kernteamlid")
    assertNotContains(theirs, "Voorzitter")
