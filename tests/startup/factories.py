"""Factories for the start-up track and relatiebeheer."""

from datetime import timedelta

import factory
from django.utils import timezone

from ketenoverleg.models import Geleding, Ketenoverleg, Phase, Role
from members.models import MembershipStatus
from startup.models import ContactPerson, LogEntry, MailingList, Party, PartyStatus
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import MembershipFactory, person


class StartupCouncilFactory(CouncilFactory):
    """A council at the start of the track, not on the public lists yet."""

    phase = Phase.VERKENNING
    published_at = None


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Meubelmakerij {n:04d}")
    geleding = Geleding.AANBOD
    status = PartyStatus.GEVONDEN
    place = "Groningen"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A contact person who gave consent, with an address and a retention date."""

    class Meta:
        model = ContactPerson

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Contact Persoon {n:04d}")
    function = "eigenaar"
    email = factory.Sequence(lambda n: f"contact{n:04d}@meubels.nl")
    phone = "050-1234567"
    purpose = "Uitnodigen voor het opiniegesprek"
    source = "Vooronderzoek"
    consent_at = factory.LazyFunction(timezone.now)
    consent_text = "Mondeling in het gesprek"
    retain_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    council = factory.SubFactory(CouncilFactory)
    written_on = factory.LazyFunction(timezone.localdate)
    review = "Gesprekken gevoerd met de koplopers."


class MailingListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailingList
        skip_postgeneration_save = True

    council = factory.SubFactory(CouncilFactory)
    purpose = MailingList.Purpose.OPINIEGESPREK
    subject = "Uitnodiging opiniegesprek"
    body = "Graag tot ziens op het stadhuis."

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create and extracted:
            self.recipients.set(extracted)


FOLLOWER = "volger"
KWARTIERMAKER_ELSEWHERE = "kwartiermaker_elders"
PROGRAMME_KWARTIERMAKER = "kwartiermaker_programma"
SUPERUSER = "beheerder"


def someone(council: Ketenoverleg, who: str):
    """``tests.members.factories.person`` plus a follower, a kwartiermaker of another
    council, a programme-wide kwartiermaker and a superuser."""
    if who == FOLLOWER:
        user = UserFactory()
        MembershipFactory(
            council=council, status=MembershipStatus.VOLGER, organisation__representative=user
        )
        return user
    if who == KWARTIERMAKER_ELSEWHERE:
        return user_with_role(CouncilFactory(), Role.KWARTIERMAKER)
    if who == PROGRAMME_KWARTIERMAKER:
        return user_with_role(None, Role.KWARTIERMAKER)
    if who == SUPERUSER:
        return UserFactory(is_superuser=True, is_staff=True)
    return person(council, who)
