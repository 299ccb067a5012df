"""The programme overview: every council with its process indicators."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages.models import Package
from ketenoverleg.models import Geleding, Role
from members.models import MembershipStatus, Seat
from tests.actionpackages.factories import PackageFactory, open_package, sign_for, signer
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import BoardAppointmentFactory, MembershipFactory, member_of

pytestmark = pytest.mark.django_db

G = Geleding


@pytest.fixture
def programme(db):
    """A provincial council with a local one under it, and an unrelated council."""
    province = CouncilFactory(name="Aa Provinciaal overleg", slug="provincie")
    local = CouncilFactory(name="Zz Lokaal overleg", slug="lokaal", parent=province)
    other = CouncilFactory(name="Mm Verfketenoverleg", slug="verf")
    MembershipFactory.create_batch(2, council=province, geledingen=[G.OVERHEID])
    MembershipFactory(council=local, geledingen=[G.AANBOD, G.VRAAG])
    MembershipFactory(council=other, geledingen=[G.RECYCLING])
    MembershipFactory(council=other, status=MembershipStatus.AANGEVRAAGD)
    BoardAppointmentFactory(council=local, seat=Seat.AANBOD)
    package = open_package(local)
    for geledingen in ([G.VRAAG], [G.KENNIS]):
        sign_for(package, *signer(local, geledingen))
    sign_for(open_package(other), *signer(other, [G.TRANSITIE]))
    return province, local, other


def test_the_totals_are_the_sum_of_the_rows(client, programme):
    response = client.get(reverse("programme"))

    assert response.status_code == HTTPStatus.OK
    rows, totals = response.context["rows"], response.context["totals"]
    assert len(rows) == 3
    by_slug = {r["council"].slug: r for r in rows}
    # province: 2; local: 1 + the kernteam member + 2 signers; other: 1 + 1 signer
    assert {slug: r["members"] for slug, r in by_slug.items()} == {
        "provincie": 2,
        "lokaal": 4,
        "verf": 2,
    }
    assert totals["members"] == sum(r["members"] for r in rows) == 8
    assert {slug: r["signatures"] for slug, r in by_slug.items()} == {
        "provincie": 0,
        "lokaal": 2,
        "verf": 1,
    }
    assert totals["signatures"] == sum(r["signatures"] for r in rows) == 3
    for i, g in enumerate(totals["geledingen"]):
        assert g["count"] == sum(r["geledingen"][i]["count"] for r in rows)
    assert totals["packages"][Package.Status.OPEN] == 2
    assert totals["vacancies"] == sum(len(r["vacancies"]) for r in rows) == 7 + 6 + 7


def test_a_local_council_is_listed_under_its_province(client, programme):
    response = client.get(reverse("programme"))

    rows = response.context["rows"]
    assert [(r["council"].slug, r.get("child", False)) for r in rows] == [
        ("provincie", False),
        ("lokaal", True),
        ("verf", False),
    ]
    html = response.content.decode()
    assert html.index("Aa Provinciaal overleg") < html.index("Zz Lokaal overleg")
    assert html.index("Zz Lokaal overleg") < html.index("Mm Verfketenoverleg")


def test_the_vacant_kernteam_seats_are_listed(client, programme):
    response = client.get(reverse("programme"))

    local = next(r for r in response.context["rows"] if r["council"].slug == "lokaal")
    assert local["vacancies"] == [s.label for s in Seat if s != Seat.AANBOD]
    assertContains(response, ", ".join(str(s.label) for s in Seat if s != Seat.AANBOD))


@pytest.mark.parametrize(
    ("who", "sees_applications"),
    [
        ("anonymous", False),
        ("member", False),
        ("secretaris", False),
        ("kwartiermaker", True),
        ("superuser", True),
    ],
)
def test_open_applications_only_for_kwartiermakers(client, programme, who, sees_applications):
    province, local, other = programme
    users = {
        "anonymous": lambda: None,
        "member": lambda: member_of(local),
        "secretaris": lambda: user_with_role(other, Role.SECRETARIS),
        "kwartiermaker": lambda: user_with_role(None, Role.KWARTIERMAKER),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }
    user = users[who]()
    if user:
        client.force_login(user)

    response = client.get(reverse("programme"))

    if sees_applications:
        assertContains(response, "Open aanmeldingen")
        assert response.context["totals"]["open_applications"] == 1
    else:
        assertNotContains(response, "Open aanmeldingen")
        assert response.context["totals"]["open_applications"] is None


def build_councils(n: int) -> None:
    for i in range(n):
        council = CouncilFactory()
        if i % 3 == 1:
            council.parent = CouncilFactory()
            council.save()
        MembershipFactory.create_batch(3, council=council, geledingen=[G.AANBOD, G.KENNIS])
        BoardAppointmentFactory(council=council)
        PackageFactory(council=council, status=Package.Status.LOPEND)


def programme_queries(client) -> int:
    client.get(reverse("programme"))  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programme"))
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_the_query_count_does_not_grow_with_the_councils(client):
    client.force_login(user_with_role(None, Role.KWARTIERMAKER))
    build_councils(3)
    few = programme_queries(client)

    build_councils(12)
    many = programme_queries(client)

    assert many == few


def test_the_public_sees_public_figures_and_kwartiermakers_all(client, db):
    council = CouncilFactory(name="Alleen dit overleg", slug="dit")
    MembershipFactory(council=council, geledingen=[G.KENNIS])
    MembershipFactory(council=council, geledingen=[G.KENNIS], listing_consent=False)
    url = reverse("programme")

    public_rows = client.get(url).context["rows"]
    client.force_login(user_with_role(None, Role.KWARTIERMAKER))
    detailed_rows = client.get(url).context["rows"]

    kennis = list(Geleding.values).index(G.KENNIS)
    assert public_rows[0]["members"] == 1
    assert public_rows[0]["geledingen"][kennis]["count"] == 1
    assert detailed_rows[0]["members"] == 2
    assert detailed_rows[0]["geledingen"][kennis]["count"] == 2
