""" "Mijn werk": every demo user lands on it after login and finds their real pending
work there, each line linking to where it is done; the page's queries do not grow with
the work."""

from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionpackages import reviews
from actionpackages.models import Package
from ketenoverleg.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_USERS
from ketenoverleg.models import Document, Role, User
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, has_role
from meetings.models import ActionPoint, Minutes
from members import services as member_services
from members.models import (
    BoardAppointment,
    Membership,
    MembershipStatus,
    Organisation,
    Representative,
)
from projects.models import Project

DEMO_EMAILS = [row[0] for row in DEMO_USERS] + [DEMO_ADMIN]
REVIEWERS = KERNTEAM_ROLES | SECRETARIAT_ROLES
MINUTES_KEEPERS = SECRETARIAT_ROLES | {Role.VOORZITTER}


def page_text(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def my_work(client, user):
    client.force_login(user)
    response = client.get(reverse("my_work"))
    assert response.status_code == HTTPStatus.OK
    return page_text(response)


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_each_demo_user_lands_on_my_work_after_login(demo, client, email):
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("my_work")


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_my_work_lists_the_real_pending_work_of_each_demo_role(demo, client, email):
    user = User.objects.get(email=email)
    text = my_work(client, user)

    applications = Membership.objects.filter(
        council=demo, status__in=[MembershipStatus.AANGEVRAAGD, MembershipStatus.IN_BEROEP]
    ).select_related("organisation")
    assert applications, "the demo has applications waiting"
    reviewer = has_role(user, demo, REVIEWERS)
    for membership in applications:
        assert (membership.organisation.name in text) is reviewer
        if reviewer:
            assert f'href="{membership.get_absolute_url()}"' in text

    concept = Minutes.objects.filter(
        meeting__council=demo,
        meeting__starts_at__lt=timezone.now(),
        status=Minutes.Status.CONCEPT,
    ).select_related("meeting")
    keeper = has_role(user, demo, MINUTES_KEEPERS)
    for minutes in concept:
        line = f"Verslag van {minutes.meeting} vaststellen"
        assert (line in text) is keeper

    points = list(ActionPoint.objects.open().filter(owner=user))
    for point in points:
        assert point.description in text
    positions = [text.index(p.description) for p in points]
    overdue = [p.is_overdue for p in points]
    assert [o for _, o in sorted(zip(positions, overdue, strict=True))] == sorted(
        overdue, reverse=True
    ), "overdue action points come first"

    package = Package.objects.get(council=demo, status=Package.Status.LOPEND)
    signed = set(package.signatures.active().values_list("organisation_id", flat=True))
    with_actions = set(package.actions.values_list("geleding", flat=True))
    may_sign = [
        m
        for m in Membership.objects.filter(
            council=demo,
            status=MembershipStatus.TOEGELATEN,
            organisation__representatives__user=user,
            organisation__representatives__may_sign=True,
        )
        if m.organisation_id not in signed and with_actions & set(m.geledingen)
    ]
    sign_url = reverse("actionpackages:sign", kwargs={"slug": demo.slug, "pk": package.pk})
    assert (f'href="{sign_url}"' in text) is bool(may_sign)

    led = Project.objects.filter(leader=user, status=Project.Status.LOPEND)
    for project in led:
        due = project.next_report_due()
        shown = f"Voortgangsbericht voor {project.title}" in text
        assert shown is (due <= timezone.localdate() + timedelta(days=14))

    if "nu niets op u" in text:
        assert "Wat u nu kunt doen" in text
        assert reverse("council_detail", kwargs={"slug": demo.slug}) in text


def test_the_plain_member_sees_an_empty_state_that_says_what_to_do_next(demo, client):
    text = my_work(client, User.objects.get(email="lid@beton-groningen.demo"))
    assert "Er wacht nu niets op u." in text
    assert reverse("actionpackages:list", kwargs={"slug": demo.slug}) in text


def test_someone_without_a_council_is_pointed_to_the_councils(db, client):
    text = my_work(client, User.objects.create_user(email="nieuw@example.org", password="x"))
    assert "U hoort nog bij geen ketenoverleg" in text
    assert f'href="{reverse("home")}"' in text


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(reverse("my_work"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_the_navigation_counts_the_lines(demo, client):
    user = User.objects.get(email="secretaris@beton-groningen.demo")
    text = my_work(client, user)
    lines = text.count("<li")
    response = client.get(reverse("council_detail", kwargs={"slug": demo.slug}))
    html = response.content.decode()
    assert '<span class="badge"' in html
    badge = html.split('<span class="badge"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    # Every task is a list item; "Uw ketenoverleggen" adds one per council.
    assert int(badge) == lines - 1


def test_the_count_is_taken_afresh_after_a_form_is_sent(demo, client):
    user = User.objects.get(email="secretaris@beton-groningen.demo")
    my_work(client, user)
    before = client.session["my_work_count"]
    point = ActionPoint.objects.open().filter(owner=user).first()
    response = client.post(
        reverse("meetings:action_point_status", kwargs={"slug": demo.slug, "pk": point.pk}),
        {"status": ActionPoint.Status.DONE},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["my_work_count"] == before - 1


def test_other_pages_read_the_count_without_a_query(demo, client):
    user = User.objects.get(email="secretaris@beton-groningen.demo")
    client.force_login(user)
    assert client.session["my_work_count"] > 0, "counted at login"
    url = reverse("news_list", kwargs={"slug": demo.slug})
    client.get(url)
    with CaptureQueriesContext(connection) as counted:
        client.get(url)
    session = client.session
    session.pop("my_work_count")
    session.save()
    with CaptureQueriesContext(connection) as uncounted:
        client.get(url)
    assert len(counted) == len(uncounted)


def test_an_open_election_asks_the_members_of_its_geleding_to_vote(demo, client):
    voter = User.objects.get(email="lid@beton-groningen.demo")
    membership = Membership.objects.filter(
        council=demo, status=MembershipStatus.TOEGELATEN, organisation__representatives__user=voter
    ).first()
    geleding = membership.geledingen[0]
    BoardAppointment.objects.active().filter(council=demo, seat=geleding).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    election = member_services.election_open(
        council=demo,
        geleding=geleding,
        closes_on=timezone.localdate() + timedelta(days=10),
        by=User.objects.get(email="secretaris@beton-groningen.demo"),
    )
    url = reverse("members:election", kwargs={"slug": demo.slug, "pk": election.pk})
    assert url in my_work(client, voter)

    candidacy = member_services.candidacy_create(
        election=election, membership=membership, user=voter, statement=""
    )
    for org_membership in Membership.objects.filter(
        council=demo,
        status=MembershipStatus.TOEGELATEN,
        organisation__representatives__user=voter,
        geleding_rows__geleding=geleding,
    ):
        member_services.vote_cast(
            election=election, membership=org_membership, candidacy=candidacy, by=voter
        )
    assert url not in my_work(client, voter)


def test_a_failed_document_waits_for_the_secretariat_not_for_members(demo, client):
    package = Package.objects.get(council=demo, status=Package.Status.LOPEND)
    Document.objects.filter(kind="intentieverklaring", object_id=package.pk).delete()
    document = Document.objects.create(
        kind="intentieverklaring",
        council=demo,
        content_type=ContentType.objects.get_for_model(Package),
        object_id=package.pk,
        title="Intentieverklaring (mislukt)",
        status=Document.Status.FAILED,
        attempts=3,
    )
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    assert document.get_absolute_url() in my_work(client, secretary)
    assert document.get_absolute_url() not in my_work(
        client, User.objects.get(email="lid@beton-groningen.demo")
    )
    Document.objects.create(
        kind="intentieverklaring",
        council=demo,
        content_type_id=document.content_type_id,
        object_id=package.pk,
        title="Intentieverklaring",
        status=Document.Status.READY,
    )
    assert document.get_absolute_url() not in my_work(client, secretary)


def test_a_progress_report_shows_when_it_is_due(demo, client):
    project = Project.objects.get(council=demo, status=Project.Status.LOPEND)
    due = project.next_report_due()
    url = reverse("projects:progress", kwargs={"slug": demo.slug, "pk": project.pk})
    with time_machine.travel(due - timedelta(days=30), tick=False):
        assert url not in my_work(client, project.leader)
    with time_machine.travel(due + timedelta(days=1), tick=False):
        text = my_work(client, project.leader)
        assert url in text
        assert "te laat" in text


def test_the_yearly_report_on_commitments_shows_when_its_round_is_open(demo, client):
    package = Package.objects.get(council=demo, status=Package.Status.LOPEND)
    signature = package.signatures.active().select_related("organisation").first()
    signer = Representative.objects.filter(organisation=signature.organisation).first().user
    url = reverse(
        "actionpackages:signature",
        kwargs={"slug": demo.slug, "pk": package.pk, "signature": signature.pk},
    )
    first = reviews.review(package, 1)
    assert url not in my_work(client, signer)
    with time_machine.travel(first.due_on - timedelta(days=5), tick=False):
        assert url in my_work(client, signer)


def count_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("my_work")).status_code == HTTPStatus.OK
    return len(queries)


def test_the_query_count_does_not_grow_with_the_work(demo, client):
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    before = count_queries(client, secretary)
    meeting = ActionPoint.objects.filter(owner=secretary).first().meeting
    for n in range(6):
        ActionPoint.objects.create(
            meeting=meeting,
            owner=secretary,
            description=f"Extra punt {n}",
            deadline=timezone.localdate() + timedelta(days=n - 3),
        )
        organisation = Organisation.objects.create(name=f"Aanvrager {n}")
        Membership.objects.create(
            organisation=organisation, council=demo, status=MembershipStatus.AANGEVRAAGD
        )
    assert count_queries(client, secretary) == before
