"""Who may open and use which meetings page: one parametrized matrix per kind of use."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import Role
from meetings.models import ActionPoint, AgendaTemplateItem, Dispatch, Evaluation, Minutes
from tests.meetings.factories import (
    ActionPointFactory,
    MeetingFactory,
    MinutesFactory,
    days_from_now,
)
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    BoardAppointmentFactory,
    person,
)

GET, POST = "get", "post"
# "lid" and "kernteamlid" come from an admitted membership and a kernteam seat;
# the other roles from a role record.
PEOPLE = [ANONYMOUS, OUTSIDER, MEMBER_ELSEWHERE, MEMBER, KERNTEAMLID] + [
    role for role in Role.values if role not in {MEMBER, KERNTEAMLID}
]
MANAGERS = {Role.VOORZITTER, Role.SECRETARIS, Role.KETENSECRETARIS, Role.KWARTIERMAKER}
KERNTEAM_AND_SECRETARIAT = MANAGERS | {KERNTEAMLID, Role.PENNINGMEESTER}
# The procesbegeleider sits with the kernteam without a vote: reads what insiders read.
INSIDERS = KERNTEAM_AND_SECRETARIAT | {MEMBER, Role.PROCESBEGELEIDER}


@pytest.fixture
def setting(council):
    """A past kernteam meeting with concept minutes, one action point and one dispatch."""
    meeting = MeetingFactory(council=council)
    minutes = MinutesFactory(meeting=meeting)
    point = ActionPointFactory(meeting=meeting)
    dispatch = Dispatch.objects.create(meeting=meeting, what="agenda", audience="uitgenodigden")
    return {"meeting": meeting, "minutes": minutes, "point": point, "dispatch": dispatch}


def login_as(client, council, who):
    user = person(council, who)
    if user:
        client.force_login(user)
    return user


def assert_outcome(response, who, allowed, ok):
    if who == ANONYMOUS:
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith(reverse("account_login"))
    elif who in allowed:
        assert response.status_code == ok
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN


def meeting_url(name, setting, **kwargs):
    meeting = setting["meeting"]
    return reverse(
        f"meetings:{name}", kwargs={"slug": meeting.council.slug, "pk": meeting.pk, **kwargs}
    )


def council_url(name, setting, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": setting["meeting"].council.slug, **kwargs})


# (name, method, url, allowed, status for an allowed user). POSTs carry no data: an
# allowed user gets the form back with its errors, or a redirect with a message.
ENDPOINTS = {
    "create": (GET, lambda s: council_url("create", s), MANAGERS, HTTPStatus.OK),
    "create_post": (POST, lambda s: council_url("create", s), MANAGERS, HTTPStatus.OK),
    "edit": (GET, lambda s: meeting_url("edit", s), MANAGERS, HTTPStatus.OK),
    "edit_post": (POST, lambda s: meeting_url("edit", s), MANAGERS, HTTPStatus.OK),
    "agenda": (GET, lambda s: meeting_url("agenda", s), MANAGERS, HTTPStatus.OK),
    "minutes": (GET, lambda s: meeting_url("minutes", s), MANAGERS, HTTPStatus.OK),
    "minutes_post": (POST, lambda s: meeting_url("minutes", s), MANAGERS, HTTPStatus.FOUND),
    "actiepunt": (
        POST,
        lambda s: meeting_url("action", s, action="actiepunt"),
        MANAGERS,
        HTTPStatus.OK,
    ),
    "vaststellen": (
        POST,
        lambda s: meeting_url("action", s, action="vaststellen"),
        MANAGERS,
        HTTPStatus.OK,
    ),
    "publiceren": (
        POST,
        lambda s: meeting_url("action", s, action="publiceren"),
        MANAGERS,
        HTTPStatus.FOUND,
    ),
    "versturen": (
        POST,
        lambda s: meeting_url("action", s, action="versturen"),
        MANAGERS,
        HTTPStatus.OK,
    ),
    "dispatch": (
        GET,
        lambda s: council_url("dispatch", s, pk=s["dispatch"].pk),
        MANAGERS,
        HTTPStatus.OK,
    ),
    "dispatch_resend": (
        POST,
        lambda s: council_url("dispatch_resend", s, pk=s["dispatch"].pk),
        MANAGERS,
        HTTPStatus.OK,
    ),
    "action_points": (
        GET,
        lambda s: council_url("action_points", s),
        KERNTEAM_AND_SECRETARIAT,
        HTTPStatus.OK,
    ),
    "action_point_status": (
        POST,
        lambda s: council_url("action_point_status", s, pk=s["point"].pk),
        MANAGERS,
        HTTPStatus.FOUND,
    ),
    "template": (GET, lambda s: council_url("template", s), MANAGERS, HTTPStatus.OK),
    "evaluations": (GET, lambda s: council_url("evaluations", s), INSIDERS, HTTPStatus.OK),
    "evaluations_post": (
        POST,
        lambda s: council_url("evaluations", s),
        KERNTEAM_AND_SECRETARIAT,
        HTTPStatus.OK,
    ),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_permission_matrix(client, council, setting, endpoint, who):
    method, make_url, allowed, ok = ENDPOINTS[endpoint]
    login_as(client, council, who)

    response = getattr(client, method)(make_url(setting))

    assert_outcome(response, who, allowed, ok)


# The POSTs change something only for those allowed -------------------------------------


def managed(who):
    return who in MANAGERS


@pytest.mark.parametrize("who", PEOPLE)
def test_only_managers_add_action_points(client, council, setting, who):
    owner = BoardAppointmentFactory(council=council).user
    login_as(client, council, who)

    client.post(
        meeting_url("action", setting, action="actiepunt"),
        {
            "description": "Offerte granulaatbeton opvragen",
            "owner": owner.pk,
            "deadline": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )

    assert ActionPoint.objects.filter(owner=owner).exists() == managed(who)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_managers_adopt_and_publish_minutes(client, council, setting, who):
    later = MeetingFactory(council=council, starts_at=days_from_now(-1))
    login_as(client, council, who)

    client.post(meeting_url("action", setting, action="vaststellen"), {"at_meeting": later.pk})
    client.post(meeting_url("action", setting, action="publiceren"))

    minutes = Minutes.objects.get(pk=setting["minutes"].pk)
    expected = Minutes.Status.GEPUBLICEERD if managed(who) else Minutes.Status.CONCEPT
    assert minutes.status == expected


@pytest.mark.parametrize("who", PEOPLE)
def test_only_managers_send(client, council, setting, who, django_capture_on_commit_callbacks):
    BoardAppointmentFactory(council=council)
    login_as(client, council, who)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            meeting_url("action", setting, action="versturen"),
            {"what": "verslag", "audience": "uitgenodigden"},
        )

    assert bool(mail.outbox) == managed(who)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_managers_change_the_status_of_an_action_point(client, council, setting, who):
    login_as(client, council, who)

    client.post(
        council_url("action_point_status", setting, pk=setting["point"].pk), {"status": "afgerond"}
    )

    setting["point"].refresh_from_db()
    assert (setting["point"].status == ActionPoint.Status.DONE) == managed(who)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_managers_edit_the_standard_agenda(client, council, setting, who):
    login_as(client, council, who)

    client.post(
        council_url("template", setting),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-section": "rondvraag",
            "form-0-position": "1",
            "form-0-title": "Mededelingen",
        },
    )

    assert AgendaTemplateItem.objects.filter(title="Mededelingen").exists() == managed(who)


@pytest.mark.parametrize("who", PEOPLE)
def test_kernteam_and_secretariat_record_the_evaluation(client, council, setting, who):
    login_as(client, council, who)

    client.post(
        council_url("evaluations", setting),
        {
            "year": timezone.localdate().year,
            "held_on": timezone.localdate().isoformat(),
            "still_relevant": "Ja.",
            "adds_value": "Ja.",
        },
    )

    assert Evaluation.objects.filter(council=council).exists() == (who in KERNTEAM_AND_SECRETARIAT)
