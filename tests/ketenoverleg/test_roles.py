from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ketenoverleg.models import Role, RoleAssignment
from ketenoverleg.roles import has_role, roles_for, users_holding
from tests.factories import (
    CouncilFactory,
    RoleAssignmentFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "active"),
    [
        pytest.param(TODAY - timedelta(days=30), None, True, id="open-ended"),
        pytest.param(TODAY - timedelta(days=30), TODAY, True, id="ends-today"),
        pytest.param(TODAY, TODAY + timedelta(days=30), True, id="starts-today"),
        pytest.param(TODAY - timedelta(days=30), TODAY - timedelta(days=1), False, id="ended"),
        pytest.param(TODAY + timedelta(days=1), None, False, id="future"),
    ],
)
def test_roles_for_counts_only_assignments_running_today(council, starts_on, ends_on, active):
    assignment = RoleAssignmentFactory(
        council=council, role=Role.KETENSECRETARIS, starts_on=starts_on, ends_on=ends_on
    )

    assert (Role.KETENSECRETARIS in roles_for(assignment.user, council)) is active
    assert has_role(assignment.user, council, [Role.KETENSECRETARIS]) is active


def test_role_in_one_council_does_not_count_in_another(council):
    user = user_with_role(council, Role.KETENSECRETARIS)
    other = CouncilFactory()

    assert roles_for(user, council) == {Role.KETENSECRETARIS}
    assert roles_for(user, other) == frozenset()


@pytest.mark.parametrize("role", [Role.VOORZITTER, Role.SECRETARIS, Role.KERNTEAMLID])
def test_a_stray_record_of_a_kernteam_role_counts_for_nothing(council, role):
    """Records made before the kernteam kept its own (or by hand in the database) give no
    kernteam role: only a seat and the kernteam's functions do."""
    stray = RoleAssignmentFactory(council=council, role=role)

    assert roles_for(stray.user, council) == frozenset()
    assert not users_holding(council, [role]).filter(pk=stray.user_id).exists()


def test_a_kernteam_function_gives_the_role_with_the_seat(council):
    voorzitter = user_with_role(council, Role.VOORZITTER)

    assert roles_for(voorzitter, council) == {Role.VOORZITTER, Role.KERNTEAMLID, Role.LID}
    assert list(users_holding(council, [Role.VOORZITTER])) == [voorzitter]


def test_programme_wide_kwartiermaker_counts_in_every_council(council):
    user = user_with_role(None, Role.KWARTIERMAKER)
    later_council = CouncilFactory()

    assert roles_for(user, council) == {Role.KWARTIERMAKER}
    assert roles_for(user, later_council) == {Role.KWARTIERMAKER}


def test_superuser_holds_every_role(council):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert roles_for(admin, council) == set(Role.values)


def test_anonymous_holds_no_role(council, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert roles_for(AnonymousUser(), council) == frozenset()
        assert not has_role(AnonymousUser(), council, Role.values)


def test_has_role_needs_any_one_of_the_roles(council):
    user = user_with_role(council, Role.PENNINGMEESTER)

    assert has_role(user, council, [Role.SECRETARIS, Role.PENNINGMEESTER])
    assert not has_role(user, council, [Role.SECRETARIS, Role.VOORZITTER])
    assert not has_role(user, council, [])


def test_roles_are_looked_up_once_per_user_object_and_council(council, django_assert_num_queries):
    user = user_with_role(council, Role.LID)
    roles_for(user, council)

    with django_assert_num_queries(0):
        assert roles_for(user, council) == {Role.LID}
        assert has_role(user, council, [Role.LID])

    # The cache lives on the user object, i.e. one request: a fresh object sees changes.
    RoleAssignmentFactory(user=user, council=council, role=Role.KETENSECRETARIS)
    assert roles_for(user, council) == {Role.LID}
    fresh = type(user).objects.get(pk=user.pk)
    assert roles_for(fresh, council) == {Role.LID, Role.KETENSECRETARIS}


# --- the permission matrix --------------------------------------------------------

ANONYMOUS = "anonymous"
OUTSIDER = "outsider"  # logged in, no role anywhere
OTHER_COUNCIL = "secretaris-elsewhere"  # secretaris of another council
OTHER_MEMBER = "lid-elsewhere"  # member of another council
PROGRAMME_KWARTIERMAKER = "programme-kwartiermaker"  # kwartiermaker with council=None
ENDED_SECRETARIS = "ended-secretaris"
SUPERUSER = "superuser"

LOGIN = "login"
FORBIDDEN = HTTPStatus.FORBIDDEN
OK = HTTPStatus.OK


def make_visitor(kind: str, council):
    """The user behind ``kind``, or None for an anonymous visitor."""
    if kind == ANONYMOUS:
        return None
    if kind == OUTSIDER:
        return UserFactory()
    if kind == OTHER_COUNCIL:
        return user_with_role(CouncilFactory(), Role.SECRETARIS)
    if kind == OTHER_MEMBER:
        return user_with_role(CouncilFactory(), Role.LID)
    if kind == PROGRAMME_KWARTIERMAKER:
        return user_with_role(None, Role.KWARTIERMAKER)
    if kind == ENDED_SECRETARIS:
        user = UserFactory()
        RoleAssignmentFactory(
            user=user,
            council=council,
            role=Role.KETENSECRETARIS,
            ends_on=TODAY - timedelta(days=1),
        )
        return user
    if kind == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True)
    return user_with_role(council, kind)


def log_in_as(client, kind, council):
    user = make_visitor(kind, council)
    if user is not None:
        client.force_login(user)
    return user


def assert_outcome(response, expected):
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


EVERYONE = [
    ANONYMOUS,
    OUTSIDER,
    OTHER_COUNCIL,
    *Role.values,
    PROGRAMME_KWARTIERMAKER,
    SUPERUSER,
]


@pytest.mark.parametrize("kind", EVERYONE)
def test_council_detail_is_public(client, council, kind):
    log_in_as(client, kind, council)

    response = client.get(reverse("council_detail", args=[council.slug]))

    assert response.status_code == OK
    assert council.name in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (OTHER_COUNCIL, FORBIDDEN),
        (ENDED_SECRETARIS, FORBIDDEN),
        (Role.LID, FORBIDDEN),
        (Role.KERNTEAMLID, FORBIDDEN),
        (Role.PENNINGMEESTER, FORBIDDEN),
        (Role.VOORZITTER, OK),
        (Role.SECRETARIS, OK),
        (Role.KETENSECRETARIS, OK),
        (Role.KWARTIERMAKER, OK),
        (PROGRAMME_KWARTIERMAKER, OK),
        (SUPERUSER, OK),
    ],
)
def test_council_edit_permissions(client, council, kind, expected):
    log_in_as(client, kind, council)

    response = client.get(reverse("council_edit", args=[council.slug]))

    assert_outcome(response, expected)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (OTHER_MEMBER, FORBIDDEN),
        (OTHER_COUNCIL, FORBIDDEN),
        (ENDED_SECRETARIS, FORBIDDEN),
        *[(role, OK) for role in Role.values if role != Role.GENODIGDE],
        # Invited to look along while a council starts up: not an insider.
        (Role.GENODIGDE, FORBIDDEN),
        (PROGRAMME_KWARTIERMAKER, OK),
        (SUPERUSER, OK),
    ],
)
def test_council_roles_list_is_for_insiders(client, council, kind, expected):
    holder = user_with_role(council, Role.KETENSECRETARIS)
    log_in_as(client, kind, council)

    response = client.get(reverse("council_roles", args=[council.slug]))

    assert_outcome(response, expected)
    if expected == OK:
        # Names such as "van 't Riet" are HTML-escaped in the page.
        assert escape(holder.get_full_name()) in response.content.decode()


SECRETARIAT_MATRIX = [
    (ANONYMOUS, LOGIN),
    (OUTSIDER, FORBIDDEN),
    (OTHER_COUNCIL, FORBIDDEN),
    (ENDED_SECRETARIS, FORBIDDEN),
    (Role.LID, FORBIDDEN),
    (Role.KERNTEAMLID, FORBIDDEN),
    (Role.PENNINGMEESTER, FORBIDDEN),
    (Role.VOORZITTER, FORBIDDEN),
    (Role.SECRETARIS, HTTPStatus.FOUND),
    (Role.KETENSECRETARIS, HTTPStatus.FOUND),
    (Role.KWARTIERMAKER, HTTPStatus.FOUND),
    (PROGRAMME_KWARTIERMAKER, HTTPStatus.FOUND),
    (SUPERUSER, HTTPStatus.FOUND),
]


@pytest.mark.parametrize(("kind", "expected"), SECRETARIAT_MATRIX)
def test_only_the_secretariat_assigns_roles(client, council, kind, expected):
    newcomer = UserFactory()
    log_in_as(client, kind, council)

    response = client.post(
        reverse("council_roles", args=[council.slug]),
        {"email": newcomer.email, "role": Role.LID, "starts_on": TODAY.isoformat()},
    )

    assert_outcome(response, expected)
    assigned = RoleAssignment.objects.filter(user=newcomer, council=council).exists()
    assert assigned is (expected == HTTPStatus.FOUND)
    if assigned:
        assert response.url == reverse("council_roles", args=[council.slug])


@pytest.mark.parametrize(("kind", "expected"), SECRETARIAT_MATRIX)
def test_only_the_secretariat_ends_roles(client, council, kind, expected):
    assignment = RoleAssignmentFactory(council=council, role=Role.KETENSECRETARIS)
    log_in_as(client, kind, council)

    response = client.post(
        reverse("council_role_end", args=[council.slug]), {"assignment": assignment.pk}
    )

    assert_outcome(response, expected)
    assignment.refresh_from_db()
    if expected == HTTPStatus.FOUND:
        assert assignment.ends_on == TODAY
    else:
        assert assignment.ends_on is None


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, FORBIDDEN),
        (Role.SECRETARIS, FORBIDDEN),
        (Role.VOORZITTER, FORBIDDEN),
        (Role.KETENSECRETARIS, FORBIDDEN),
        (Role.KWARTIERMAKER, OK),
        (PROGRAMME_KWARTIERMAKER, OK),
        (SUPERUSER, OK),
    ],
)
def test_council_create_is_for_kwartiermakers(client, council, kind, expected):
    log_in_as(client, kind, council)

    response = client.get(reverse("council_create"))

    assert_outcome(response, expected)


def test_council_create_refuses_a_kwartiermaker_whose_role_ended(client, council):
    user = UserFactory()
    RoleAssignmentFactory(
        user=user, council=council, role=Role.KWARTIERMAKER, ends_on=TODAY - timedelta(days=1)
    )
    client.force_login(user)

    response = client.get(reverse("council_create"))

    assert response.status_code == FORBIDDEN


@pytest.mark.parametrize(
    ("kind", "sees_edit_link"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (OTHER_COUNCIL, False),
        (Role.LID, False),
        (Role.KERNTEAMLID, False),
        (Role.PENNINGMEESTER, False),
        (Role.VOORZITTER, True),
        (Role.SECRETARIS, True),
        (Role.KETENSECRETARIS, True),
        (Role.KWARTIERMAKER, True),
        (PROGRAMME_KWARTIERMAKER, True),
        (SUPERUSER, True),
    ],
)
def test_council_nav_offers_editing_only_to_those_allowed(client, council, kind, sees_edit_link):
    log_in_as(client, kind, council)

    html = client.get(reverse("council_detail", args=[council.slug])).content.decode()

    assert ("Gegevens bewerken" in html) is sees_edit_link
    assert (reverse("council_edit", args=[council.slug]) in html) is sees_edit_link
