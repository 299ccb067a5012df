"""The dialogue's writes: who may post what, moderation steps, and mail sent once."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from dialogue import services
from dialogue.models import Discussion, Follow, Notification, Post, Report
from dialogue.notifications import POST_PUBLISHED
from ketenoverleg.models import Notice, Role
from members.signals import personal_data_erasing
from tests.actionpackages.factories import PackageFactory
from tests.dialogue.factories import DiscussionFactory, FollowFactory, PostFactory, QuestionFactory
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import BoardAppointmentFactory, OrganisationFactory, member_of
from tests.projects.factories import IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(council):
    return DiscussionFactory(council=council)


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.SECRETARIS)


@pytest.fixture
def send_mail(django_capture_on_commit_callbacks):
    """Run the service and the mail it queued after its commit."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


# Opening ----------------------------------------------------------------------------


def test_the_kernteam_opens_a_discussion_about_a_package(council, secretary):
    package = PackageFactory(council=council)

    discussion = services.discussion_open(
        council=council,
        by=secretary,
        subject=Discussion.Subject.PACKAGE,
        package=package,
        title="Meer granulaat",
        introduction="Wat vindt u ervan?",
    )

    assert discussion.package == package
    assert Follow.objects.filter(discussion=discussion, user=secretary).exists()


def test_a_package_has_one_discussion(council, secretary):
    package = PackageFactory(council=council)
    DiscussionFactory(council=council, subject=Discussion.Subject.PACKAGE, package=package)

    with pytest.raises(ValidationError) as error:
        services.discussion_open(
            council=council,
            by=secretary,
            subject=Discussion.Subject.PACKAGE,
            package=package,
            title="Nog een",
            introduction="-",
        )

    assert error.value.message_dict == {"package": ["Hierover loopt al een discussie."]}


def test_an_issue_of_another_council_is_refused(council, secretary):
    issue = IssueFactory(council=CouncilFactory())

    with pytest.raises(ValidationError) as error:
        services.discussion_open(
            council=council,
            by=secretary,
            subject=Discussion.Subject.ISSUE,
            issue=issue,
            title="Elders",
            introduction="-",
        )

    assert error.value.message_dict == {"issue": ["Dit hoort niet bij dit ketenoverleg."]}
    assert not Discussion.objects.exists()


def test_a_member_cannot_open_a_discussion(council):
    with pytest.raises(PermissionDenied):
        services.discussion_open(
            council=council,
            by=member_of(council),
            subject=Discussion.Subject.COUNCIL,
            title="Van een lid",
            introduction="-",
        )


# Posting ----------------------------------------------------------------------------


def test_a_members_post_appears_at_once_and_followers_hear_of_it(council, discussion, send_mail):
    follower, author = UserFactory(), member_of(council)
    FollowFactory(discussion=discussion, user=follower)

    post = send_mail(services.post_contribute, discussion=discussion, by=author, body="Goed plan.")

    assert post.status == Post.Status.PUBLISHED
    assert recipients() == [follower.email]  # not the author, who now follows too
    assert Follow.objects.filter(discussion=discussion, user=author).exists()
    assert discussion.title in mail.outbox[0].subject
    assert post.get_absolute_url() in mail.outbox[0].body


def test_someone_without_a_role_cannot_post_as_a_member(discussion):
    with pytest.raises(PermissionDenied):
        services.post_contribute(discussion=discussion, by=UserFactory(), body="Hallo")
    assert not Post.objects.exists()


def test_only_the_kernteam_answers_as_the_kernteam(council, discussion):
    with pytest.raises(PermissionDenied):
        services.post_contribute(
            discussion=discussion, by=member_of(council), body="Namens wie?", as_kernteam=True
        )

    answer = services.post_contribute(
        discussion=discussion,
        by=BoardAppointmentFactory(council=council).user,
        body="Het kernteam antwoordt.",
        as_kernteam=True,
    )
    assert answer.kind == Post.Kind.KERNTEAM


def test_a_member_writes_only_for_an_organisation_it_represents(council, discussion):
    author = member_of(council)
    stranger = OrganisationFactory(name="Niet van mij")

    with pytest.raises(ValidationError) as error:
        services.post_contribute(
            discussion=discussion,
            by=author,
            body="Namens een ander",
            shown_as=Post.ShownAs.ORGANISATION,
            organisation=stranger,
        )

    assert error.value.message_dict == {
        "organisation": ["U vertegenwoordigt deze organisatie niet."]
    }


def test_a_post_for_the_organisation_shows_its_name_only(council, discussion):
    author = member_of(council)
    organisation = author.representations.get().organisation

    post = services.post_contribute(
        discussion=discussion,
        by=author,
        body="Wij doen mee.",
        shown_as=Post.ShownAs.ORGANISATION,
        organisation=organisation,
    )

    assert post.shown_name == organisation.name


def test_a_member_without_a_name_is_never_shown_by_address(council, discussion):
    author = member_of(council)
    author.first_name = author.last_name = ""
    author.save()

    post = services.post_contribute(discussion=discussion, by=author, body="Anoniem?")

    assert post.shown_name == "Een lid"
    assert author.email not in post.shown_name


def test_a_closed_discussion_takes_no_posts_or_questions(council, discussion, secretary):
    services.discussion_close(discussion=discussion, by=secretary)
    discussion.refresh_from_db()

    with pytest.raises(ValidationError, match="gesloten"):
        services.post_contribute(discussion=discussion, by=member_of(council), body="Te laat")
    with pytest.raises(ValidationError, match="gesloten"):
        services.question_ask(discussion=discussion, name="Piet", body="Te laat?")
    assert not Post.objects.exists()


def test_a_reply_to_a_post_of_another_discussion_is_refused(council, discussion):
    elsewhere = PostFactory()

    with pytest.raises(ValidationError, match="zichtbare bijdrage"):
        services.post_contribute(
            discussion=discussion, by=member_of(council), body="Eens", reply_to=elsewhere
        )


# Questions from the public and moderation --------------------------------------------


def test_a_question_waits_and_the_kernteam_hears_of_it(council, discussion, send_mail):
    chair = user_with_role(council, Role.VOORZITTER)
    seat = BoardAppointmentFactory(council=council).user
    user_with_role(CouncilFactory(), Role.SECRETARIS)  # another council's
    user_with_role(None, Role.KWARTIERMAKER)  # oversees the programme, does not moderate
    member_of(council)

    question = send_mail(
        services.question_ask, discussion=discussion, name="Henk", body="Is het sterk genoeg?"
    )

    assert question.status == Post.Status.PENDING
    assert recipients() == sorted([chair.email, seat.email])
    assert "wacht op moderatie" in mail.outbox[0].subject


def test_approving_publishes_once_and_tells_the_followers_once(
    council, discussion, secretary, send_mail
):
    follower = UserFactory()
    FollowFactory(discussion=discussion, user=follower)
    question = QuestionFactory(discussion=discussion)

    send_mail(services.post_approve, post=question, by=secretary)
    with pytest.raises(ValidationError, match="Gepubliceerd"):
        services.post_approve(post=question, by=secretary)

    question.refresh_from_db()
    assert question.status == Post.Status.PUBLISHED
    assert question.moderated_by == secretary
    assert question.published_at == question.moderated_at
    assert recipients() == [follower.email]


def test_a_member_cannot_moderate(council, discussion):
    question = QuestionFactory(discussion=discussion)

    with pytest.raises(PermissionDenied):
        services.post_approve(post=question, by=member_of(council))

    question.refresh_from_db()
    assert question.status == Post.Status.PENDING


def test_hiding_needs_a_reason_and_closes_the_reports(council, discussion, secretary):
    post = PostFactory(discussion=discussion)
    Report.objects.create(post=post, reason="Scheldwoord")

    with pytest.raises(ValidationError) as error:
        services.post_hide(post=post, by=secretary, reason="  ")
    assert list(error.value.message_dict) == ["reason"]

    services.post_hide(post=post, by=secretary, reason="Persoonlijke aanval")

    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    assert post.hidden_reason == "Persoonlijke aanval"
    assert not post.reports.filter(handled_at__isnull=True).exists()


def test_restoring_a_refused_question_tells_followers_who_never_heard_of_it(
    council, discussion, secretary, send_mail
):
    follower = UserFactory()
    FollowFactory(discussion=discussion, user=follower)
    question = QuestionFactory(discussion=discussion)
    services.post_hide(post=question, by=secretary, reason="Eerst nagaan")

    send_mail(services.post_restore, post=question, by=secretary)
    services.post_hide(post=question, by=secretary, reason="Toch niet")
    send_mail(services.post_restore, post=question, by=secretary)

    assert recipients() == [follower.email]


def test_the_kernteams_answer_reaches_the_guest_who_asked_once(
    council, discussion, secretary, send_mail
):
    question = QuestionFactory(discussion=discussion, guest_email="vrager@voorbeeld.nl")
    question = services.post_approve(post=question, by=secretary)

    send_mail(
        services.post_contribute,
        discussion=discussion,
        by=secretary,
        body="Ja, even sterk.",
        as_kernteam=True,
        reply_to=question,
    )

    answered = [m for m in mail.outbox if m.to == ["vrager@voorbeeld.nl"]]
    assert len(answered) == 1
    assert "beantwoord" in answered[0].subject
    assert "Ja, even sterk." in answered[0].body
    assert Notification.objects.filter(event=Notification.Event.ANSWERED).count() == 1


def test_a_logged_in_asker_follows_instead_of_leaving_an_address(discussion):
    asker = UserFactory()

    question = services.question_ask(
        discussion=discussion, name="Ria", body="Vraag?", email="ander@voorbeeld.nl", by=asker
    )

    assert question.guest_email == ""
    assert question.author == asker
    assert Follow.objects.filter(discussion=discussion, user=asker).exists()


# Reports ----------------------------------------------------------------------------


def test_the_moderators_hear_of_the_first_report_only(council, discussion, send_mail):
    moderator = user_with_role(council, Role.KETENSECRETARIS)
    post = PostFactory(discussion=discussion)

    send_mail(services.post_report, post=post, reason="Reclame")
    send_mail(services.post_report, post=post, reason="Nog steeds reclame", by=UserFactory())

    assert post.reports.count() == 2
    assert recipients() == [moderator.email]


def test_a_reader_reports_a_post_once(discussion):
    reader = UserFactory()
    post = PostFactory(discussion=discussion)
    services.post_report(post=post, reason="Reclame", by=reader)

    with pytest.raises(ValidationError, match="al gemeld"):
        services.post_report(post=post, reason="Nog eens", by=reader)
    assert post.reports.count() == 1


def test_a_hidden_post_cannot_be_reported(discussion):
    post = PostFactory(discussion=discussion, status=Post.Status.HIDDEN, hidden_reason="Weg")

    with pytest.raises(ValidationError):
        services.post_report(post=post, reason="Al weg")


# Following and erasure --------------------------------------------------------------


def test_following_twice_keeps_one_follow_and_unfollowing_stops_the_mail(
    council, discussion, send_mail
):
    reader = UserFactory()
    services.follow(discussion=discussion, user=reader)
    services.follow(discussion=discussion, user=reader)
    assert Follow.objects.filter(discussion=discussion, user=reader).count() == 1

    services.unfollow(discussion=discussion, user=reader)
    send_mail(services.post_contribute, discussion=discussion, by=member_of(council), body="Hoi")

    assert reader.email not in recipients()


def test_erasing_a_person_keeps_their_posts_without_their_name(council, discussion):
    author = member_of(council)
    organisation = author.representations.get().organisation
    post = services.post_contribute(
        discussion=discussion, by=author, body="Mijn bijdrage", organisation=organisation
    )
    question = QuestionFactory(discussion=discussion, author=author, guest_name="Ria Smit")

    personal_data_erasing.send(sender=None, user=author)

    post.refresh_from_db()
    question.refresh_from_db()
    assert post.author is None
    assert post.shown_name == organisation.name
    assert question.guest_name == ""
    assert "Ria" not in question.shown_name
    assert not Follow.objects.filter(user=author).exists()


# Twenty at once (PostgreSQL) --------------------------------------------------------


def _at_once(work, n=20) -> list[str]:
    start = threading.Barrier(n)
    outcomes = []

    def attempt():
        try:
            start.wait()
            outcomes.append(work())
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - the test reports any other failure
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_twenty_moderators_approving_at_once_publish_once_and_mail_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: needs PostgreSQL")
    council = CouncilFactory()
    moderator = user_with_role(council, Role.SECRETARIS)
    discussion = DiscussionFactory(council=council)
    followers = [FollowFactory(discussion=discussion).user for _ in range(3)]
    question = QuestionFactory(discussion=discussion)

    outcomes = _at_once(lambda: services.post_approve(post=question, by=moderator).status)

    assert outcomes.count(Post.Status.PUBLISHED) == 1
    assert outcomes.count("Dit kan niet bij een bijdrage met de status 'Gepubliceerd'.") == 19
    notices = Notice.objects.filter(kind=POST_PUBLISHED, event=f"post:{question.pk}")
    assert notices.count() == len(followers)
    assert sorted(recipients()) == sorted(f.email for f in followers)


@pytest.mark.django_db(transaction=True)
def test_twenty_follow_clicks_at_once_leave_one_follow():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: needs PostgreSQL")
    discussion = DiscussionFactory()
    reader = UserFactory()

    outcomes = _at_once(lambda: services.follow(discussion=discussion, user=reader).pk)

    assert len(set(outcomes)) == 1
    assert Follow.objects.filter(discussion=discussion, user=reader).count() == 1
