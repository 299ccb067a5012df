"""Factories for meetings: a meeting is a kernteam meeting a week ago unless told."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import ActionPoint, AgendaItem, Evaluation, Meeting, Minutes, Section
from tests.factories import CouncilFactory, UserFactory


def days_from_now(days: int, hour: int = 15):
    """An aware datetime ``days`` from today (negative: in the past) at ``hour``:00."""
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A public kernteam meeting a week ago, without agenda items (use the service for those)."""

    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    kind = Meeting.Kind.KERNTEAM
    title = factory.Sequence(lambda n: f"Kernteamvergadering {n}")
    starts_at = factory.LazyFunction(lambda: days_from_now(-7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    location = "Gemeentelijk Informatiecentrum, Groningen"
    invitees = Meeting.Invitees.KERNTEAM
    is_public = True


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    section = Section.PACKAGES
    title = factory.Sequence(lambda n: f"Agendapunt {n}")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    summary = "Het kernteam besprak de voortgang van het actiepakket."


class ActionPointFactory(factory.django.DjangoModelFactory):
    """An open point, due in two weeks."""

    class Meta:
        model = ActionPoint

    meeting = factory.SubFactory(MeetingFactory)
    owner = factory.SubFactory(UserFactory)
    description = factory.Sequence(lambda n: f"Actiepunt nummer {n} uitvoeren")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    council = factory.SubFactory(CouncilFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    held_on = factory.LazyFunction(timezone.localdate)
    still_relevant = "Ja, er gaat nog veel granulaat naar wegfunderingen."
    adds_value = "Ja, de partijen vinden elkaar sneller."
