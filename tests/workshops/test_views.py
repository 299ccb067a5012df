"""The workshop's pages: a participant's phone pages without an account (join, post,
poll), protected against abuse; the kwartiermaker's list, control page and beamer."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionpackages.models import Package
from ketenoverleg.models import Role
from tests.factories import UserFactory, user_with_role
from tests.workshops.factories import ContributionFactory, ParticipantFactory, WorkshopFactory
from workshops import services, views
from workshops.models import Contribution, Link, Participant, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def kwartiermaker(council):
    return user_with_role(council, Role.KWARTIERMAKER)


@pytest.fixture
def workshop(council, kwartiermaker):
    return WorkshopFactory(council=council, created_by=kwartiermaker, title="Hello World meubels")


def participant_url(workshop, name="participant"):
    return reverse(f"workshops:{name}", args=[workshop.code])


def join(client, workshop, **data):
    return client.post(participant_url(workshop), {"name": "Anna", **data})


# --- the participant, without an account -------------------------------------------------


def test_a_participant_joins_with_the_code_posts_and_sees_their_contribution(client, workshop):
    found = client.get(reverse("workshops:join"), {"code": workshop.code.lower()})
    assert found.url == participant_url(workshop)

    join(
        client, workshop, organisation="Kringloop", email="anna@kringloop.nl", geleding="recycling"
    )
    response = client.post(
        participant_url(workshop, "contribute"), {"text": "Een hoek voor onderdelen."}, follow=True
    )

    content = response.content.decode()
    assert "Uw bijdrage staat op het scherm." in content
    assert "Een hoek voor onderdelen." in content and "<strong>Recycling</strong>" in content
    anna = Participant.objects.get()
    assert (anna.name, anna.organisation, anna.email) == ("Anna", "Kringloop", "anna@kringloop.nl")
    # Joining again from the same phone keeps the same participant.
    join(client, workshop)
    assert Participant.objects.count() == 1


def test_a_wrong_code_says_so_at_the_field(client):
    response = client.get(reverse("workshops:join"), {"code": "ZZZZZZ"})
    assert "Er is geen workshop met deze code" in response.content.decode()
    response = client.get(reverse("workshops:join"), {"code": "abc"})
    assert "Een code bestaat uit 6 letters en cijfers." in response.content.decode()


def test_guessing_codes_is_slowed_down(client, workshop):
    for _ in range(views.CODE_MISSES[0]):
        assert client.get(reverse("workshops:participant", args=["ZZZZZZ"])).status_code == 404

    blocked = client.get(participant_url(workshop))

    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_posting_is_rate_limited_per_session(client, workshop, monkeypatch):
    monkeypatch.setattr(views, "POSTS_PER_SESSION", (3, 60))
    monkeypatch.setattr(services, "MAX_CONTRIBUTIONS_PER_MINUTE", 100)
    join(client, workshop)
    statuses = [
        client.post(participant_url(workshop, "contribute"), {"text": f"Idee {i}"}).status_code
        for i in range(4)
    ]
    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert Contribution.objects.count() == 3


def test_joining_is_rate_limited_per_address(client, workshop, monkeypatch):
    monkeypatch.setattr(views, "JOINS_PER_IP", (2, 600))
    for i in range(2):
        client.cookies.clear()
        assert join(client, workshop, name=f"P{i}").status_code == HTTPStatus.FOUND
    client.cookies.clear()
    assert join(client, workshop, name="P3").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Participant.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"name": ""}, "name", id="no-name"),
        pytest.param({"name": "x" * 81}, "name", id="long-name"),
        pytest.param({"organisation": "x" * 121}, "organisation", id="long-organisation"),
        pytest.param({"email": "anna@"}, "email", id="bad-email"),
        pytest.param({"geleding": "bakkers"}, "geleding", id="bad-geleding"),
    ],
)
def test_bad_join_input_is_refused_at_its_field(client, workshop, data, field):
    response = join(client, workshop, **data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["join_form"].errors
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Dit veld is verplicht."), ("x" * 301, "korter dan 300 tekens")],
)
def test_a_contribution_is_bounded(client, workshop, text, message):
    join(client, workshop)

    response = client.post(participant_url(workshop, "contribute"), {"text": text})

    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_without_joining_nobody_posts_or_answers(client, workshop):
    client.post(participant_url(workshop, "contribute"), {"text": "Stiekem"})
    client.post(participant_url(workshop, "poll"), {"workable": "ja", "should_start": "ja"})

    assert not Contribution.objects.exists() and not Participant.objects.exists()


def test_another_session_cannot_post_as_a_participant(client, workshop):
    ParticipantFactory(workshop=workshop, name="Anna")
    client.post(participant_url(workshop, "contribute"), {"text": "Namens Anna"})
    assert not Contribution.objects.exists()


def test_after_the_workshop_is_closed_nothing_more_comes_in(client, workshop, kwartiermaker):
    join(client, workshop)
    services.workshop_close(workshop=workshop, by=kwartiermaker)

    response = client.post(
        participant_url(workshop, "contribute"), {"text": "Te laat"}, follow=True
    )
    other = client.__class__()
    joined = other.post(participant_url(workshop), {"name": "Laatkomer"})

    assert "Bijdragen kan alleen zolang de workshop open is." in response.content.decode()
    assert "neemt geen nieuwe deelnemers meer aan" in joined.content.decode()
    assert not Contribution.objects.exists() and Participant.objects.count() == 1


def test_the_closing_poll_on_the_phone(client, workshop, kwartiermaker):
    join(client, workshop)
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)

    page = client.get(participant_url(workshop)).content.decode()
    assert "Tot slot drie vragen" in page
    missing = client.post(participant_url(workshop, "poll"), {"workable": "ja"})
    assert "should_start" in missing.context["poll_form"].errors
    client.post(
        participant_url(workshop, "poll"),
        {
            "workable": "ja",
            "should_start": "ja",
            "wants_involved": "on",
            "prospect_consent": "on",
            "email": "anna@kringloop.nl",
        },
    )

    anna = Participant.objects.get()
    assert (anna.workable, anna.wants_involved, anna.prospect_consent, anna.email) == (
        "ja",
        True,
        True,
        "anna@kringloop.nl",
    )


# --- the kwartiermaker's pages --------------------------------------------------------------

KWARTIERMAKER_PAGES = ["control", "beamer", "board", "qr"]


@pytest.mark.parametrize("page", KWARTIERMAKER_PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", "login"),
        ("outsider", HTTPStatus.FORBIDDEN),
        (Role.SECRETARIS, HTTPStatus.FORBIDDEN),
        ("kwartiermaker_elders", HTTPStatus.FORBIDDEN),
        (Role.KWARTIERMAKER, HTTPStatus.OK),
        ("creator", HTTPStatus.OK),
    ],
)
def test_the_control_page_and_beamer_are_for_the_workshops_kwartiermakers(
    client, council, workshop, page, who, expected
):
    users = {
        "outsider": UserFactory,
        "kwartiermaker_elders": lambda: user_with_role(
            WorkshopFactory().council, Role.KWARTIERMAKER
        ),
        "creator": lambda: workshop.created_by,
    }
    if who in users:
        client.force_login(users[who]())
    elif who != "anonymous":
        client.force_login(user_with_role(council, who))

    response = client.get(reverse(f"workshops:{page}", args=[workshop.pk]))

    if expected == "login":
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def test_the_beamer_shows_code_qr_six_columns_and_refreshes_without_inline_script(
    client, workshop, kwartiermaker
):
    a = ContributionFactory(
        participant__workshop=workshop, participant__geleding="vraag", text="Terugname"
    )
    b = ContributionFactory(
        participant__workshop=workshop, participant__geleding="kennis", text="Studenten"
    )
    services.link_add(workshop=workshop, first=a, second=b, by=kwartiermaker)
    client.force_login(kwartiermaker)

    page = client.get(reverse("workshops:beamer", args=[workshop.pk])).content.decode()
    board = client.get(reverse("workshops:board", args=[workshop.pk]))
    qr = client.get(reverse("workshops:qr", args=[workshop.pk]))

    assert workshop.code in page and reverse("workshops:qr", args=[workshop.pk]) in page
    for label in ("Aanbod", "Vraag", "Recycling", "Kennis", "Overheid", "Transitie"):
        assert f'{label} <span class="count">' in page
    assert "#1 ↔ #2" in board.content.decode() and "versterkt" in board.content.decode()
    assert board["X-Board-Revision"] and "no-cache" in board["Cache-Control"]
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert "<script>" not in page and 'style="' not in page and "onclick" not in page
    assert 'src="/static/js/workshop-beamer.js"' in page


def test_the_board_revision_changes_with_every_contribution_and_link(
    client, workshop, kwartiermaker
):
    client.force_login(kwartiermaker)
    url = reverse("workshops:board", args=[workshop.pk])
    first = client.get(url)["X-Board-Revision"]
    a = ContributionFactory(participant__workshop=workshop)
    second = client.get(url)["X-Board-Revision"]
    b = ContributionFactory(participant__workshop=workshop)
    services.link_add(workshop=workshop, first=a, second=b, by=kwartiermaker)
    third = client.get(url)["X-Board-Revision"]

    assert len({first, second, third}) == 3


def test_the_kwartiermaker_links_gives_roles_and_converts_on_the_control_page(
    client, council, workshop, kwartiermaker
):
    a = ContributionFactory(participant__workshop=workshop, participant__geleding="aanbod")
    b = ContributionFactory(participant__workshop=workshop, participant__geleding="vraag")
    anna = ParticipantFactory(workshop=workshop, name="Anna", geleding="aanbod")
    client.force_login(kwartiermaker)
    action = lambda name: reverse("workshops:action", args=[workshop.pk, name])  # noqa: E731

    one = client.post(action("verbinden"), {"contributions": [a.pk]})
    assert "Kies precies twee bijdragen" in one.content.decode()
    client.post(action("verbinden"), {"contributions": [a.pk, b.pk]})
    client.post(
        action("rol"),
        {
            "participant": anna.pk,
            f"p{anna.pk}-participant": anna.pk,
            f"p{anna.pk}-geleding": "overheid",
        },
    )
    early = client.post(
        action("omzetten"),
        {"title": "Pakket", "target": "existing", "council": council.pk},
        follow=True,
    )
    assert "Sluit eerst het bijdragen af" in early.content.decode()
    client.post(action("peiling"))
    converted = client.post(
        action("omzetten"), {"title": "Pakket", "target": "existing", "council": council.pk}
    )

    assert Link.objects.filter(workshop=workshop).count() == 1
    assert Participant.objects.get(pk=anna.pk).geleding == "overheid"
    package = Package.objects.get()
    assert converted.url == package.get_absolute_url()
    assert Workshop.objects.get(pk=workshop.pk).package == package


def test_a_new_council_needs_its_particulars(client, workshop, kwartiermaker):
    ContributionFactory(participant__workshop=workshop)
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)
    client.force_login(kwartiermaker)

    response = client.post(
        reverse("workshops:action", args=[workshop.pk, "omzetten"]),
        {"title": "Pakket", "target": "new", "name": "Nieuw overleg", "slug": "admin"},
    )

    errors = response.context["convert_form"].errors
    assert {"slug", "penvoerder", "contact_email"} <= set(errors)
    assert not Package.objects.exists()


def test_the_kwartiermaker_makes_a_workshop(client, council, kwartiermaker):
    client.force_login(kwartiermaker)
    page = client.get(reverse("workshops:create"), {"ketenoverleg": council.slug})
    assert page.context["form"].initial["chain"] == council.product_category

    response = client.post(
        reverse("workshops:create"),
        {
            "title": "Hello World meubels",
            "council": council.pk,
            "occasion": "opiniegesprek",
            "chain": "Meubels",
            "place": "Groningen",
            "problem": "Meubels worden verbrand.",
            "direction": "Onderdelen hergebruiken.",
            "held_on": "2026-03-01",
        },
    )

    workshop = Workshop.objects.get()
    assert response.url == workshop.get_absolute_url()
    assert workshop.created_by == kwartiermaker


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"title": ""}, "title", id="no-title"),
        pytest.param({"problem": "x" * 1001}, "problem", id="long-problem"),
        pytest.param({"held_on": "2101-01-01"}, "held_on", id="after-2100"),
        pytest.param({"held_on": "1899-12-31"}, "held_on", id="before-1900"),
    ],
)
def test_bad_workshop_input_is_refused_at_its_field(client, council, kwartiermaker, changes, field):
    client.force_login(kwartiermaker)
    data = {
        "title": "Hello World",
        "occasion": "onderwijs",
        "chain": "Meubels",
        "place": "Groningen",
        "problem": "P",
        "direction": "R",
        "held_on": "2026-03-01",
        **changes,
    }

    response = client.post(reverse("workshops:create"), data)

    assert field in response.context["form"].errors
    assert not Workshop.objects.exists()


def test_only_kwartiermakers_make_workshops(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    assert client.get(reverse("workshops:create")).status_code == HTTPStatus.FORBIDDEN
    assert client.get(reverse("workshops:list")).status_code == HTTPStatus.FORBIDDEN


# --- query counts ---------------------------------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


@pytest.mark.parametrize("page", ["list", "council_workshops"])
def test_workshop_lists_query_count_does_not_grow(client, council, kwartiermaker, page):
    client.force_login(kwartiermaker)
    url = reverse(f"workshops:{page}", **({"args": [council.slug]} if page != "list" else {}))
    ContributionFactory(
        participant__workshop__council=council, participant__workshop__created_by=kwartiermaker
    )
    few = queries(client, url)
    for _ in range(5):
        ContributionFactory(
            participant__workshop__council=council, participant__workshop__created_by=kwartiermaker
        )
    assert queries(client, url) == few


def test_the_board_query_count_does_not_grow_with_contributions(client, workshop, kwartiermaker):
    client.force_login(kwartiermaker)
    url = reverse("workshops:board", args=[workshop.pk])
    a = ContributionFactory(participant__workshop=workshop)
    few = queries(client, url)
    for _ in range(10):
        b = ContributionFactory(participant__workshop=workshop)
        services.link_add(workshop=workshop, first=a, second=b, by=kwartiermaker)
    assert queries(client, url) == few


def test_the_control_page_query_count_does_not_grow(client, workshop, kwartiermaker):
    client.force_login(kwartiermaker)
    url = reverse("workshops:control", args=[workshop.pk])
    ContributionFactory(participant__workshop=workshop)
    few = queries(client, url)
    for _ in range(8):
        ContributionFactory(participant__workshop=workshop)
    assert queries(client, url) == few
