"""Dates and years are those of Amsterdam, not of UTC.

On 31 December at 23:30 UTC it is already 1 January 00:30 in Amsterdam: the
contributie year, the roster's first year and the day a seat ends are the new ones.
"""

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from ketenoverleg.models import Role
from members import services
from members.models import BoardAppointment, BoardFunctionTerm, Organisation
from tests.factories import user_with_role
from tests.members.factories import BoardAppointmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NEW_YEARS_EVE_UTC = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)  # 1 Jan 2026 in NL


@time_machine.travel(NEW_YEARS_EVE_UTC, tick=False)
def test_the_contribution_page_opens_on_the_local_year(client, council):
    client.force_login(user_with_role(council, Role.PENNINGMEESTER))

    response = client.get(reverse("members:contribution", kwargs={"slug": council.slug}))

    assert response.status_code == HTTPStatus.OK
    assert response.context["year"] == 2026


@time_machine.travel(NEW_YEARS_EVE_UTC, tick=False)
def test_a_membership_shows_the_contribution_of_the_local_year(client, council):
    user = user_with_role(council, Role.PENNINGMEESTER)
    membership = MembershipFactory(council=council)
    client.force_login(user)

    response = client.get(
        reverse("members:membership", kwargs={"slug": council.slug, "pk": membership.pk})
    )

    assert response.context["contribution"]["year"] == 2026


@time_machine.travel(NEW_YEARS_EVE_UTC, tick=False)
def test_the_roster_proposes_next_local_year(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.get(reverse("members:kernteam", kwargs={"slug": council.slug}))

    assert response.context["roster_form"].initial["first_year"] == 2027


def test_erasure_ends_a_seat_on_the_local_date(council):
    appointment = BoardAppointmentFactory(council=council, starts_on=dt.date(2025, 1, 1))
    organisation = appointment.membership.organisation
    organisation.kind = Organisation.Kind.PERSOON
    organisation.save(update_fields=["kind"])

    with time_machine.travel(dt.datetime(2025, 12, 1, tzinfo=dt.UTC), tick=False):
        term = BoardFunctionTerm.objects.create(
            council=council,
            function=Role.VOORZITTER,
            user=appointment.user,
            appointment=appointment,
            starts_on=dt.date(2025, 12, 1),
            decided_on=dt.date(2025, 12, 1),
        )

    with time_machine.travel(NEW_YEARS_EVE_UTC, tick=False):
        services.personal_data_erase(user=appointment.user)

    assert BoardAppointment.objects.get(pk=appointment.pk).ended_early_on == dt.date(2026, 1, 1)
    assert BoardFunctionTerm.objects.get(pk=term.pk).ended_on == dt.date(2026, 1, 1)


@pytest.mark.parametrize("asked", ["99999999999999999999", "-5", "0", "1899", "2101", "tien"])
def test_a_contribution_year_no_one_could_mean_shows_this_year(client, council, asked):
    with time_machine.travel(NEW_YEARS_EVE_UTC, tick=False):
        # Appointed on that clock too: a function that starts later holds no power yet.
        client.force_login(user_with_role(council, Role.PENNINGMEESTER))
        response = client.get(
            reverse("members:contribution", kwargs={"slug": council.slug}), {"jaar": asked}
        )

    assert response.status_code == HTTPStatus.OK
    assert response.context["year"] == 2026
