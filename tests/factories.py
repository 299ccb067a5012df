"""Shared factory_boy factories; later apps add theirs here."""

from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from ketenoverleg.models import KERNTEAM_HELD_ROLES, Ketenoverleg, Role, RoleAssignment, User
from ketenoverleg.signals import council_created
from members.models import (
    BoardAppointment,
    BoardFunctionTerm,
    Membership,
    MembershipGeleding,
    MembershipStatus,
    Organisation,
    Representative,
    Seat,
)

PASSWORD = "een-lang-testwachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """A verified primary address, as allauth requires before login."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ketenoverleg
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ketenoverleg {n}")
    slug = factory.Sequence(lambda n: f"overleg-{n}")
    product_category = "Beton"
    area = "Gemeente Groningen"
    goal = "De betonketen in Groningen samen verduurzamen."
    organisation_form = Ketenoverleg.OrganisationForm.INFORMEEL
    penvoerder = "Gemeente Groningen"
    contact_email = factory.LazyAttribute(lambda o: f"info@{o.slug}.nl")
    founded_on = date(2010, 5, 12)

    @factory.post_generation
    def set_up(self, create, extracted, **kwargs):
        """What services.council_create gives a council: the apps above the core add
        the default criteria and the standard agenda. ``set_up=False`` leaves it bare."""
        if create and extracted is not False:
            council_created.send(sender=Ketenoverleg, council=self, by=None)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.LID
    starts_on = date(2024, 1, 1)


def user_with_role(council: Ketenoverleg | None, role: str) -> User:
    """A user holding ``role`` in ``council`` the way the product gives it: a role record,
    or for the kernteam's roles a seat (and the function) as the kernteam records them."""
    user = UserFactory()
    if role in KERNTEAM_HELD_ROLES:
        give_kernteam_role(council, user, role)
    else:
        RoleAssignmentFactory(user=user, council=council, role=role)
    return user


def give_kernteam_role(council: Ketenoverleg, user: User, role: str) -> None:
    """Seat ``user`` (for a member organisation it represents) and give the function.

    The function runs for ten years from last month, so several test users may hold
    the same function side by side; the one-holder rule itself is tested with the
    services (tests/members/test_board_functions.py)."""
    today = timezone.localdate()
    seat = None
    if role != Role.PROCESBEGELEIDER:
        # One organisation per person, a member of every council it sits for.
        organisation, created = Organisation.objects.get_or_create(
            name=f"Organisatie van {user.email}",
            defaults={"place": "Groningen", "intention_text": "Wij bouwen met granulaatbeton."},
        )
        if created:
            Representative.objects.create(organisation=organisation, user=user)
        membership = Membership.objects.create(
            organisation=organisation, council=council, status=MembershipStatus.TOEGELATEN
        )
        MembershipGeleding.objects.create(membership=membership, geleding=Seat.AANBOD)
        seat = BoardAppointment.objects.create(
            council=council,
            seat=Seat.ONGEBONDEN,
            user=user,
            membership=membership,
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=4 * 365),
            appointed_by_alv_on=today - timedelta(days=30),
        )
    if role != Role.KERNTEAMLID:
        BoardFunctionTerm.objects.create(
            council=council,
            function=role,
            user=user,
            appointment=seat,
            starts_on=today - timedelta(days=30),
            ended_on=today + timedelta(days=3650),
            decided_on=today - timedelta(days=30),
        )
