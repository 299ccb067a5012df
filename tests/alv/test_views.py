"""The ALV's pages: who may do what, and bad input answered at the field."""

from datetime import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alv import services
from alv.models import (
    AnnualReport,
    AssemblyAttendance,
    AssemblyRules,
    BudgetLine,
    DecisionItem,
    ItemKind,
    OnlineBallot,
    Outcome,
    YearPlan,
)
from ketenoverleg import services as core_services
from ketenoverleg.models import OutgoingEmail, Role
from tests.alv.conftest import AMS, DURING, MEETING
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def who(world, name):
    council = world.council
    return {
        "anoniem": lambda: None,
        "buitenstaander": UserFactory,
        "lid": lambda: world.reps[0],
        "lid_elders": lambda: member_of(CouncilFactory()),
        "secretaris_elders": lambda: user_with_role(CouncilFactory(), Role.SECRETARIS),
        "voorzitter": lambda: user_with_role(council, Role.VOORZITTER),
        "ketensecretaris": lambda: user_with_role(council, Role.KETENSECRETARIS),
        "penningmeester": lambda: user_with_role(council, Role.PENNINGMEESTER),
        "secretaris": lambda: world.secretaris,
    }[name]()


def motion(world, assembly, **fields):
    return services.item_add(
        assembly=assembly, by=world.secretaris, kind=ItemKind.MOTIE, title="Motie", **fields
    )


# Pages for insiders --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("anoniem", HTTPStatus.FOUND),
        ("buitenstaander", HTTPStatus.FORBIDDEN),
        ("lid_elders", HTTPStatus.FORBIDDEN),
        ("secretaris_elders", HTTPStatus.FORBIDDEN),
        ("lid", HTTPStatus.OK),
        ("secretaris", HTTPStatus.OK),
    ],
)
def test_the_alv_list_is_for_insiders(client, world, assembly, person, expected):
    login(client, who(world, person))
    response = client.get(reverse("alv:list", args=[world.council.slug]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("anoniem", HTTPStatus.FOUND),
        ("buitenstaander", HTTPStatus.FORBIDDEN),
        ("lid", HTTPStatus.FORBIDDEN),
        ("secretaris_elders", HTTPStatus.FORBIDDEN),
        ("penningmeester", HTTPStatus.FORBIDDEN),
        ("ketensecretaris", HTTPStatus.OK),
        ("voorzitter", HTTPStatus.OK),
        ("secretaris", HTTPStatus.OK),
    ],
)
def test_planning_and_rules_are_for_the_secretariat(client, world, person, expected):
    login(client, who(world, person))
    for name in ("alv:create", "alv:rules"):
        response = client.get(reverse(name, args=[world.council.slug]))
        assert response.status_code == expected, name


def test_the_detail_page_shows_decisions_to_all_but_attendance_to_insiders(client, world, assembly):
    motion(world, assembly)
    url = assembly.get_absolute_url()
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Motie" in response.text and "Aanwezigheid" not in response.text
    login(client, world.reps[0])
    assert "Aanwezigheid" in client.get(url).text


def test_an_alv_of_another_council_is_not_found(client, world, assembly):
    other = CouncilFactory()
    login(client, world.secretaris)
    response = client.get(reverse("alv:detail", args=[other.slug, assembly.pk]))
    assert response.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN}
    response = client.get(reverse("alv:detail", args=[world.council.slug, 10**19]))
    assert response.status_code == HTTPStatus.NOT_FOUND


# Planning and convening ------------------------------------------------------------------


def test_secretaris_plans_an_alv(client, world):
    login(client, world.secretaris)
    response = client.post(
        reverse("alv:create", args=[world.council.slug]),
        {"title": "ALV najaar", "starts_at": "2026-11-12T19:30", "location": "Groningen"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assembly = world.council.assemblies.get()
    assert assembly.meeting.kind == "alv" and not assembly.by_consensus


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "starts_at": "2026-11-12T19:30", "location": "X"}, "title"),
        ({"title": "ALV", "starts_at": "morgen", "location": "X"}, "starts_at"),
        ({"title": "ALV", "starts_at": "9999-01-01T10:00", "location": "X"}, "starts_at"),
        ({"title": "ALV", "starts_at": "2020-01-01T10:00", "location": "X"}, "starts_at"),
        ({"title": "ALV", "starts_at": "2026-11-12T19:30", "location": ""}, "location"),
        ({"title": "A" * 201, "starts_at": "2026-11-12T19:30", "location": "X"}, "title"),
    ],
)
def test_planning_refuses_bad_input(client, world, data, field):
    login(client, world.secretaris)
    response = client.post(reverse("alv:create", args=[world.council.slug]), data)
    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert not world.council.assemblies.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"notice_days": "3"}, "notice_days"),
        ({"amendment_notice_days": "2"}, "amendment_notice_days"),
        ({"quorum_percent": "120"}, "quorum_percent"),
        ({"proxies_per_attendee": "-1"}, "proxies_per_attendee"),
        ({"ordinary_majority": "alles"}, "ordinary_majority"),
    ],
)
def test_rules_refuse_bad_input(client, world, data, field):
    login(client, world.secretaris)
    valid = {
        "notice_days": "14",
        "amendment_notice_days": "14",
        "quorum_percent": "50",
        "statute_quorum_percent": "66",
        "ordinary_majority": "helft",
        "statute_majority": "tweederde",
        "proxies_per_attendee": "2",
    }
    url = reverse("alv:rules", args=[world.council.slug])
    response = client.post(url, {**valid, **data})
    assert field in response.context["form"].errors
    assert not AssemblyRules.objects.exists()
    assert client.post(url, valid).status_code == HTTPStatus.FOUND
    assert AssemblyRules.objects.get().notice_days == 14


def test_item_form_refuses_bad_input_and_a_statute_of_another_council(client, world, assembly):
    other = CouncilFactory()
    foreign = core_services.statute_new_version(council=other, by=world.secretaris)
    login(client, world.secretaris)
    url = reverse("alv:item_add", args=[world.council.slug, assembly.pk])
    for data, field in [
        ({"kind": "statuut", "title": "Wijziging", "statute": foreign.pk}, "statute"),
        ({"kind": "contributie", "title": "C", "year": "2027"}, "contribution_amount"),
        (
            {"kind": "contributie", "title": "C", "year": "20270", "contribution_amount": "5"},
            "year",
        ),
        (
            {"kind": "contributie", "title": "C", "year": "2027", "contribution_amount": "-5"},
            "contribution_amount",
        ),
        ({"kind": "onbekend", "title": "X"}, "kind"),
        ({"kind": "motie", "title": "X", "secret": "on"}, "secret"),
        ({"kind": "motie", "title": "X" * 201}, "title"),
    ]:
        response = client.post(url, data)
        assert response.status_code == HTTPStatus.BAD_REQUEST, data
        assert field in response.context["item_form"].errors, data
    assert not DecisionItem.objects.exists()
    response = client.post(url, {"kind": "motie", "title": "Motie over granulaat"})
    assert response.status_code == HTTPStatus.FOUND
    assert DecisionItem.objects.get().title == "Motie over granulaat"


@pytest.mark.parametrize("person", ["lid", "penningmeester", "buitenstaander", "secretaris_elders"])
def test_only_the_secretariat_adds_items_and_convenes(client, world, assembly, person):
    motion(world, assembly)
    login(client, who(world, person))
    slug = world.council.slug
    assert (
        client.post(
            reverse("alv:item_add", args=[slug, assembly.pk]), {"kind": "motie", "title": "X"}
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client.post(reverse("alv:convene", args=[slug, assembly.pk]), {"confirm": "on"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert DecisionItem.objects.count() == 1
    assert not OutgoingEmail.objects.exists()


def test_late_convocation_is_refused_on_the_page_with_the_reason(client, world, assembly):
    motion(world, assembly)
    login(client, world.secretaris)
    url = reverse("alv:convene", args=[world.council.slug, assembly.pk])
    with time_machine.travel(datetime(2026, 4, 12, 9, 0, tzinfo=AMS), tick=False):
        detail = client.get(assembly.get_absolute_url())
        assert "9 april 2026" in detail.text
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "09-04-2026" in response.text
    assert not OutgoingEmail.objects.exists()
    response = client.post(url, {})
    assert "confirm" in response.context["convene_form"].errors
    assert client.post(url, {"confirm": "on"}).status_code == HTTPStatus.FOUND
    assert OutgoingEmail.objects.count() == 10


# Attendance, check-in, votes -------------------------------------------------------------


def test_attendance_register_refuses_a_proxy_to_an_absent_member(client, world, assembly):
    login(client, world.secretaris)
    url = reverse("alv:attendance", args=[world.council.slug, assembly.pk])
    a, b = world.members[:2]
    response = client.post(url, {"membership": b.pk, "status": "volmacht", "proxy_holder": a.pk})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "proxy_holder" in response.context["form"].errors
    for data, field in [
        ({"membership": "x", "status": "aanwezig"}, "membership"),
        ({"membership": a.pk, "status": "misschien"}, "status"),
        ({"membership": 10**20, "status": "aanwezig"}, "membership"),
    ]:
        response = client.post(url, data)
        assert field in response.context["form"].errors
    assert not AssemblyAttendance.objects.exists()
    assert (
        client.post(url, {"membership": a.pk, "status": "aanwezig"}).status_code == HTTPStatus.FOUND
    )
    assert (
        client.post(
            url, {"membership": b.pk, "status": "volmacht", "proxy_holder": a.pk}
        ).status_code
        == HTTPStatus.FOUND
    )
    assert AssemblyAttendance.objects.count() == 2
    page = client.get(url)
    assert assembly.check_in_code in page.text


def test_a_member_of_another_council_cannot_be_registered(client, world, assembly):
    stranger = member_of(CouncilFactory())
    login(client, world.secretaris)
    url = reverse("alv:attendance", args=[world.council.slug, assembly.pk])
    membership = stranger.representations.get().organisation.memberships.get()
    response = client.post(url, {"membership": membership.pk, "status": "aanwezig"})
    assert "membership" in response.context["form"].errors


def test_check_in_with_the_code_on_the_day(client, world, assembly):
    motion(world, assembly)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    rep, membership = world.reps[0], world.members[0]
    login(client, rep)
    url = reverse("alv:check_in", args=[world.council.slug, assembly.pk])
    with time_machine.travel(datetime(2026, 4, 16, 19, 0, tzinfo=AMS), tick=False):
        login(client, rep)  # a session from weeks ago has expired
        response = client.post(url, {"code": "FOUT", "membership": membership.pk})
        assert response.status_code == HTTPStatus.BAD_REQUEST, response
        assert "code" in response.context["check_in_form"].errors
        other = world.members[1]
        response = client.post(url, {"code": assembly.check_in_code, "membership": other.pk})
        assert "membership" in response.context["check_in_form"].errors
        response = client.post(
            url, {"code": assembly.check_in_code.lower(), "membership": membership.pk}
        )
        assert response.status_code == HTTPStatus.FOUND
    assert AssemblyAttendance.objects.get().membership == membership


def test_online_vote_on_the_page(client, world, assembly):
    item = motion(world, assembly, online_voting=True)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    rep, membership = world.reps[0], world.members[0]
    login(client, rep)
    url = reverse("alv:ballot", args=[world.council.slug, assembly.pk, item.pk])
    prefix = f"i{item.pk}"
    response = client.post(url, {f"{prefix}-membership": membership.pk, f"{prefix}-choice": "ja"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    response = client.post(
        url, {f"{prefix}-membership": world.members[1].pk, f"{prefix}-choice": "voor"}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not OnlineBallot.objects.exists()
    response = client.post(url, {f"{prefix}-membership": membership.pk, f"{prefix}-choice": "voor"})
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(assembly.get_absolute_url())
    assert "Uw online stem" in page.text
    # The tally is hidden until the meeting starts.
    assert "Online: 1 voor" not in page.text
    with time_machine.travel(DURING, tick=False):
        login(client, rep)
        page = client.get(assembly.get_absolute_url())
    assert "Online: 1 voor" in page.text


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("secretaris", True),
        ("voorzitter", False),
        ("ketensecretaris", False),
        ("penningmeester", False),
        ("lid", False),
        ("secretaris_elders", False),
    ],
)
def test_who_may_record_votes(client, world, assembly, person, allowed):
    item = motion(world, assembly)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    services.attendance_register(
        assembly=assembly, membership=world.members[0], status="aanwezig", by=world.secretaris
    )
    user = who(world, person)
    url = reverse("alv:result", args=[world.council.slug, assembly.pk, item.pk])
    prefix = f"r{item.pk}"
    data = {
        f"{prefix}-votes_for": "1",
        f"{prefix}-votes_against": "0",
        f"{prefix}-votes_abstain": "0",
    }
    with time_machine.travel(DURING, tick=False):
        login(client, user)
        response = client.post(url, data)
    item.refresh_from_db()
    if allowed:
        assert response.status_code == HTTPStatus.FOUND
        assert item.outcome == Outcome.ADOPTED
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert item.outcome == Outcome.PENDING


def test_result_form_refuses_bad_input(client, world, assembly):
    item = motion(world, assembly)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    login(client, world.secretaris)
    url = reverse("alv:result", args=[world.council.slug, assembly.pk, item.pk])
    p = f"r{item.pk}"
    with time_machine.travel(DURING, tick=False):
        login(client, world.secretaris)
        for data in [
            {f"{p}-votes_for": "-1", f"{p}-votes_against": "0", f"{p}-votes_abstain": "0"},
            {f"{p}-votes_for": "veel", f"{p}-votes_against": "0", f"{p}-votes_abstain": "0"},
            # Nobody is present: no vote can be cast in the room.
            {f"{p}-votes_for": "1", f"{p}-votes_against": "0", f"{p}-votes_abstain": "0"},
        ]:
            response = client.post(url, data)
            assert response.status_code == HTTPStatus.BAD_REQUEST
            assert response.context["rows"][0]["result_form"].errors
    item.refresh_from_db()
    assert item.outcome == Outcome.PENDING


# The yearly cycle ---------------------------------------------------------------------


def test_plan_and_budget_pages(client, world):
    login(client, world.secretaris)
    slug = world.council.slug
    response = client.post(
        reverse("alv:plan_create", args=[slug]), {"year": "2026", "goals": "Meer granulaat."}
    )
    assert response.status_code == HTTPStatus.FOUND
    response = client.post(
        reverse("alv:plan_create", args=[slug]), {"year": "2026", "goals": "Nog eens."}
    )
    assert "year" in response.context["form"].errors
    response = client.post(reverse("alv:plan_create", args=[slug]), {"year": "99999", "goals": "X"})
    assert "year" in response.context["form"].errors
    assert YearPlan.objects.count() == 1
    # Budget lines are the penningmeester's.
    line_url = reverse("alv:line_add", args=[slug, 2026])
    data = {"category": "subsidie", "label": "Provincie", "planned": "1000"}
    assert client.post(line_url, data).status_code == HTTPStatus.FORBIDDEN
    treasurer = who(world, "penningmeester")
    login(client, treasurer)
    response = client.post(line_url, {**data, "planned": "-5"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    response = client.post(line_url, {"category": "project", "label": "X", "planned": "5"})
    assert "project" in response.context["line_form"].errors
    assert client.post(line_url, data).status_code == HTTPStatus.FOUND
    line = BudgetLine.objects.get()
    realised_url = reverse("alv:realised", args=[slug, 2026, line.pk])
    assert (
        client.post(realised_url, {"realised_entered": "abc"}).status_code == HTTPStatus.BAD_REQUEST
    )
    assert client.post(realised_url, {"realised_entered": "750"}).status_code == HTTPStatus.FOUND
    line.refresh_from_db()
    assert line.realised_entered == Decimal("750")
    page = client.get(reverse("alv:plan", args=[slug, 2026]))
    assert "-250,00" in page.text
    assert client.get(reverse("alv:plan", args=[slug, 2031])).status_code == HTTPStatus.NOT_FOUND


def test_report_is_for_insiders_until_adopted(client, world):
    report = AnnualReport.objects.create(
        council=world.council, year=2025, introduction="Een goed jaar."
    )
    url = report.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.FOUND
    login(client, UserFactory())
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    login(client, world.reps[0])
    assert "Een goed jaar." in client.get(url).text
    assert (
        client.get(reverse("alv:report_edit", args=[world.council.slug, 2025])).status_code
        == HTTPStatus.FORBIDDEN
    )
    login(client, world.secretaris)
    edit = reverse("alv:report_edit", args=[world.council.slug, 2025])
    response = client.post(edit, {"introduction": "X" * 20_001})
    assert "introduction" in response.context["form"].errors
    assert (
        client.post(edit, {"introduction": "Beter.", "closing": ""}).status_code == HTTPStatus.FOUND
    )
    create = reverse("alv:report_create", args=[world.council.slug])
    assert "year" in client.post(create, {"year": "2025"}).context["form"].errors
    assert "year" in client.post(create, {"year": "2030"}).context["form"].errors
    assert "year" in client.post(create, {"year": "abc"}).context["form"].errors


def test_list_page_queries_do_not_grow_with_its_rows(client, world):
    login(client, world.secretaris)
    url = reverse("alv:list", args=[world.council.slug])

    def add(n):
        for i in range(n):
            services.assembly_create(
                council=world.council,
                by=world.secretaris,
                title=f"ALV {i}",
                starts_at=MEETING.replace(day=1 + i % 28, month=5 + i // 28),
                location="X",
            )

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_detail_page_queries_do_not_grow_with_items(client, world, assembly):
    login(client, world.secretaris)
    motion(world, assembly)
    url = assembly.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _i in range(5):
        motion(world, assembly)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_closing_the_alv_fixes_the_attendance(client, world, assembly):
    motion(world, assembly)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    url = reverse("alv:close", args=[world.council.slug, assembly.pk])
    login(client, world.reps[0])
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    with time_machine.travel(DURING, tick=False):
        login(client, world.secretaris)
        assert client.post(url).status_code == HTTPStatus.FOUND
        register = reverse("alv:attendance", args=[world.council.slug, assembly.pk])
        response = client.post(register, {"membership": world.members[0].pk, "status": "aanwezig"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not AssemblyAttendance.objects.exists()


def test_attendance_page_queries_do_not_grow_with_the_members(client, world, assembly):
    login(client, world.secretaris)
    url = reverse("alv:attendance", args=[world.council.slug, assembly.pk])
    for membership in world.members[:2]:
        services.attendance_register(
            assembly=assembly, membership=membership, status="aanwezig", by=world.secretaris
        )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for membership in world.members[2:8]:
        services.attendance_register(
            assembly=assembly, membership=membership, status="aanwezig", by=world.secretaris
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_plan_page_queries_do_not_grow_with_its_lines(client, world):
    plan = YearPlan.objects.create(council=world.council, year=2026, goals="Doelen")
    login(client, who(world, "penningmeester"))
    url = reverse("alv:plan", args=[world.council.slug, 2026])

    def add(n):
        for i in range(n):
            BudgetLine.objects.create(plan=plan, category="subsidie", label=f"S{i}", planned=1)
            BudgetLine.objects.create(
                plan=plan,
                category="project",
                project=ProjectFactory(council=world.council),
                label=f"P{i}",
                planned=1,
            )

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(5)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_detail_page_queries_do_not_grow_with_online_items(client, world, assembly):
    motion(world, assembly, online_voting=True)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    login(client, world.reps[0])
    url = assembly.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    DecisionItem.objects.bulk_create(
        DecisionItem(assembly=assembly, kind="motie", title=f"M{i}", online_voting=True)
        for i in range(5)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.text.count('name="i') >= 12  # a ballot form per item
    assert len(many) == len(few)


@pytest.mark.parametrize("person", ["anoniem", "buitenstaander", "lid_elders", "secretaris_elders"])
def test_every_alv_url_refuses_people_without_a_right(client, world, assembly, person):
    item = motion(world, assembly, online_voting=True)
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    plan = YearPlan.objects.create(council=world.council, year=2026, goals="Doelen")
    line = BudgetLine.objects.create(plan=plan, category="subsidie", label="S", planned=1)
    AnnualReport.objects.create(council=world.council, year=2025)
    slug, pk = world.council.slug, assembly.pk
    urls = [
        reverse("alv:list", args=[slug]),
        reverse("alv:create", args=[slug]),
        reverse("alv:rules", args=[slug]),
        reverse("alv:item_add", args=[slug, pk]),
        reverse("alv:item_remove", args=[slug, pk, item.pk]),
        reverse("alv:convene", args=[slug, pk]),
        reverse("alv:close", args=[slug, pk]),
        reverse("alv:attendance", args=[slug, pk]),
        reverse("alv:check_in", args=[slug, pk]),
        reverse("alv:proposal", args=[slug, pk, item.pk]),
        reverse("alv:ballot", args=[slug, pk, item.pk]),
        reverse("alv:result", args=[slug, pk, item.pk]),
        reverse("alv:plan_create", args=[slug]),
        reverse("alv:plan", args=[slug, 2026]),
        reverse("alv:plan_edit", args=[slug, 2026]),
        reverse("alv:line_add", args=[slug, 2026]),
        reverse("alv:realised", args=[slug, 2026, line.pk]),
        reverse("alv:report_create", args=[slug]),
        reverse("alv:report", args=[slug, 2025]),
        reverse("alv:report_edit", args=[slug, 2025]),
    ]
    login(client, who(world, person))
    refused = {HTTPStatus.FOUND, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    for url in urls:
        assert client.get(url).status_code in refused | {HTTPStatus.METHOD_NOT_ALLOWED}, url
        response = client.post(url, {"title": "X", "kind": "motie", "year": "2026"})
        assert response.status_code in refused | {HTTPStatus.METHOD_NOT_ALLOWED}, url
        if response.status_code == HTTPStatus.FOUND:
            assert "/accounts/login/" in response["Location"], url
    # The ALV's own page is readable by whoever may see the council: its decisions.
    assert client.get(assembly.get_absolute_url()).status_code == HTTPStatus.OK
    assert DecisionItem.objects.count() == 1 and not AssemblyAttendance.objects.exists()
