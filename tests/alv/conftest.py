"""A council that is an association, with members who each have a representative,
a secretaris and an ALV planned on Thursday 16 April 2026 at 19:30."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from alv import services
from ketenoverleg.models import Ketenoverleg, Role, User
from members.models import Membership
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import MembershipFactory

AMS = ZoneInfo("Europe/Amsterdam")
CONVENING = datetime(2026, 3, 30, 10, 0, tzinfo=AMS)  # 17 days before the meeting
MEETING = datetime(2026, 4, 16, 19, 30, tzinfo=AMS)
DURING = datetime(2026, 4, 16, 20, 15, tzinfo=AMS)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Alv:
    council: Ketenoverleg
    secretaris: User
    members: list[Membership] = field(default_factory=list)
    reps: list[User] = field(default_factory=list)

    def rep(self, membership: Membership) -> User:
        return self.reps[self.members.index(membership)]


def make_alv_world(*, informal: bool = False, members: int = 9) -> Alv:
    if informal:
        council = CouncilFactory()
    else:
        council = CouncilFactory(
            organisation_form=Ketenoverleg.OrganisationForm.VERENIGING,
            kvk_number="12345678",
            registered_seat="Groningen",
            penvoerder="",
        )
    world = Alv(council=council, secretaris=user_with_role(council, Role.SECRETARIS))
    for _n in range(members):
        rep = UserFactory()
        world.members.append(MembershipFactory(council=council, organisation__representative=rep))
        world.reps.append(rep)
    return world


@pytest.fixture
def world(db):
    with time_machine.travel(CONVENING, tick=False):
        yield make_alv_world()


@pytest.fixture
def assembly(world):
    return services.assembly_create(
        council=world.council,
        by=world.secretaris,
        title="ALV voorjaar 2026",
        starts_at=MEETING,
        location="Groningen",
    )
