"""Factories for ketenstatistiek: periods, questions, and members with their figures."""

from datetime import date
from decimal import Decimal

import factory

from ketenoverleg.models import Geleding
from ketenstatistiek import crypto
from ketenstatistiek.models import Period, Question, Submission
from members.models import Membership, MembershipGeleding, MembershipStatus, Organisation
from tests.factories import CouncilFactory


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"{2000 + n}")
    starts_on = date(2025, 1, 1)
    ends_on = date(2025, 12, 31)
    closes_on = date(2026, 2, 28)
    status = Period.Status.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    period = factory.SubFactory(PeriodFactory)
    code = factory.Sequence(lambda n: f"vraag-{n}")
    label = factory.Sequence(lambda n: f"Geleverd beton {n}")
    unit = "t"
    kind = Question.Kind.QUANTITY
    min_value = Decimal(0)
    max_value = Decimal(10_000_000)
    geledingen = factory.LazyFunction(lambda: ["aanbod", "vraag", "recycling"])


def member_organisation(council, geledingen, name: str | None = None) -> Organisation:
    """An admitted member organisation (no users: fast, for figures only)."""
    organisation = Organisation.objects.create(
        name=name or f"Lid {Organisation.objects.count() + 1:04d}", place="Groningen"
    )
    membership = Membership.objects.create(
        organisation=organisation, council=council, status=MembershipStatus.TOEGELATEN
    )
    MembershipGeleding.objects.bulk_create(
        MembershipGeleding(membership=membership, geleding=g) for g in geledingen
    )
    return organisation


def add_figure(question: Question, organisation: Organisation, geleding: str, value) -> Submission:
    """A figure stored as the service stores it (sealed), without the service's checks."""
    return Submission.objects.create(
        period=question.period,
        question=question,
        organisation=organisation,
        geleding=geleding,
        sealed=crypto.seal(
            question_id=question.pk, organisation_id=organisation.pk, value=Decimal(str(value))
        ),
    )


def figures(question: Question, geleding: str, values, organisations=None) -> list[Organisation]:
    """One new (or given) member of ``geleding`` per value, each with its figure."""
    organisations = organisations or [
        member_organisation(question.period.council, [geleding]) for _ in values
    ]
    for organisation, value in zip(organisations, values, strict=True):
        add_figure(question, organisation, geleding, value)
    return organisations


GELEDINGEN = [g.value for g in Geleding]
