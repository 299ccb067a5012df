"""The probleemlijst in the browser: who sees it, who edits it, who scores."""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.models import Role
from projects import services
from projects.models import Criterion, Issue, Score, SolutionDirection
from tests.factories import user_with_role
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
)
from tests.projects.factories import IssueFactory, give_scores
from tests.projects.helpers import assert_login_redirect, council_url, login_as

pytestmark = pytest.mark.django_db

LOGIN = "login"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.OK),
        (KERNTEAMLID, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
    ],
)
@pytest.mark.parametrize("page", ["issues", "issue"])
def test_the_probleemlijst_is_for_insiders_only(client, council, page, who, expected):
    issue = IssueFactory(council=council, title="Betongranulaat verdwijnt in wegfunderingen")
    url = council_url(page, council, **({"pk": issue.pk} if page == "issue" else {}))
    login_as(client, council, who)

    response = client.get(url)

    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected
    if expected == HTTPStatus.OK:
        assertContains(response, "Betongranulaat verdwijnt in wegfunderingen")


def test_an_issue_of_another_council_is_not_found(client, council):
    elsewhere = IssueFactory()
    login_as(client, council, Role.SECRETARIS)

    response = client.get(council_url("issue", council, pk=elsewhere.pk))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_probleemlijst_ranks_by_weighted_score(client, council):
    scorer_a = user_with_role(council, Role.KERNTEAMLID)
    scorer_b = user_with_role(council, Role.VOORZITTER)
    low = IssueFactory(council=council, title="Gemengd sloopafval")
    high = IssueFactory(council=council, title="Granulaat in wegfunderingen")
    middle = IssueFactory(council=council, title="Beton blijft in de grond")
    IssueFactory(council=council, title="Casco's worden gesloopt")  # not scored: last
    give_scores(low, scorer_a, [1, 2, 1, 2, 1])
    give_scores(high, scorer_a, [5, 5, 4, 5, 5])
    give_scores(high, scorer_b, [5, 4, 4, 4, 5])
    give_scores(middle, scorer_b, [3, 3, 3, 3, 3])
    login_as(client, council, Role.KETENSECRETARIS)

    response = client.get(council_url("issues", council))

    html = response.content.decode()

    order = [
        "Granulaat in wegfunderingen",
        "Beton blijft in de grond",
        "Gemengd sloopafval",
        "Casco&#x27;s worden gesloopt",
    ]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    # 4.8 and 4.4 -> 4.6, spread 0.2 between the two scorers (Dutch decimal comma).
    assertContains(response, "<td>4,6</td>", html=True)
    assertContains(response, "± 0,2 (4,4–4,8)")


def test_the_probleemlijst_is_paginated_by_25(client, council):
    scorer = user_with_role(council, Role.KERNTEAMLID)
    for i in range(26):
        issue = IssueFactory(council=council, title=f"Vraagstuk {i:02d}")
        give_scores(issue, scorer, [5 if i < 25 else 1] * 5)
    login_as(client, council, MEMBER)

    first = client.get(council_url("issues", council))
    second = client.get(council_url("issues", council), {"page": 2})

    assert len(first.context["object_list"]) == 25
    assertNotContains(first, "Vraagstuk 25")
    assertContains(first, "Pagina 1 van 2")
    assert [row["issue"].title for row in second.context["object_list"]] == ["Vraagstuk 25"]


def test_the_probleemlijst_filters_on_status(client, council):
    IssueFactory(council=council, title="Opgelost vraagstuk", status=Issue.Status.OPGELOST)
    IssueFactory(council=council, title="Nieuw vraagstuk")
    login_as(client, council, MEMBER)

    response = client.get(council_url("issues", council), {"status": "opgelost"})

    assertContains(response, "Opgelost vraagstuk")
    assertNotContains(response, "Nieuw vraagstuk")


EDITORS = [
    (ANONYMOUS, LOGIN),
    (OUTSIDER, HTTPStatus.FORBIDDEN),
    (MEMBER, HTTPStatus.FORBIDDEN),
    (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
    (KERNTEAMLID, HTTPStatus.OK),
    (Role.VOORZITTER, HTTPStatus.OK),
    (Role.SECRETARIS, HTTPStatus.OK),
    (Role.KETENSECRETARIS, HTTPStatus.OK),
    (Role.KWARTIERMAKER, HTTPStatus.OK),
]


@pytest.mark.parametrize(("who", "expected"), EDITORS)
@pytest.mark.parametrize("page", ["issue_create", "criteria"])
def test_issue_and_criteria_forms_only_for_kernteam_and_secretariat(
    client, council, page, who, expected
):
    url = council_url(page, council)
    login_as(client, council, who)

    response = client.get(url)

    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected


def test_the_secretariat_adds_an_issue(client, council):
    login_as(client, council, Role.KETENSECRETARIS)

    response = client.post(
        council_url("issue_create", council),
        {
            "title": "Beton blijft achter in de grond",
            "description": "Funderingen blijven na sloop in de grond.",
            "geledingen": ["vraag", "overheid"],
            "r_ladder": "R8",
            "source": "Sloopbedrijf Van der Veen",
            "raised_on": "2025-03-01",
        },
    )

    issue = Issue.objects.get()
    assertRedirects(response, issue.get_absolute_url(), fetch_redirect_response=False)
    assert (issue.council, issue.geledingen) == (council, ["vraag", "overheid"])


def test_an_issue_without_geleding_is_refused(client, council):
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("issue_create", council),
        {"title": "Iets", "description": "Iets", "raised_on": "2025-03-01"},
    )

    assertContains(response, "Kies ten minste één geleding.")
    assert not Issue.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (MEMBER, False),
        (OUTSIDER, False),
        (KERNTEAMLID, True),
        (Role.KETENSECRETARIS, True),
    ],
)
def test_status_and_directions_only_for_kernteam_and_secretariat(client, council, who, allowed):
    issue = IssueFactory(council=council)
    login_as(client, council, who)
    url = issue.get_absolute_url()

    status = client.post(url, {"action": "status", "status": "vervallen", "note": "Dubbel"})
    direction = client.post(url, {"action": "direction", "description": "Retourlogistiek"})

    issue.refresh_from_db()
    if allowed:
        assertRedirects(status, url, fetch_redirect_response=False)
        assertRedirects(direction, url, fetch_redirect_response=False)
        assert issue.status == Issue.Status.VERVALLEN
        assert issue.directions.get().description == "Retourlogistiek"
    else:
        assert status.status_code == direction.status_code == HTTPStatus.FORBIDDEN
        assert issue.status == Issue.Status.GESIGNALEERD
        assert not SolutionDirection.objects.exists()


def test_setting_the_same_status_shows_why_not(client, council):
    issue = IssueFactory(council=council)
    login_as(client, council, Role.SECRETARIS)

    response = client.post(issue.get_absolute_url(), {"action": "status", "status": "gesignaleerd"})

    assertContains(response, "Het vraagstuk heeft deze status al.")
    assert not issue.events.exists()


def score_data(council, value) -> dict:
    data = {"action": "score"}
    for criterion in services.criteria_for(council):
        data[f"score_{criterion.pk}"] = str(value)
    return data


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (KERNTEAMLID, HTTPStatus.FOUND),
        (Role.KERNTEAMLID, HTTPStatus.FOUND),
        (Role.VOORZITTER, HTTPStatus.FOUND),
        (Role.SECRETARIS, HTTPStatus.FOUND),
        (Role.KETENSECRETARIS, HTTPStatus.FORBIDDEN),
        (Role.KWARTIERMAKER, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.FORBIDDEN),
    ],
)
def test_only_kernteam_members_score(client, council, who, expected):
    issue = IssueFactory(council=council)
    user = login_as(client, council, who)

    response = client.post(issue.get_absolute_url(), score_data(council, 4))

    assert response.status_code == expected
    saved = Score.objects.filter(issue=issue, user=user).count()
    assert saved == (5 if expected == HTTPStatus.FOUND else 0)


def test_the_score_form_is_shown_only_to_kernteam_members(client, council):
    issue = IssueFactory(council=council)
    login_as(client, council, Role.KETENSECRETARIS)
    assertNotContains(client.get(issue.get_absolute_url()), "Scores opslaan")

    login_as(client, council, KERNTEAMLID)
    assertContains(client.get(issue.get_absolute_url()), "Scores opslaan")


def test_a_score_of_seven_is_refused_and_nothing_saved(client, council):
    issue = IssueFactory(council=council)
    login_as(client, council, Role.KERNTEAMLID)

    response = client.post(issue.get_absolute_url(), score_data(council, 7))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Geef een score van 1 tot en met 5.")
    assert not Score.objects.exists()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.GESIGNALEERD


def test_scoring_shows_the_weighted_score_on_the_issue(client, council):
    issue = IssueFactory(council=council)
    login_as(client, council, Role.KERNTEAMLID)

    response = client.post(issue.get_absolute_url(), score_data(council, 4), follow=True)

    assertContains(response, "Uw scores zijn opgeslagen.")
    assertContains(response, "Geprioriteerd")
    assertContains(response, "4,0 (± 0,0, 1 beoordelaar)")


def test_the_secretariat_changes_a_criterion_weight(client, council):
    criteria = services.criteria_for(council)
    login_as(client, council, Role.KETENSECRETARIS)
    data = {
        "form-TOTAL_FORMS": "6",
        "form-INITIAL_FORMS": "5",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, criterion in enumerate(criteria):
        data |= {
            f"form-{i}-id": str(criterion.pk),
            f"form-{i}-name": criterion.name,
            f"form-{i}-weight": "3" if i == 0 else "1",
            f"form-{i}-position": str(i),
        }
    data |= {"form-5-name": "Meetbaarheid", "form-5-weight": "0.5", "form-5-position": "5"}

    response = client.post(council_url("criteria", council), data)

    assertRedirects(response, council_url("issues", council), fetch_redirect_response=False)
    weights = dict(Criterion.objects.filter(council=council).values_list("name", "weight"))
    assert str(weights["Urgentie"]) == "3.0"
    assert str(weights["Meetbaarheid"]) == "0.5"


def test_a_second_criterion_with_the_same_name_is_refused_on_the_form(client, council):
    criteria = services.criteria_for(council)
    login_as(client, council, Role.SECRETARIS)
    data = {
        "form-TOTAL_FORMS": "6",
        "form-INITIAL_FORMS": "5",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, criterion in enumerate(criteria):
        data |= {
            f"form-{i}-id": str(criterion.pk),
            f"form-{i}-name": criterion.name,
            f"form-{i}-weight": "1",
            f"form-{i}-position": str(i),
        }
    data |= {"form-5-name": "Urgentie", "form-5-weight": "2", "form-5-position": "5"}

    response = client.post(council_url("criteria", council), data)

    assert response.status_code == HTTPStatus.OK
    assert Criterion.objects.filter(council=council).count() == 5


def test_a_formset_with_errors_has_one_summary_at_the_top_linking_to_the_field(client, council):
    criteria = services.criteria_for(council)
    login_as(client, council, Role.SECRETARIS)
    data = {
        "form-TOTAL_FORMS": "5",
        "form-INITIAL_FORMS": "5",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, criterion in enumerate(criteria):
        data |= {
            f"form-{i}-id": str(criterion.pk),
            f"form-{i}-name": criterion.name,
            f"form-{i}-weight": "veel" if i == 2 else "1",
            f"form-{i}-position": str(i),
        }

    html = client.post(council_url("criteria", council), data).content.decode()

    assert html.count('class="error-summary"') == 1
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</ul>", html.index('class="error-summary"')
        )
    ]
    assert 'href="#id_form-2-weight"' in summary
    assert "Regel 3" in summary
    assert html.index('class="error-summary"') < html.index('id="id_form-0-name"')
