"""Factories for members: organisations, memberships per geleding, kernteam seats."""

from datetime import timedelta

import factory
from django.utils import timezone

from ketenoverleg.models import Geleding, Ketenoverleg, Role, User
from members.models import (
    BoardAppointment,
    Membership,
    MembershipGeleding,
    MembershipStatus,
    Organisation,
    Representative,
    Seat,
)
from members.services import LISTING_CONSENT_TEXT
from tests.factories import CouncilFactory, UserFactory, user_with_role


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A company with a public intention and private contact details.

    ``OrganisationFactory(representative=user)`` makes ``user`` its contact person.
    """

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Betonbedrijf {n:04d}")
    kind = Organisation.Kind.BEDRIJF
    place = "Groningen"
    email = factory.Sequence(lambda n: f"prive{n:04d}@bedrijf.nl")
    phone = factory.Sequence(lambda n: f"050-77{n:05d}")
    website = factory.Sequence(lambda n: f"https://bedrijf{n:04d}.nl")
    intention_url = factory.LazyAttribute(lambda o: f"{o.website}/duurzaam")
    intention_text = "Wij bouwen met granulaatbeton."

    @factory.post_generation
    def representative(self, create, extracted, **kwargs):
        if create and extracted is not None:
            Representative.objects.create(organisation=self, user=extracted, **kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    """An admitted, listed member; ``geledingen=[...]`` sets its geledingen (default aanbod)."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    council = factory.SubFactory(CouncilFactory)
    status = MembershipStatus.TOEGELATEN
    supports_goal = True
    listing_consent = True
    listing_consent_at = factory.LazyFunction(timezone.now)
    listing_consent_text = LISTING_CONSENT_TEXT

    @factory.post_generation
    def geledingen(self, create, extracted, **kwargs):
        if not create:
            return
        chosen = [Geleding.AANBOD] if extracted is None else extracted
        MembershipGeleding.objects.bulk_create(
            MembershipGeleding(membership=self, geleding=g) for g in chosen
        )


def _seat_membership(appointment) -> Membership:
    geleding = Geleding.AANBOD if appointment.seat == Seat.ONGEBONDEN else appointment.seat
    return MembershipFactory(
        council=appointment.council,
        organisation__representative=appointment.user,
        geledingen=[geleding],
    )


class BoardAppointmentFactory(factory.django.DjangoModelFactory):
    """A first term on a kernteam seat, running today, for a member of that geleding."""

    class Meta:
        model = BoardAppointment

    council = factory.SubFactory(CouncilFactory)
    seat = Seat.AANBOD
    user = factory.SubFactory(UserFactory)
    membership = factory.LazyAttribute(_seat_membership)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=4 * 365))
    appointed_by_alv_on = factory.SelfAttribute("starts_on")


def member_of(council: Ketenoverleg, **kwargs) -> User:
    """A user acting for an admitted member of ``council`` (so roles_for says "lid")."""
    user = UserFactory()
    MembershipFactory(council=council, organisation__representative=user, **kwargs)
    return user


# Who may do what: the people of a permission matrix.
ANONYMOUS = "anoniem"
OUTSIDER = "buitenstaander"
MEMBER = "lid"
MEMBER_ELSEWHERE = "lid_elders"
SECRETARY_ELSEWHERE = "secretaris_elders"
KERNTEAMLID = "kernteamlid"


def person(council: Ketenoverleg, who: str) -> User | None:
    """A user in the given relation to ``council``; None for an anonymous visitor."""
    if who == ANONYMOUS:
        return None
    if who == OUTSIDER:
        return UserFactory()
    if who == MEMBER:
        return member_of(council)
    if who == MEMBER_ELSEWHERE:
        return member_of(CouncilFactory())
    if who == SECRETARY_ELSEWHERE:
        return user_with_role(CouncilFactory(), Role.SECRETARIS)
    if who == KERNTEAMLID:
        return BoardAppointmentFactory(council=council).user
    if who in Role.values:
        return user_with_role(council, who)
    raise ValueError(who)
