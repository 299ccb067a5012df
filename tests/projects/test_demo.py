"""The demo probleemlijst and Uiver project of Betonketenoverleg Groningen."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from ketenoverleg import demo as council_demo
from ketenoverleg.models import Ketenoverleg, User
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo
from projects.models import BudgetLine, Issue, ProgressReport, Project, Score

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    demo.seed()
    return Ketenoverleg.objects.get(slug=council_demo.DEMO_SLUG)


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Issue, Score, Project, ProgressReport, BudgetLine)
    }


def test_the_demo_probleemlijst_ranks_the_granulaat_issue_first(client, seeded):
    client.force_login(User.objects.get(email="secretaris@beton-groningen.demo"))

    response = client.get(reverse("projects:issues", args=[seeded.slug]))

    assert response.status_code == HTTPStatus.OK
    rows = response.context["object_list"]
    assert rows[0]["issue"].title == "Betongranulaat verdwijnt in wegfunderingen"
    assert rows[0]["scorers"] == 3
    assert sum(1 for row in rows if row["scorers"]) == 3
    assert rows[0]["issue"].status == Issue.Status.IN_BEHANDELING


def test_the_demo_has_the_running_granulaat_project_with_two_reports(client, seeded):
    project = Project.objects.get(council=seeded, title="Meer granulaatbeton")

    response = client.get(project.get_absolute_url())

    assert project.status == Project.Status.LOPEND
    assert project.reports.count() == 2
    assert project.report_overdue is False
    assert len(project.covered_geledingen) == 6
    assert response.status_code == HTTPStatus.OK
    assert "Meer granulaatbeton" in response.content.decode()


def test_the_demo_progress_reports_add_up_to_the_budget(seeded):
    project = Project.objects.get(council=seeded, title="Meer granulaatbeton")

    for report in project.reports.all():
        assert sum(line.budgeted for line in report.lines.all()) == project.budget_amount


def test_seeding_twice_changes_nothing(seeded):
    before = snapshot()

    demo.seed()

    assert snapshot() == before
