"""The ALV under parallel requests on PostgreSQL: one online vote per organisation, one
convocation per person, a proxy holder's limit, one result per item."""

from decimal import Decimal
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from alv import services
from alv.models import AssemblyAttendance, ItemKind, OnlineBallot, Outcome
from ketenoverleg.models import OutgoingEmail
from members.models import ContributionRate
from tests.alv.conftest import CONVENING, DURING, MEETING, make_alv_world
from tests.faults.conftest import assert_no_server_errors, client_for, in_parallel

pytestmark = pytest.mark.fault


@pytest.fixture
def alv(postgresql):
    with time_machine.travel(CONVENING, tick=True):
        world = make_alv_world(members=21)
        assembly = services.assembly_create(
            council=world.council,
            by=world.secretaris,
            title="ALV",
            starts_at=MEETING,
            location="Groningen",
        )
        yield world, assembly


def test_twenty_parallel_online_votes_of_one_organisation_leave_one(alv):
    world, assembly = alv
    item = services.item_add(
        assembly=assembly, by=world.secretaris, kind=ItemKind.MOTIE, title="M", online_voting=True
    )
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    membership = world.members[0]
    rep = world.rep(membership)
    clients = [client_for(rep) for _ in range(20)]
    url = reverse("alv:ballot", args=[world.council.slug, assembly.pk, item.pk])
    prefix = f"i{item.pk}"
    choices = ["voor", "tegen"]
    responses = in_parallel(
        lambda i: clients[i].post(
            url, {f"{prefix}-membership": membership.pk, f"{prefix}-choice": choices[i % 2]}
        )
    )
    assert_no_server_errors(responses)
    assert all(r.status_code == HTTPStatus.FOUND for r in responses)
    assert OnlineBallot.objects.filter(item=item).count() == 1


def test_twenty_parallel_convocations_mail_each_person_once(alv):
    world, assembly = alv
    services.item_add(assembly=assembly, by=world.secretaris, kind=ItemKind.MOTIE, title="M")
    clients = [client_for(world.secretaris) for _ in range(20)]
    url = reverse("alv:convene", args=[world.council.slug, assembly.pk])
    responses = in_parallel(lambda i: clients[i].post(url, {"confirm": "on"}))
    assert_no_server_errors(responses)
    mails = OutgoingEmail.objects.filter(key__startswith=f"alv:{assembly.pk}:convocation:")
    assert mails.count() == 22  # 21 members and the secretaris's organisation
    assert len({tuple(m.to) for m in mails}) == 22


def test_twenty_parallel_proxies_to_one_holder_keep_the_limit(alv):
    world, assembly = alv
    holder = world.members[0]
    services.attendance_register(
        assembly=assembly, membership=holder, status="aanwezig", by=world.secretaris
    )
    clients = [client_for(world.secretaris) for _ in range(20)]
    url = reverse("alv:attendance", args=[world.council.slug, assembly.pk])
    givers = world.members[1:21]
    responses = in_parallel(
        lambda i: clients[i].post(
            url, {"membership": givers[i].pk, "status": "volmacht", "proxy_holder": holder.pk}
        )
    )
    assert_no_server_errors(responses)
    assert AssemblyAttendance.objects.filter(proxy_holder=holder).count() == 1


def test_twenty_parallel_results_record_one_decision_that_takes_effect_once(alv):
    world, assembly = alv
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.CONTRIBUTIE,
        title="Contributie",
        year=2027,
        contribution_amount=Decimal("90"),
    )
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    for membership in world.members[:5]:
        services.attendance_register(
            assembly=assembly, membership=membership, status="aanwezig", by=world.secretaris
        )
    with time_machine.travel(DURING, tick=True):
        clients = [client_for(world.secretaris) for _ in range(20)]
        url = reverse("alv:result", args=[world.council.slug, assembly.pk, item.pk])
        p = f"r{item.pk}"
        data = {f"{p}-votes_for": "4", f"{p}-votes_against": "1", f"{p}-votes_abstain": "0"}
        responses = in_parallel(lambda i: clients[i].post(url, data))
    assert_no_server_errors(responses)
    assert sum(r.status_code == HTTPStatus.FOUND for r in responses) == 1
    item.refresh_from_db()
    assert (item.outcome, item.votes_for) == (Outcome.ADOPTED, 4)
    assert ContributionRate.objects.filter(council=world.council, year=2027).count() == 1
