"""Factories for statutes, meetings and a ready document."""

from datetime import timedelta

import factory
from django.utils import timezone

from ketenoverleg.models import Statute, StatuteArticle
from meetings.models import AgendaItem, Meeting, Minutes, Section
from tests.factories import CouncilFactory


class StatuteFactory(factory.django.DjangoModelFactory):
    """A concept version; ``adopted_on=...`` makes it an adopted one."""

    class Meta:
        model = Statute

    council = factory.SubFactory(CouncilFactory)
    version = factory.Sequence(lambda n: n + 1)


class StatuteArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatuteArticle

    statute = factory.SubFactory(StatuteFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Onderwerp {n + 1}")
    body = "De tekst van dit artikel."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    kind = Meeting.Kind.KERNTEAM
    title = factory.Sequence(lambda n: f"Kernteamvergadering {n + 1}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    location = "Stadhuis Groningen"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    section = Section.OPENING
    title = factory.Sequence(lambda n: f"Agendapunt {n + 1}")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    status = Minutes.Status.GEPUBLICEERD
    summary = "Het kernteam sprak over de voortgang."
    published_at = factory.LazyFunction(timezone.now)
