"""The probleemlijst: issues, their status history, criteria, scores and priority."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ketenoverleg.models import Role
from projects import services
from projects.models import Criterion, Issue, IssueEvent, Score, SolutionDirection
from tests.factories import user_with_role
from tests.projects.factories import IssueFactory, give_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.SECRETARIS)


@pytest.fixture
def kernteamlid(council):
    return user_with_role(council, Role.KERNTEAMLID)


def test_issue_create_puts_the_issue_on_the_list_with_its_first_event(council, secretary):
    issue = services.issue_create(
        council=council,
        by=secretary,
        title="Beton blijft achter in de grond",
        description="Funderingen blijven na sloop in de grond zitten.",
        geledingen=["vraag", "recycling"],
    )

    assert issue.status == Issue.Status.GESIGNALEERD
    assert list(issue.events.values_list("to_status", "by")) == [("gesignaleerd", secretary.pk)]


def test_issue_create_refuses_an_unknown_geleding(council, secretary):
    with pytest.raises(ValidationError) as error:
        services.issue_create(
            council=council,
            by=secretary,
            title="Gemengd sloopafval",
            description="Beton komt vermengd bij de breker aan.",
            geledingen=["recycling", "handel"],
        )

    assert "handel" in error.value.message_dict["geledingen"][0]
    assert not Issue.objects.exists()


def test_issue_set_status_records_the_change_in_the_history(council, secretary):
    issue = IssueFactory(council=council)

    services.issue_set_status(
        issue=issue, status=Issue.Status.VERVALLEN, note="Landelijk al opgelost", by=secretary
    )

    issue.refresh_from_db()
    assert issue.status == Issue.Status.VERVALLEN
    event = IssueEvent.objects.get(issue=issue)
    assert (event.from_status, event.to_status, event.note, event.by) == (
        "gesignaleerd",
        "vervallen",
        "Landelijk al opgelost",
        secretary,
    )


def test_issue_set_status_refuses_the_status_it_already_has(council, secretary):
    issue = IssueFactory(council=council, status=Issue.Status.GEPRIORITEERD)

    with pytest.raises(ValidationError) as error:
        services.issue_set_status(
            issue=issue, status=Issue.Status.GEPRIORITEERD, note="", by=secretary
        )

    assert error.value.message_dict["status"] == ["Het vraagstuk heeft deze status al."]
    assert not IssueEvent.objects.exists()


def test_a_new_council_gets_the_five_default_criteria_once(council):
    first = services.criteria_for(council)
    second = services.criteria_create_defaults(council=council)

    assert [c.name for c in first] == [
        "Urgentie",
        "Lokale actualiteit",
        "Beschikbare oplossing",
        "Lage kosten",
        "Lokaal draagvlak",
    ]
    assert {c.weight for c in first} == {Decimal("1.0")}
    assert [c.pk for c in second] == [c.pk for c in first]
    assert Criterion.objects.filter(council=council).count() == 5


@pytest.mark.parametrize("value", [0, 6])
def test_scores_save_refuses_a_score_outside_one_to_five(council, kernteamlid, value):
    issue = IssueFactory(council=council)
    criteria = services.criteria_for(council)
    values = {c.pk: 3 for c in criteria}
    values[criteria[2].pk] = value

    with pytest.raises(ValidationError) as error:
        services.scores_save(issue=issue, user=kernteamlid, values=values)

    assert error.value.message_dict == {
        f"score_{criteria[2].pk}": ["Geef een score van 1 tot en met 5."]
    }
    assert not Score.objects.exists()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.GESIGNALEERD


def test_scores_save_replaces_the_users_earlier_scores(council, kernteamlid):
    issue = IssueFactory(council=council)
    criteria = services.criteria_for(council)
    other = user_with_role(council, Role.VOORZITTER)
    services.scores_save(issue=issue, user=other, values={c.pk: 1 for c in criteria})

    services.scores_save(issue=issue, user=kernteamlid, values={c.pk: 2 for c in criteria})
    services.scores_save(issue=issue, user=kernteamlid, values={c.pk: 5 for c in criteria})

    mine = Score.objects.filter(issue=issue, user=kernteamlid)
    assert sorted(mine.values_list("value", flat=True)) == [5] * 5
    assert Score.objects.filter(issue=issue, user=other, value=1).count() == 5


def test_first_scores_move_a_signalled_issue_to_prioritised(council, kernteamlid):
    issue = IssueFactory(council=council)
    criteria = services.criteria_for(council)

    services.scores_save(issue=issue, user=kernteamlid, values={c.pk: 4 for c in criteria})

    issue.refresh_from_db()
    assert issue.status == Issue.Status.GEPRIORITEERD
    assert issue.events.get().note == "Eerste scores"


def test_scores_on_an_issue_in_progress_leave_its_status(council, kernteamlid):
    issue = IssueFactory(council=council, status=Issue.Status.IN_BEHANDELING)
    criteria = services.criteria_for(council)

    services.scores_save(issue=issue, user=kernteamlid, values={c.pk: 4 for c in criteria})

    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_BEHANDELING


def test_issue_priority_is_the_weighted_mean_over_scorers_with_its_spread(council):
    """Worked by hand. Weights 2, 1, 1, 0.5, 0.5 (sum 5):

    A scores 5 1 1 1 1 -> (10 + 1 + 1 + 0.5 + 0.5) / 5 = 2.6
    B scores 3 3 3 3 3 -> 15 / 5 = 3.0
    C scores 4 4 4 4 4 -> 20 / 5 = 4.0
    mean (2.6 + 3.0 + 4.0) / 3 = 3.2 (unweighted it would be (1.8 + 3 + 4) / 3 = 2.93);
    population stdev sqrt((0.36 + 0.04 + 0.64) / 3) = 0.589 -> 0.59 (the sample stdev
    would be 0.72).
    """
    criteria = services.criteria_for(council)
    for criterion, weight in zip(criteria, ["2", "1", "1", "0.5", "0.5"], strict=True):
        criterion.weight = Decimal(weight)
        criterion.save()
    issue = IssueFactory(council=council)
    give_scores(issue, user_with_role(council, Role.KERNTEAMLID), [5, 1, 1, 1, 1])
    give_scores(issue, user_with_role(council, Role.VOORZITTER), [3, 3, 3, 3, 3])
    give_scores(issue, user_with_role(council, Role.SECRETARIS), [4, 4, 4, 4, 4])

    priority = services.issue_priority(issue, services.criteria_for(council))

    assert priority == {"score": 3.2, "spread": 0.59, "scorers": 3, "low": 2.6, "high": 4.0}


def test_issue_priority_of_one_scorer_has_no_spread_and_unscored_has_no_score(council):
    criteria = services.criteria_for(council)
    scored, unscored = IssueFactory(council=council), IssueFactory(council=council)
    give_scores(scored, user_with_role(council, Role.KERNTEAMLID), [5, 4, 3, 2, 1])

    assert services.issue_priority(scored, criteria) == {
        "score": 3.0,
        "spread": 0.0,
        "scorers": 1,
        "low": 3.0,
        "high": 3.0,
    }
    assert services.issue_priority(unscored, criteria)["score"] is None


def test_direction_add_saves_a_solution_direction(council, secretary):
    issue = IssueFactory(council=council)

    direction = services.direction_add(
        issue=issue, description="Minder granulaat in wegfunderingen.", r_ladder="R2", by=secretary
    )

    assert list(issue.directions.all()) == [direction]


def test_direction_add_refuses_empty_text(council, secretary):
    issue = IssueFactory(council=council)

    with pytest.raises(ValidationError) as error:
        services.direction_add(issue=issue, description="  \n ", r_ladder="", by=secretary)

    assert error.value.message_dict == {"description": ["Beschrijf de oplossingsrichting."]}
    assert not SolutionDirection.objects.exists()
