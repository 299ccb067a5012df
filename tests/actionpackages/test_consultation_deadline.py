"""A package in consultation names the day until which members may propose amendments
(the same day the "consultation opened" mail names)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import services
from ketenoverleg.models import Role
from tests.actionpackages.factories import complete_package
from tests.factories import user_with_role
from tests.members.factories import member_of

pytestmark = pytest.mark.django_db


def test_the_consultation_closes_four_weeks_after_it_opens_and_the_page_says_so(client, council):
    secretary = user_with_role(council, Role.KETENSECRETARIS)
    package = complete_package(council)
    with time_machine.travel(
        datetime.combine(date(2026, 3, 2), time(10), tzinfo=ZoneInfo("Europe/Amsterdam")),
        tick=False,
    ):
        services.package_consult(package=package, by=secretary)
    assert package.consultation_closes_on == date(2026, 3, 30)
    client.force_login(member_of(council))
    page = client.get(package.get_absolute_url())
    assertContains(page, "Leden kunnen tot en met 30 maart 2026 een wijzigingsvoorstel doen.")

    services.package_adopt(package=package, by=secretary)
    assertNotContains(client.get(package.get_absolute_url()), "een wijzigingsvoorstel doen")
