"""Every kind of notification (issue 13, point 2): one event mails exactly one message
to each person who wants it, none to a person who turned the kind off, and none again
when the event repeats (a second run, a double click, a retry)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from actionpackages import notices as package_notices
from actionpackages import services as package_services
from actionpackages.models import Invitation, Package
from dialogue import notifications as dialogue_notifications
from ketenoverleg import notifications
from ketenoverleg.models import (
    Delivery,
    Geleding,
    NewsItem,
    NotificationSettings,
    OutgoingEmail,
    Role,
)
from meetings import notices as meeting_notices
from meetings import services as meeting_services
from members import notices as member_notices
from members import services as member_services
from members.models import Organisation
from projects import services as project_services
from projects.models import Project
from tests.actionpackages.factories import complete_package, open_package, sign_for, signer
from tests.dialogue.factories import DiscussionFactory, FollowFactory, PostFactory, QuestionFactory
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.meetings.factories import MeetingFactory
from tests.members.factories import member_of
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def mails(kind_key: str, user) -> int:
    template = notifications.KINDS[kind_key].template
    return OutgoingEmail.objects.filter(template=template, to=[user.email]).count()


def turn_off(user, kind_key):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"choices": {kind_key: Delivery.OFF}}
    )


def want_direct(user, kind_key):
    NotificationSettings.objects.update_or_create(
        user=user, defaults={"choices": {kind_key: Delivery.DIRECT}}
    )


def check(kind_key, wanting, declining, fire, *, outsiders=()):
    """Turn the kind off for ``declining``, fire the event twice; who got the wrong number
    of mails (one for each of ``wanting``, none for the others)."""
    for user in declining:
        turn_off(user, kind_key)
    fire()
    fire()
    wrong = [(u.email, mails(kind_key, u)) for u in wanting if mails(kind_key, u) != 1]
    wrong += [(u.email, mails(kind_key, u)) for u in [*declining, *outsiders] if mails(kind_key, u)]
    return wrong  # (address, mails) of everyone who got a wrong number of mails


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.KETENSECRETARIS)


# Action packages --------------------------------------------------------------------------


def test_consultation_opened_mails_all_members_with_the_deadline(council, secretary):
    wants, declines = member_of(council), member_of(council)
    outsider = UserFactory()
    package = complete_package(council)

    def fire():
        if package.status == Package.Status.CONCEPT:
            package_services.package_consult(package=package, by=secretary)
        package_notices.consultation_opened(package)

    assert check("consultation_opened", [wants], [declines], fire, outsiders=[outsider]) == []
    body = OutgoingEmail.objects.get(to=[wants.email]).body
    deadline = package.consultation_closes_on
    assert deadline == timezone.localdate() + timedelta(weeks=4)
    assert "Wijzigingsvoorstel" in body and str(deadline.year) in body
    assert package.get_absolute_url() in body


def test_package_open_mails_members_and_the_invited_non_members(council, secretary):
    wants, declines = member_of(council), member_of(council)
    package = complete_package(council)
    package_services.package_consult(package=package, by=secretary)
    package_services.package_adopt(package=package, by=secretary)
    invitation = Invitation.objects.create(
        package=package, name="Sloopbedrijf Oost", email="info@sloop-oost.nl", geleding="recycling"
    )
    package_services.invitations_send(package=package, by=secretary)

    def fire():
        if package.status == Package.Status.VASTGESTELD:
            package_services.package_open(
                package=package, starts_on=timezone.localdate() + timedelta(days=7), by=secretary
            )
        package_notices.package_opened(package, package.versions.count())

    assert check("package_open", [wants], [declines], fire) == []
    assert OutgoingEmail.objects.filter(to=[invitation.email]).count() == 2  # invited, open


def test_package_started_mails_members_and_the_invited_non_members(council, secretary):
    wants, declines = member_of(council), member_of(council)
    want_direct(wants, "package_started")
    package = open_package(council, starts_on=timezone.localdate(), by=secretary)
    invitation = Invitation.objects.create(
        package=package, name="Sloopbedrijf Oost", email="info@sloop-oost.nl", geleding="recycling"
    )
    package_services.invitations_send(package=package, by=secretary)

    def fire():
        if package.status == Package.Status.OPEN:
            package_services.package_start(package=package, by=secretary)
        package_notices.package_started(package)

    assert check("package_started", [wants], [declines], fire) == []
    invited = OutgoingEmail.objects.filter(to=[invitation.email])
    assert invited.filter(template="actionpackages/email/invitation_update").count() == 1


def test_package_started_waits_for_the_digest_by_default(council, secretary):
    member = member_of(council)
    package = open_package(council, starts_on=timezone.localdate(), by=secretary)
    package_services.package_start(package=package, by=secretary)
    assert mails("package_started", member) == 0
    assert member.notices.get(kind="package_started").delivery == Delivery.DIGEST


def test_commitment_review_due_mails_the_signatory_before_the_due_date_once(council, secretary):
    starts_on = date(2025, 1, 15)
    with time_machine.travel(datetime(2025, 1, 5, 12, tzinfo=AMSTERDAM), tick=False):
        package = open_package(council, starts_on=starts_on, by=secretary)
        wants, wants_org = signer(council, [Geleding.AANBOD])
        declines, declines_org = signer(council, [Geleding.VRAAG])
        sign_for(package, wants, wants_org)
        sign_for(package, declines, declines_org)
    with time_machine.travel(datetime(2025, 1, 15, 12, tzinfo=AMSTERDAM), tick=False):
        package_services.package_start(package=package, by=secretary)

    def fire():
        package_services.review_reminders_send(on=date(2026, 1, 2))

    assert check("commitment_review_due", [wants], [declines], fire) == []
    body = OutgoingEmail.objects.get(to=[wants.email], template__contains="review").body
    assert "/ondertekeningen/" in body


# Members ------------------------------------------------------------------------------


def application(council, user):
    return member_services.membership_apply(
        council=council,
        user=user,
        organisation=Organisation(
            name="Puinbreker Stad",
            kind=Organisation.Kind.BEDRIJF,
            place="Groningen",
            intention_url="https://puinbreker.nl/duurzaam",
        ),
        geledingen=["recycling"],
        supports_goal=True,
        listing_consent=True,
    )


def test_application_received_mails_the_kernteam_with_a_link_to_review(council):
    wants = user_with_role(council, Role.KERNTEAMLID)
    declines = user_with_role(council, Role.VOORZITTER)
    member = member_of(council)
    turn_off(declines, "application_received")
    membership = application(council, UserFactory())
    member_notices.application_received(membership)  # the same event again
    assert mails("application_received", wants) == 1
    assert mails("application_received", declines) == 0
    assert mails("application_received", member) == 0
    body = OutgoingEmail.objects.get(to=[wants.email]).body
    assert membership.get_absolute_url() in body


def test_application_received_without_a_kernteam_goes_to_the_council_address_with_a_link(
    council,
):
    membership = application(council, UserFactory())
    email = OutgoingEmail.objects.get(to=[council.contact_email])
    assert membership.get_absolute_url() in email.body


def test_application_decided_mails_the_applicant(council):
    kernteam = user_with_role(council, Role.KERNTEAMLID)
    wants = UserFactory()
    membership = application(council, wants)
    checks = dict.fromkeys(
        ["check_in_chain", "check_geledingen", "check_goal", "check_intention"], True
    )

    def fire():
        if membership.status != "toegelaten":
            member_services.membership_admit(
                membership=membership, checks=checks, reason="Welkom", by=kernteam
            )
        member_notices.application_decided(membership)

    assert check("application_decided", [wants], [], fire, outsiders=[kernteam]) == []
    assert (
        "Welkom als lid"
        in OutgoingEmail.objects.get(to=[wants.email], template__contains="decided").subject
    )


def test_application_decided_is_not_sent_to_who_turned_it_off(council):
    kernteam = user_with_role(council, Role.KERNTEAMLID)
    declines = UserFactory()
    turn_off(declines, "application_decided")
    membership = application(council, declines)
    member_services.membership_refuse(
        membership=membership, checks={}, reason="Buiten de keten", referred_to=None, by=kernteam
    )
    assert mails("application_decided", declines) == 0


@pytest.fixture
def in_recycling(council):
    return member_of(council, geledingen=[Geleding.RECYCLING])


def test_election_opened_and_result_mail_the_members_of_that_geleding(council, in_recycling):
    declines = member_of(council, geledingen=[Geleding.RECYCLING])
    other_geleding = member_of(council, geledingen=[Geleding.VRAAG])
    secretary = user_with_role(council, Role.KETENSECRETARIS)
    election = None

    def open_it():
        nonlocal election
        if election is None:
            election = member_services.election_open(
                council=council,
                geleding=Geleding.RECYCLING,
                closes_on=timezone.localdate() + timedelta(days=14),
                by=secretary,
            )
        member_notices.election_opened(election)

    assert (
        check("election_opened", [in_recycling], [declines], open_it, outsiders=[other_geleding])
        == []
    )

    want_direct(in_recycling, "election_result")

    def close_it():
        if election.closed_at is None:
            member_services.election_close(election=election, by=secretary)
        member_notices.election_result(election)

    assert (
        check("election_result", [in_recycling], [declines], close_it, outsiders=[other_geleding])
        == []
    )


def test_news_published_reaches_followers_and_members_once_when_its_time_has_come(council):
    member = member_of(council)
    follower = UserFactory()
    member_services.membership_follow(council=council, user=follower)
    declines = member_of(council)
    outsider = UserFactory()
    for user in (member, follower):
        want_direct(user, "news_published")
    NewsItem.objects.create(
        council=council,
        title="Later",
        body="Tekst.",
        published_at=timezone.now() + timedelta(days=1),
    )
    item = NewsItem.objects.create(council=council, title="Nieuwe leden", body="Welkom.")

    assert (
        check(
            "news_published",
            [member, follower],
            [declines],
            member_notices.news_announce,
            outsiders=[outsider],
        )
        == []
    )
    assert not OutgoingEmail.objects.filter(subject__contains="Later").exists()
    item.refresh_from_db()
    assert item.announced_at is not None
    assert member_notices.news_announce(now=timezone.now() + timedelta(days=2)) == 1
    assert mails("news_published", member) == 2  # "Later", once its time came


def test_old_news_is_not_mailed_when_the_task_first_sees_it(council):
    member = member_of(council)
    want_direct(member, "news_published")
    NewsItem.objects.create(
        council=council,
        title="Oud",
        body="Tekst.",
        published_at=timezone.now() - timedelta(days=30),
    )
    assert member_notices.news_announce() == 0
    assert mails("news_published", member) == 0


# Meetings ------------------------------------------------------------------------------


def test_action_point_assigned_and_due_in_seven_days_mail_the_owner(council):
    secretary = user_with_role(council, Role.SECRETARIS)
    wants, declines = UserFactory(), UserFactory()
    meeting = MeetingFactory(council=council)
    deadline = timezone.localdate() + timedelta(days=20)
    points = []

    def assign():
        if not points:
            for owner in (wants, declines):
                points.append(
                    meeting_services.action_point_add(
                        meeting=meeting,
                        owner=owner,
                        description="Offertes opvragen",
                        deadline=deadline,
                        by=secretary,
                    )
                )
        for point in points:
            meeting_notices.action_point_assigned(point)

    turn_off(declines, "action_point_assigned")
    assert check("action_point_assigned", [wants], [declines], assign) == []

    def remind():
        assert meeting_notices.action_points_due_remind(on=deadline - timedelta(days=8)) == 0
        meeting_notices.action_points_due_remind(on=deadline - timedelta(days=7))
        meeting_notices.action_points_due_remind(on=deadline - timedelta(days=6))

    assert check("action_point_due", [wants], [declines], remind) == []


def test_minutes_waiting_for_approval_mail_the_kernteam(council):
    secretary = user_with_role(council, Role.SECRETARIS)
    wants = user_with_role(council, Role.KERNTEAMLID)
    declines = user_with_role(council, Role.VOORZITTER)
    member = member_of(council)
    meeting = MeetingFactory(council=council)

    def fire():
        minutes = meeting_services.minutes_save(
            meeting=meeting, summary="Goede vergadering.", items={}, attendance={}, by=secretary
        )
        meeting_notices.minutes_waiting(minutes)

    assert check("minutes_waiting", [wants, secretary], [declines], fire, outsiders=[member]) == []


# The dialogue ---------------------------------------------------------------------------


def test_a_new_post_mails_the_followers_but_not_its_author(council):
    discussion = DiscussionFactory(council=council)
    wants, declines, author = UserFactory(), UserFactory(), member_of(council)
    for user in (wants, declines, author):
        FollowFactory(discussion=discussion, user=user)
    post = PostFactory(discussion=discussion, author=author)

    assert (
        check(
            "dialogue_post_published",
            [wants],
            [declines],
            lambda: dialogue_notifications.post_published(post),
            outsiders=[author, member_of(council)],
        )
        == []
    )


def test_a_question_waiting_and_a_reported_post_mail_the_moderators(council):
    discussion = DiscussionFactory(council=council)
    wants = user_with_role(council, Role.SECRETARIS)
    declines = user_with_role(council, Role.KERNTEAMLID)
    question = QuestionFactory(discussion=discussion)
    outsiders = [member_of(council), user_with_role(CouncilFactory(), Role.SECRETARIS)]

    assert (
        check(
            "dialogue_question_waiting",
            [wants],
            [declines],
            lambda: dialogue_notifications.question_waiting(question),
            outsiders=outsiders,
        )
        == []
    )
    assert (
        check(
            "dialogue_post_reported",
            [wants],
            [declines],
            lambda: dialogue_notifications.post_reported(question),
            outsiders=outsiders,
        )
        == []
    )


# Projects ------------------------------------------------------------------------------


def test_progress_report_due_mails_the_project_leader(council):
    wants = UserFactory()
    declines = user_with_role(council, Role.SECRETARIS)
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM), tick=False):
        ProjectFactory(
            council=council,
            status=Project.Status.LOPEND,
            starts_on=date(2026, 1, 1),
            leader=wants,
        )
        wrong = check(
            "progress_report_due", [wants], [declines], project_services.reminders_send_due
        )
    assert wrong == []


def test_every_kind_is_covered_here():
    tested = {
        "consultation_opened",
        "package_open",
        "package_started",
        "commitment_review_due",
        "application_received",
        "application_decided",
        "election_opened",
        "election_result",
        "news_published",
        "action_point_assigned",
        "action_point_due",
        "minutes_waiting",
        "progress_report_due",
        "dialogue_post_published",
        "dialogue_question_waiting",
        "dialogue_post_reported",
    }
    assert set(notifications.KINDS) == tested


def test_a_newly_admitted_member_hears_of_the_packages_it_can_join_once(council, secretary):
    running = open_package(council, starts_on=timezone.localdate(), by=secretary)
    package_services.package_start(package=running, by=secretary)
    open_one = open_package(council, by=secretary)
    complete_package(council)  # a concept: nothing to sign yet
    kernteam = user_with_role(council, Role.KERNTEAMLID)
    newcomer = UserFactory()
    membership = application(council, newcomer)
    checks = dict.fromkeys(
        ["check_in_chain", "check_geledingen", "check_goal", "check_intention"], True
    )
    member_services.membership_admit(
        membership=membership, checks=checks, reason="Welkom", by=kernteam
    )
    package_notices.new_member_can_sign(membership)  # again: nothing new
    subjects = sorted(
        OutgoingEmail.objects.filter(
            to=[newcomer.email], template=notifications.KINDS["package_open"].template
        ).values_list("subject", flat=True)
    )
    assert subjects == sorted(
        [f"Open voor ondertekening: {running.title}", f"Open voor ondertekening: {open_one.title}"]
    )
    running_mail = OutgoingEmail.objects.get(to=[newcomer.email], subject__contains=running.title)
    assert "loopt sinds" in running_mail.body and "/ondertekenen/" in running_mail.body


def test_a_kernteam_that_turned_applications_off_does_not_send_them_to_the_council_address(
    council,
):
    reviewer = user_with_role(council, Role.KERNTEAMLID)
    turn_off(reviewer, "application_received")
    application(council, UserFactory())
    assert not OutgoingEmail.objects.filter(to=[council.contact_email]).exists()
    assert mails("application_received", reviewer) == 0
