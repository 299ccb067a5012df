"""Factories for Hello World workshops."""

import factory

from ketenoverleg.models import Geleding
from tests.factories import CouncilFactory
from workshops.models import CODE_ALPHABET, CODE_LENGTH, Contribution, Participant, Workshop


def code_for(n: int) -> str:
    """A distinct, valid join code for every number."""
    digits = []
    for _position in range(CODE_LENGTH):
        n, rest = divmod(n, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[rest])
    return "".join(reversed(digits))


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Hello World {n:03d}")
    chain = "Meubels"
    place = "Groningen"
    problem = "Afgedankte meubels worden verbrand."
    direction = "Hergebruik van meubelonderdelen bevorderen."
    code = factory.Sequence(lambda n: code_for(n + 1000))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    geleding = Geleding.AANBOD


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    participant = factory.SubFactory(ParticipantFactory)
    workshop = factory.SelfAttribute("participant.workshop")
    geleding = factory.SelfAttribute("participant.geleding")
    text = factory.Sequence(lambda n: f"Bijdrage nummer {n}")
