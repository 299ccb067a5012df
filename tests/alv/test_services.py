"""The ALV's rules: convening on time, attendance and proxies, quorum, majorities, and
decisions that take effect."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from alv import selectors, services
from alv.models import (
    AnnualReport,
    AssemblyRules,
    AttendanceStatus,
    BudgetLine,
    Choice,
    ItemKind,
    OnlineBallot,
    Outcome,
    YearPlan,
)
from ketenoverleg import services as core_services
from ketenoverleg.models import OutgoingEmail, Phase, Statute
from members import services as member_services
from members.models import BoardAppointment, ContributionRate
from tests.alv.conftest import AMS, DURING, MEETING, make_alv_world
from tests.members.factories import BoardAppointmentFactory

pytestmark = pytest.mark.django_db


def present(assembly, world, memberships):
    for m in memberships:
        services.attendance_register(
            assembly=assembly, membership=m, status=AttendanceStatus.PRESENT, by=world.secretaris
        )


def motion(assembly, world, **fields):
    return services.item_add(
        assembly=assembly, by=world.secretaris, kind=ItemKind.MOTIE, title="Motie", **fields
    )


def amendment(assembly, world):
    statute = core_services.statute_new_version(council=world.council, by=world.secretaris)
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.STATUTENWIJZIGING,
        title="Wijziging van het statuut",
        statute=statute,
    )
    return item, statute


# Convening --------------------------------------------------------------------------


def test_convocation_mails_every_representative_once(world, assembly):
    motion(assembly, world)
    sent = services.assembly_convene(assembly=assembly, by=world.secretaris)
    # Nine members and the secretaris's own organisation.
    assert sent == 10
    again = services.assembly_convene(assembly=assembly, by=world.secretaris)
    assert again == 0
    mails = OutgoingEmail.objects.filter(key__startswith=f"alv:{assembly.pk}:convocation:")
    assert mails.count() == 10
    recipients = sorted(address for mail in mails for address in mail.to)
    assert recipients == sorted([u.email for u in world.reps] + [world.secretaris.email])
    body = mails.first().body
    assert "Motie" in body and assembly.get_absolute_url() in body


def test_convocation_without_items_is_refused(world, assembly):
    with pytest.raises(ValidationError):
        services.assembly_convene(assembly=assembly, by=world.secretaris)


def test_late_convocation_is_refused_with_the_deadline(world, assembly):
    motion(assembly, world)
    # The meeting is on 16 April; seven days ahead is 9 April at the latest.
    late = datetime(2026, 4, 10, 9, 0, tzinfo=AMS)
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError) as refused:
        services.assembly_convene(assembly=assembly, by=world.secretaris)
    assert "09-04-2026" in str(refused.value)
    assembly.refresh_from_db()
    assert assembly.convened_at is None
    assert not OutgoingEmail.objects.exists()
    with time_machine.travel(datetime(2026, 4, 9, 23, 30, tzinfo=AMS), tick=False):
        assert services.assembly_convene(assembly=assembly, by=world.secretaris) == 10


def test_statute_amendment_takes_the_councils_longer_period(world, assembly):
    services.rules_set(council=world.council, by=world.secretaris, amendment_notice_days=10)
    amendment(assembly, world)
    assert services.convocation_deadline(assembly) == date(2026, 4, 6)
    late = datetime(2026, 4, 7, 9, 0, tzinfo=AMS)
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError, match="06-04-2026"):
        services.assembly_convene(assembly=assembly, by=world.secretaris)


def test_rules_below_the_civil_code_are_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.rules_set(council=world.council, by=world.secretaris, notice_days=3)
    assert "notice_days" in refused.value.error_dict
    assert not AssemblyRules.objects.exists()


def test_agenda_is_fixed_after_the_convocation(world, assembly):
    motion(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    with pytest.raises(ValidationError):
        motion(assembly, world)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": ItemKind.CONTRIBUTIE, "year": 2027}, "contribution_amount"),
        ({"kind": ItemKind.CONTRIBUTIE, "contribution_amount": Decimal("50")}, "year"),
        ({"kind": ItemKind.STATUTENWIJZIGING}, "statute"),
        ({"kind": ItemKind.BENOEMING}, "election"),
        ({"kind": ItemKind.ONTSLAG}, "board_appointment"),
        ({"kind": ItemKind.JAARPLAN, "year": 2026}, "year"),
        ({"kind": ItemKind.JAARVERSLAG, "year": 2025}, "year"),
        ({"kind": ItemKind.MOTIE, "secret": True}, "secret"),
    ],
)
def test_items_need_what_they_decide_about(world, assembly, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.item_add(assembly=assembly, by=world.secretaris, title="Punt", **fields)
    assert field in refused.value.error_dict


# Attendance and proxies ---------------------------------------------------------------


def test_one_proxy_per_attendee_unless_the_statute_allows_more(world, assembly):
    a, b, c, d = world.members[:4]
    present(assembly, world, [a])
    services.attendance_register(
        assembly=assembly,
        membership=b,
        status=AttendanceStatus.PROXY,
        proxy_holder=a,
        by=world.secretaris,
    )
    with pytest.raises(ValidationError) as refused:
        services.attendance_register(
            assembly=assembly,
            membership=c,
            status=AttendanceStatus.PROXY,
            proxy_holder=a,
            by=world.secretaris,
        )
    assert "proxy_holder" in refused.value.error_dict
    services.rules_set(council=world.council, by=world.secretaris, proxies_per_attendee=2)
    services.attendance_register(
        assembly=assembly,
        membership=c,
        status=AttendanceStatus.PROXY,
        proxy_holder=a,
        by=world.secretaris,
    )
    with pytest.raises(ValidationError):
        services.attendance_register(
            assembly=assembly,
            membership=d,
            status=AttendanceStatus.PROXY,
            proxy_holder=a,
            by=world.secretaris,
        )


def test_a_proxy_goes_to_a_member_that_is_present(world, assembly):
    a, b = world.members[:2]
    with pytest.raises(ValidationError, match="aanwezig"):
        services.attendance_register(
            assembly=assembly,
            membership=b,
            status=AttendanceStatus.PROXY,
            proxy_holder=a,
            by=world.secretaris,
        )
    with pytest.raises(ValidationError):
        services.attendance_register(
            assembly=assembly,
            membership=a,
            status=AttendanceStatus.PROXY,
            proxy_holder=a,
            by=world.secretaris,
        )


def test_a_proxy_counts_only_while_its_holder_is_present(world, assembly):
    item = motion(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    a, b, c = world.members[:3]
    present(assembly, world, [a, c])
    services.attendance_register(
        assembly=assembly,
        membership=b,
        status=AttendanceStatus.PROXY,
        proxy_holder=a,
        by=world.secretaris,
    )
    assert services.represented_organisations(assembly, item) == {a.pk, b.pk, c.pk}
    # The holder leaves: the organisation it represented is no longer represented.
    services.attendance_register(
        assembly=assembly, membership=a, status=AttendanceStatus.ABSENT, by=world.secretaris
    )
    assert services.represented_organisations(assembly, item) == {c.pk}
    with time_machine.travel(DURING, tick=False):
        with pytest.raises(ValidationError, match="1 leden"):
            services.result_record(item=item, by=world.secretaris, votes_for=2)
        item = services.result_record(item=item, by=world.secretaris, votes_for=1)
    assert item.represented == 1


def test_an_organisation_that_gave_a_proxy_does_not_vote_twice(world, assembly):
    """The proxy holder votes for it in the room; the organisation itself is not
    present, so the room holds exactly one vote per organisation."""
    item = motion(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    a, b = world.members[:2]
    present(assembly, world, [a])
    services.attendance_register(
        assembly=assembly,
        membership=b,
        status=AttendanceStatus.PROXY,
        proxy_holder=a,
        by=world.secretaris,
    )
    with pytest.raises(ValidationError):
        services.attendance_register(
            assembly=assembly,
            membership=a,
            status=AttendanceStatus.PROXY,
            proxy_holder=b,
            by=world.secretaris,
        )
    assert services.room_voters(assembly, item) == {a.pk, b.pk}


# Online votes ---------------------------------------------------------------------


def test_online_vote_once_per_organisation_changeable_until_the_start(world, assembly):
    item = motion(assembly, world, online_voting=True)
    a = world.members[0]
    with pytest.raises(ValidationError, match="bijeengeroepen"):
        services.ballot_cast(item=item, membership=a, choice=Choice.FOR, by=world.rep(a))
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    services.ballot_cast(item=item, membership=a, choice=Choice.FOR, by=world.rep(a))
    services.ballot_cast(item=item, membership=a, choice=Choice.AGAINST, by=world.rep(a))
    assert list(OnlineBallot.objects.values_list("choice", flat=True)) == [Choice.AGAINST]
    with pytest.raises(ValidationError):
        services.ballot_cast(
            item=item, membership=a, choice=Choice.FOR, by=world.rep(world.members[1])
        )
    with time_machine.travel(MEETING, tick=False), pytest.raises(ValidationError, match="gesloten"):
        services.ballot_cast(item=item, membership=a, choice=Choice.FOR, by=world.rep(a))


def test_online_votes_count_towards_quorum_and_result(world, assembly):
    services.rules_set(council=world.council, by=world.secretaris, quorum_percent=50)
    item = motion(assembly, world, online_voting=True)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    online, room = world.members[:3], world.members[3:5]
    for m in online:
        services.ballot_cast(item=item, membership=m, choice=Choice.FOR, by=world.rep(m))
    # One who voted online comes to the meeting as well: still one vote.
    present(assembly, world, [*room, online[0]])
    with time_machine.travel(DURING, tick=False):
        with pytest.raises(ValidationError):
            services.result_record(item=item, by=world.secretaris, votes_against=3)
        item = services.result_record(item=item, by=world.secretaris, votes_against=2)
    assert (item.votes_for, item.votes_against, item.represented) == (3, 2, 5)
    assert item.quorum_required == 5  # half of ten members
    assert item.outcome == Outcome.ADOPTED


# Quorum, majorities -------------------------------------------------------------------


def test_quorum_not_reached_decides_nothing(world, assembly):
    services.rules_set(council=world.council, by=world.secretaris, quorum_percent=50)
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.CONTRIBUTIE,
        title="Contributie",
        year=2027,
        contribution_amount=Decimal("75.00"),
    )
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    present(assembly, world, world.members[:4])
    with time_machine.travel(DURING, tick=False):
        item = services.result_record(item=item, by=world.secretaris, votes_for=4)
    assert item.outcome == Outcome.NO_QUORUM
    assert (item.represented, item.quorum_required) == (4, 5)
    assert not ContributionRate.objects.exists()


def test_a_tie_is_no_majority(world, assembly):
    item = motion(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    present(assembly, world, world.members[:5])
    with time_machine.travel(DURING, tick=False):
        item = services.result_record(
            item=item, by=world.secretaris, votes_for=2, votes_against=2, votes_abstain=1
        )
    assert item.outcome == Outcome.REJECTED


@pytest.mark.parametrize(("votes_for", "against", "adopted"), [(6, 3, True), (5, 3, False)])
def test_statute_amendment_needs_two_thirds(world, assembly, votes_for, against, adopted):
    item, statute = amendment(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    present(assembly, world, world.members[:9])
    with time_machine.travel(DURING, tick=False):
        item = services.result_record(
            item=item, by=world.secretaris, votes_for=votes_for, votes_against=against
        )
    statute.refresh_from_db()
    assert item.is_adopted is adopted
    assert statute.adopted_on == (date(2026, 4, 16) if adopted else None)
    if adopted:
        assert selectors.decision_for_statute(statute) == item


def test_a_result_is_recorded_once_and_not_before_the_meeting(world, assembly):
    item = motion(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    with pytest.raises(ValidationError, match="tijdens of na"):
        services.result_record(item=item, by=world.secretaris)
    present(assembly, world, world.members[:1])
    with time_machine.travel(DURING, tick=False):
        services.result_record(item=item, by=world.secretaris, votes_for=1)
        with pytest.raises(ValidationError, match="al besloten"):
            services.result_record(item=item, by=world.secretaris, votes_for=1)


# Decisions that take effect -------------------------------------------------------------


def decide(assembly, world, item):
    if not assembly.is_convened:
        services.assembly_convene(assembly=assembly, by=world.secretaris)
    present(assembly, world, world.members[:3])
    with time_machine.travel(DURING, tick=False):
        return services.result_record(item=item, by=world.secretaris, votes_for=3)


def test_contributie_decision_sets_next_years_rate(world, assembly):
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.CONTRIBUTIE,
        title="Contributie 2027",
        year=2027,
        contribution_amount=Decimal("80.00"),
    )
    decide(assembly, world, item)
    rate = ContributionRate.objects.get(council=world.council, year=2027)
    assert (rate.amount, rate.set_by_alv_on) == (Decimal("80.00"), date(2026, 4, 16))


def test_appointment_decision_seats_the_elected_candidate(world, assembly):
    candidate = world.members[0]
    election = member_services.election_open(
        council=world.council, geleding="aanbod", closes_on=date(2026, 4, 1), by=world.secretaris
    )
    member_services.candidacy_create(
        election=election, membership=candidate, user=world.rep(candidate), statement=""
    )
    member_services.election_close(election=election, by=world.secretaris)
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.BENOEMING,
        title="Benoeming",
        election=election,
        secret=True,
    )
    assert item.secret
    decide(assembly, world, item)
    seat = BoardAppointment.objects.get(council=world.council, seat="aanbod")
    assert seat.user == world.rep(candidate)
    assert seat.appointed_by_alv_on == date(2026, 4, 16)
    election.refresh_from_db()
    assert election.appointment == seat


def test_reappointment_decision_extends_the_term_by_the_roster(world, assembly):
    appointment = BoardAppointmentFactory(council=world.council, seat="kennis")
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.HERBENOEMING,
        title="Herbenoeming",
        board_appointment=appointment,
    )
    decide(assembly, world, item)
    next_term = BoardAppointment.objects.get(previous=appointment)
    assert (next_term.term_number, next_term.starts_on) == (2, appointment.ends_on)
    assert next_term.appointed_by_alv_on == date(2026, 4, 16)


def test_dismissal_decision_ends_the_seat(world, assembly):
    appointment = BoardAppointmentFactory(council=world.council, seat="vraag")
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.ONTSLAG,
        title="Ontslag",
        board_appointment=appointment,
    )
    decide(assembly, world, item)
    appointment.refresh_from_db()
    assert appointment.ended_early_on == date(2026, 4, 16)


def test_year_decisions_adopt_plan_budget_report_and_discharge(world, assembly):
    plan = YearPlan.objects.create(council=world.council, year=2026, goals="Meer granulaat.")
    BudgetLine.objects.create(plan=plan, category="contributie", label="Contributies", planned=500)
    report = AnnualReport.objects.create(council=world.council, year=2025)
    kinds = [
        (ItemKind.JAARPLAN, 2026),
        (ItemKind.BEGROTING, 2026),
        (ItemKind.JAARVERSLAG, 2025),
        (ItemKind.DECHARGE, 2025),
    ]
    items = [
        services.item_add(
            assembly=assembly, by=world.secretaris, kind=k, title=str(k.label), year=y
        )
        for k, y in kinds
    ]
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    for item in items:
        decide(assembly, world, item)
    plan.refresh_from_db()
    report.refresh_from_db()
    assert plan.plan_adopted_by == items[0]
    assert plan.budget_adopted_by == items[1]
    assert report.adopted_by == items[2]
    assert report.discharged_by == items[3]
    assert report.figures["year"] == 2025
    # Frozen at adoption; the members of this test joined in 2026.
    assert report.figures["members_end"]["totaal"] == 0


def test_dissolution_ends_the_council(world, assembly):
    item = services.item_add(
        assembly=assembly, by=world.secretaris, kind=ItemKind.ONTBINDING, title="Ontbinding"
    )
    decide(assembly, world, item)
    world.council.refresh_from_db()
    assert world.council.phase == Phase.BEEINDIGD


def test_a_motion_is_recorded_without_effect(world, assembly):
    item = motion(assembly, world)
    item = decide(assembly, world, item)
    assert item.outcome == Outcome.ADOPTED and item.recorded_by == world.secretaris


def test_a_refused_effect_records_no_decision(world, assembly):
    item, statute = amendment(assembly, world)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    # The concept loses its articles before the meeting: the core refuses to adopt it.
    statute.articles.all().delete()
    present(assembly, world, world.members[:3])
    with time_machine.travel(DURING, tick=False), pytest.raises(ValidationError):
        services.result_record(item=item, by=world.secretaris, votes_for=3)
    item.refresh_from_db()
    assert item.outcome == Outcome.PENDING
    assert Statute.objects.get(pk=statute.pk).adopted_on is None


# Informal councils ----------------------------------------------------------------------


def test_informal_council_decides_by_consensus_without_quorum(db):
    with time_machine.travel(datetime(2026, 3, 30, 10, 0, tzinfo=AMS), tick=False):
        informal = make_alv_world(informal=True, members=3)
        assembly = services.assembly_create(
            council=informal.council,
            by=informal.secretaris,
            title="Plenaire vergadering",
            starts_at=MEETING,
            location="Groningen",
        )
        assert assembly.by_consensus
        with pytest.raises(ValidationError):
            services.item_add(
                assembly=assembly,
                by=informal.secretaris,
                kind=ItemKind.MOTIE,
                title="Motie",
                online_voting=True,
            )
        item = services.item_add(
            assembly=assembly,
            by=informal.secretaris,
            kind=ItemKind.CONTRIBUTIE,
            title="Bijdrage 2027",
            year=2027,
            contribution_amount=Decimal("40"),
        )
        services.assembly_convene(assembly=assembly, by=informal.secretaris)
    with time_machine.travel(DURING + timedelta(minutes=1), tick=False):
        item = services.result_record(item=item, by=informal.secretaris, consensus=True)
    assert item.outcome == Outcome.ADOPTED
    assert item.votes_for is None and item.quorum_required is None
    assert ContributionRate.objects.get(council=informal.council, year=2027).amount == 40
