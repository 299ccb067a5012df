"""Lists with many issues or projects issue as many queries as lists with few."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketenoverleg.models import Geleding, Role
from projects import services
from projects.models import Project, Score
from tests.factories import CouncilFactory, user_with_role
from tests.projects.factories import IssueFactory, ProgressReportFactory, ProjectFactory, add_group

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (session, content types, criteria) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


@pytest.fixture
def few_and_many(db):
    return CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")


def populate_issues(council, n):
    """``n`` issues, each scored by three kernteam members, with a solution direction."""
    scorers = [user_with_role(council, Role.KERNTEAMLID) for _ in range(3)]
    criteria = services.criteria_for(council)
    scores = []
    for i in range(n):
        issue = IssueFactory(council=council)
        issue.directions.create(description="Retourlogistiek")
        scores += [
            Score(issue=issue, criterion=c, user=u, value=1 + (i + j) % 5)
            for j, u in enumerate(scorers)
            for c in criteria
        ]
    Score.objects.bulk_create(scores)


def populate_projects(council, n):
    """``n`` projects, alternately concept and running, each with a group of 3 and 2 reports."""
    for i in range(n):
        project = ProjectFactory(
            council=council,
            status=Project.Status.CONCEPT if i % 2 else Project.Status.LOPEND,
        )
        add_group(project, [Geleding.AANBOD, Geleding.VRAAG, Geleding.KENNIS])
        ProgressReportFactory.create_batch(2, project=project)


def test_probleemlijst(client, few_and_many):
    few, many = few_and_many
    populate_issues(few, 5)
    populate_issues(many, 40)

    counts = []
    for council in (few, many):
        client.force_login(user_with_role(council, Role.SECRETARIS))
        counts.append(count_queries(client, reverse("projects:issues", args=[council.slug])))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("role", [None, Role.SECRETARIS])
@pytest.mark.parametrize("page", ["projects:projects", "projects:projects_csv"])
def test_projectlijst(client, few_and_many, page, role):
    few, many = few_and_many
    populate_projects(few, 5)
    populate_projects(many, 40)

    counts = []
    for council in (few, many):
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, reverse(page, args=[council.slug])))

    assert counts[0] == counts[1]
