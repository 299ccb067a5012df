"""The meeting rhythm: kernteam about quarterly, the ALV yearly, a yearly evaluation."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from ketenoverleg.models import Role
from meetings.models import Meeting
from meetings.selectors import rhythm_warnings
from tests.actionpackages.helpers import login_as
from tests.meetings.factories import EvaluationFactory, MeetingFactory, days_from_now
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
)

NO_KERNTEAM = "Het kernteam heeft nog niet vergaderd."
KERNTEAM_OVERDUE = "Het kernteam heeft langer dan drie maanden niet vergaderd"
NO_ALV = "Er is nog geen ALV (plenaire vergadering) gehouden."
ALV_OVERDUE = "De ALV heeft langer dan twaalf maanden niet vergaderd"
NO_EVALUATION = "De jaarlijkse evaluatie van het ketenoverleg is niet vastgelegd."


def kernteam(council, days):
    return MeetingFactory(
        council=council, kind=Meeting.Kind.KERNTEAM, starts_at=days_from_now(days)
    )


def alv(council, days):
    return MeetingFactory(
        council=council,
        kind=Meeting.Kind.ALV,
        invitees=Meeting.Invitees.MEMBERS,
        starts_at=days_from_now(days),
    )


@pytest.fixture
def on_track(council):
    """A council that keeps its rhythm; each test breaks one part of it."""
    EvaluationFactory(council=council)
    return council


def test_a_new_council_is_warned_about_everything(council):
    assert rhythm_warnings(council) == [NO_KERNTEAM, NO_ALV, NO_EVALUATION]


def test_no_warnings_when_everything_is_recent(on_track):
    kernteam(on_track, -30)
    alv(on_track, -200)

    assert rhythm_warnings(on_track) == []


@pytest.mark.parametrize(
    ("days_ago", "warned"), [(30, False), (92, False), (93, True), (200, True)]
)
def test_kernteam_is_overdue_after_three_months(on_track, days_ago, warned):
    meeting = kernteam(on_track, -days_ago)
    alv(on_track, -30)

    warnings = rhythm_warnings(on_track)

    if warned:
        day = timezone.localtime(meeting.starts_at).date()
        assert warnings == [f"{KERNTEAM_OVERDUE} (laatst op {day:%d-%m-%Y})."]
    else:
        assert warnings == []


def test_only_the_last_kernteam_meeting_counts(on_track):
    kernteam(on_track, -400)
    kernteam(on_track, -20)
    alv(on_track, -30)

    assert rhythm_warnings(on_track) == []


def test_a_planned_meeting_does_not_count_as_held(on_track):
    kernteam(on_track, 5)
    alv(on_track, 5)

    assert rhythm_warnings(on_track) == [NO_KERNTEAM, NO_ALV]


@pytest.mark.parametrize(
    "kind", [Meeting.Kind.WERKSESSIE, Meeting.Kind.AGENDAOVERLEG, Meeting.Kind.STARTBIJEENKOMST]
)
def test_other_meetings_do_not_count_as_kernteam_or_alv(on_track, kind):
    MeetingFactory(council=on_track, kind=kind, starts_at=days_from_now(-3))

    assert rhythm_warnings(on_track) == [NO_KERNTEAM, NO_ALV]


@pytest.mark.parametrize(("days_ago", "warned"), [(300, False), (366, False), (367, True)])
def test_alv_is_overdue_after_twelve_months(on_track, days_ago, warned):
    kernteam(on_track, -10)
    meeting = alv(on_track, -days_ago)

    warnings = rhythm_warnings(on_track)

    if warned:
        day = timezone.localtime(meeting.starts_at).date()
        assert warnings == [f"{ALV_OVERDUE} (laatst op {day:%d-%m-%Y})."]
    else:
        assert warnings == []


def test_meetings_of_another_council_do_not_count(council):
    other = MeetingFactory(starts_at=days_from_now(-3)).council
    alv(other, -3)
    EvaluationFactory(council=other)

    assert rhythm_warnings(council) == [NO_KERNTEAM, NO_ALV, NO_EVALUATION]


@pytest.mark.parametrize(("years_ago", "warned"), [(0, False), (1, False), (2, True)])
def test_evaluation_of_this_or_last_year(council, years_ago, warned):
    kernteam(council, -10)
    alv(council, -10)
    EvaluationFactory(council=council, year=timezone.localdate().year - years_ago)

    assert rhythm_warnings(council) == ([NO_EVALUATION] if warned else [])


@pytest.mark.parametrize("who", [Role.SECRETARIS, KERNTEAMLID, MEMBER, Role.PROCESBEGELEIDER])
def test_council_page_shows_the_warnings_to_insiders(client, council, who):
    kernteam(council, -120)
    login_as(client, council, who)

    response = client.get(reverse("council_detail", kwargs={"slug": council.slug}))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, KERNTEAM_OVERDUE)
    assertContains(response, f'<p class="warning">{NO_ALV}</p>', html=True)
    assertContains(response, NO_EVALUATION)


@pytest.mark.parametrize("page", ["council_detail", "meetings:list"])
@pytest.mark.parametrize("who", [ANONYMOUS, OUTSIDER, MEMBER_ELSEWHERE, SECRETARY_ELSEWHERE])
def test_the_public_does_not_see_internal_warnings(client, council, page, who):
    login_as(client, council, who)

    response = client.get(reverse(page, kwargs={"slug": council.slug}))

    assert response.status_code == HTTPStatus.OK
    for warning in (NO_KERNTEAM, NO_ALV, NO_EVALUATION):
        assertNotContains(response, warning)


def test_council_page_without_warnings_when_on_track(client, on_track):
    kernteam(on_track, -10)
    alv(on_track, -10)
    login_as(client, on_track, Role.SECRETARIS)

    response = client.get(reverse("council_detail", kwargs={"slug": on_track.slug}))

    assertNotContains(response, 'class="warning"')


def test_meeting_list_shows_the_warnings_to_insiders(client, council):
    login_as(client, council, KERNTEAMLID)

    response = client.get(reverse("meetings:list", kwargs={"slug": council.slug}))

    assertContains(response, NO_KERNTEAM)
