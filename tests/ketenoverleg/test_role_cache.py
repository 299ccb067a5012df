"""A person's roles in a council are kept in the shared cache between requests, and every
change to what grants a role shows on the next request."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ketenoverleg import roles, services
from ketenoverleg.models import Role, RoleAssignment, User
from members import services as member_services
from members.models import Representative
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import MembershipFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles_kept(settings):
    settings.ROLES_KEPT_SECONDS = 300


def fresh(user) -> User:
    """The user as the next request loads it (nothing known from this one)."""
    return User.objects.get(pk=user.pk)


def roles_now(user, council) -> frozenset[str]:
    return roles.roles_for(fresh(user), council)


def role_queries(user, council) -> int:
    with CaptureQueriesContext(connection) as queries:
        roles_now(user, council)
    return sum(
        1
        for q in queries.captured_queries
        if "roleassignment" in q["sql"] or "members_" in q["sql"]
    )


def test_the_second_request_reads_the_roles_from_the_cache(client):
    council = CouncilFactory()
    secretaris = user_with_role(council, Role.SECRETARIS)
    assert role_queries(secretaris, council) >= 2
    assert role_queries(secretaris, council) == 0
    assert Role.SECRETARIS in roles_now(secretaris, council)

    client.force_login(secretaris)
    page = reverse("projects:issues", args=[council.slug])
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    assert not [q for q in queries.captured_queries if "roleassignment" in q["sql"]]


def test_a_role_given_or_ended_shows_at_once():
    council = CouncilFactory()
    secretaris = user_with_role(council, Role.SECRETARIS)
    user = UserFactory()
    assert roles_now(user, council) == frozenset()

    assignment = services.role_assign(
        council=council,
        user=user,
        role=Role.KETENSECRETARIS,
        starts_on=timezone.localdate() - timedelta(days=10),
        by=secretaris,
    )
    assert roles_now(user, council) == {Role.KETENSECRETARIS}

    # (A role ended today still holds today.)
    services.role_end(
        assignment=assignment, ends_on=timezone.localdate() - timedelta(days=1), by=secretaris
    )
    assert roles_now(user, council) == frozenset()


def test_membership_changes_show_at_once():
    council = CouncilFactory()
    secretaris = user_with_role(council, Role.SECRETARIS)
    member = member_of(council)
    membership = member.organisations.get().memberships.get()
    assert roles_now(member, council) == {Role.LID}

    member_services.membership_end(membership=membership, by=secretaris)
    assert roles_now(member, council) == frozenset()


def test_a_representative_removed_loses_the_membership_role():
    council = CouncilFactory()
    member = member_of(council)
    assert roles_now(member, council) == {Role.LID}
    Representative.objects.filter(user=member).delete()
    assert roles_now(member, council) == frozenset()


def test_an_erased_person_holds_nothing_the_next_time():
    council = CouncilFactory()
    user = user_with_role(council, Role.KETENSECRETARIS)
    MembershipFactory(council=council, organisation__representative=user)
    assert roles_now(user, council) == {Role.KETENSECRETARIS, Role.LID}

    member_services.personal_data_erase(user=user)
    assert roles_now(user, council) == frozenset()


def test_a_role_that_ends_today_is_gone_tomorrow_without_a_change():
    council = CouncilFactory()
    user = UserFactory()
    today = timezone.localdate()
    RoleAssignment.objects.create(
        council=council, user=user, role=Role.KETENSECRETARIS, starts_on=today, ends_on=today
    )
    assert roles_now(user, council) == {Role.KETENSECRETARIS}
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        assert roles_now(user, council) == frozenset()


def test_without_a_lifetime_the_roles_are_looked_up_each_time(settings):
    settings.ROLES_KEPT_SECONDS = 0
    council = CouncilFactory()
    secretaris = user_with_role(council, Role.SECRETARIS)
    assert role_queries(secretaris, council) >= 2
    assert role_queries(secretaris, council) >= 2


def test_a_lost_generation_does_not_bring_old_entries_back():
    council = CouncilFactory()
    user = user_with_role(council, Role.KETENSECRETARIS)
    assert roles_now(user, council) == {Role.KETENSECRETARIS}
    # The role ends past the signals (as a queryset update would), with roles_changed.
    RoleAssignment.objects.filter(user=user).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    roles.roles_changed()
    cache.delete(roles.ROLES_GENERATION_KEY)  # evicted, say
    assert roles_now(user, council) == frozenset()
