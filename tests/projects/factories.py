"""Factories for the probleemlijst and Uiver projects.

A project is a concept unless told otherwise; ``ProjectFactory(status=...)`` puts it
straight in a later status, for tests about what happens *from* that status.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from ketenoverleg.models import Geleding, RLadder
from members.models import Membership
from projects import services
from projects.models import (
    BudgetLine,
    Issue,
    ProgressReport,
    Project,
    ProjectMember,
    Score,
    SolutionDirection,
)
from tests.factories import CouncilFactory, UserFactory
from tests.members.factories import MembershipFactory


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Vraagstuk {n:03d}")
    description = "Betongranulaat gaat de weg in in plaats van terug in beton."
    geledingen = factory.LazyFunction(lambda: [Geleding.AANBOD, Geleding.RECYCLING])
    r_ladder = RLadder.R8
    raised_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SolutionDirection

    issue = factory.SubFactory(IssueFactory)
    description = "Leveranciers vragen standaard naar het gewenste percentage granulaat."
    r_ladder = RLadder.R8


class ProjectFactory(factory.django.DjangoModelFactory):
    """A concept assignment without budget, led by a user without any role."""

    class Meta:
        model = Project

    council = factory.SubFactory(CouncilFactory)
    title = factory.Sequence(lambda n: f"Uiverproject {n:03d}")
    issue = factory.SubFactory(IssueFactory, council=factory.SelfAttribute("..council"))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=365))
    leader = factory.SubFactory(UserFactory)
    reporting_interval_months = 3

    class Params:
        with_budget = factory.Trait(
            budget_kind=Project.Budget.AMOUNT,
            budget_amount=Decimal("4000.00"),
            cost_types=["leider", "onkosten"],
        )


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    project = factory.SubFactory(ProjectFactory, status=Project.Status.LOPEND)
    submitted_on = factory.LazyFunction(timezone.localdate)
    text = factory.Sequence(lambda n: f"Voortgang nummer {n}: de leveranciers testen de vraag.")
    percent_complete = 40
    submitted_by = factory.SelfAttribute("project.leader")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    report = factory.SubFactory(ProgressReportFactory)
    label = "Onkosten projectgroep"
    budgeted = Decimal("1000.00")
    granted = Decimal("1000.00")
    spent = Decimal("250.00")


def member_in(council, geleding: str, **kwargs) -> Membership:
    """An admitted member organisation of ``council`` in one geleding."""
    return MembershipFactory(council=council, geledingen=[geleding], **kwargs)


def add_group(project: Project, geledingen: list[str]) -> list[ProjectMember]:
    """A project group with one new member organisation per geleding."""
    return ProjectMember.objects.bulk_create(
        ProjectMember(project=project, membership=member_in(project.council, g), geleding=g)
        for g in geledingen
    )


def give_scores(issue: Issue, user, values: list[int]) -> None:
    """``user``'s scores on the council's criteria, in their order (no service, no events)."""
    criteria = services.criteria_for(issue.council)
    Score.objects.bulk_create(
        Score(issue=issue, criterion=c, user=user, value=v)
        for c, v in zip(criteria, values, strict=True)
    )


def budget_line(label="Onkosten", budgeted="1000.00", granted=None, spent="0", remark=""):
    """A financial overview line as the progress form delivers it."""
    return {
        "label": label,
        "budgeted": Decimal(budgeted),
        "granted": Decimal(granted if granted is not None else budgeted),
        "source": "Provincie Groningen",
        "spent": Decimal(spent),
        "remark": remark,
    }
