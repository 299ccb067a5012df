"""The dialogue's pages: who may read, post, ask and moderate; what the public sees."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from dialogue import throttle
from dialogue.models import Discussion, Follow, Post, Report
from ketenoverleg.models import Role
from tests.actionpackages.factories import PackageFactory
from tests.dialogue.factories import DiscussionFactory, PostFactory, QuestionFactory
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    member_of,
    person,
)
from tests.projects.factories import IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(council):
    return DiscussionFactory(council=council, title="Meer granulaatbeton")


def login(client, council, who):
    user = person(council, who)
    if user is not None:
        client.force_login(user)
    return user


def url(name, council, *args):
    return reverse(f"dialogue:{name}", args=[council.slug, *args])


def assert_login_redirect(response, next_url):
    assertRedirects(
        response, f"{reverse('account_login')}?next={next_url}", fetch_redirect_response=False
    )


# Who sees which page ------------------------------------------------------------------

EVERYONE = [ANONYMOUS, OUTSIDER, MEMBER_ELSEWHERE, MEMBER, KERNTEAMLID, Role.SECRETARIS]


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("page", ["list", "discussion"])
def test_anyone_reads_the_dialogue(client, council, discussion, page, who):
    PostFactory(discussion=discussion, body="Wij storten al met granulaat.")
    login(client, council, who)

    response = client.get(url(page, council, *([discussion.pk] if page == "discussion" else [])))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Meer granulaatbeton")
    if page == "discussion":
        assertContains(response, "Wij storten al met granulaat.")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (KERNTEAMLID, HTTPStatus.OK),
        (Role.SECRETARIS, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
        (Role.VOORZITTER, HTTPStatus.OK),
    ],
)
@pytest.mark.parametrize("page", ["create", "moderation"])
def test_only_the_kernteam_and_secretariat_open_and_moderate(client, council, page, who, expected):
    login(client, council, who)
    page_url = url(page, council)

    response = client.get(page_url)

    assert response.status_code == expected
    if who == ANONYMOUS:
        assert_login_redirect(response, page_url)


def test_a_discussion_of_another_council_is_not_found(client, council):
    other = DiscussionFactory(council=CouncilFactory())

    assert client.get(url("discussion", council, other.pk)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(url("discussion", council, 999999)).status_code == HTTPStatus.NOT_FOUND


# Opening -----------------------------------------------------------------------------


def test_the_secretary_opens_a_discussion_about_a_package_from_its_page(client, council):
    package = PackageFactory(council=council, title="Meer granulaatbeton")
    client.force_login(user_with_role(council, Role.SECRETARIS))

    package_page = client.get(package.get_absolute_url())
    form_url = f"{url('create', council)}?pakket={package.pk}"
    assertContains(package_page, form_url)
    form = client.get(form_url)
    assert form.context["form"].initial["package"] == package

    response = client.post(
        url("create", council),
        {
            "subject": Discussion.Subject.PACKAGE,
            "package": package.pk,
            "title": "Praat mee over meer granulaatbeton",
            "introduction": "Wat vindt u ervan?",
        },
    )

    discussion = Discussion.objects.get()
    assertRedirects(response, discussion.get_absolute_url())
    assert discussion.package == package
    assertContains(client.get(package.get_absolute_url()), discussion.get_absolute_url())


def test_a_package_page_links_its_discussion_for_everyone(client, council):
    package = PackageFactory(council=council, status="consultatie")
    discussion = DiscussionFactory(
        council=council, subject=Discussion.Subject.PACKAGE, package=package
    )
    PostFactory(discussion=discussion)
    client.force_login(member_of(council))

    response = client.get(package.get_absolute_url())

    assertContains(response, discussion.get_absolute_url())
    assertContains(response, "1 bijdrage")
    assertNotContains(response, url("create", council))


def test_an_issue_page_links_its_discussion(client, council):
    issue = IssueFactory(council=council)
    discussion = DiscussionFactory(council=council, subject=Discussion.Subject.ISSUE, issue=issue)
    client.force_login(member_of(council))

    assertContains(client.get(issue.get_absolute_url()), discussion.get_absolute_url())


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "actiepakket", "title": "T", "introduction": "I"}, "package"),
        ({"subject": "vraagstuk", "issue": "999999", "title": "T", "introduction": "I"}, "issue"),
        ({"subject": "ketenoverleg", "title": "x" * 201, "introduction": "I"}, "title"),
        ({"subject": "ketenoverleg", "title": "T", "introduction": "x" * 4001}, "introduction"),
        ({"subject": "onzin", "title": "T", "introduction": "I"}, "subject"),
    ],
)
def test_opening_with_bad_input_says_why_at_the_field(client, council, data, field):
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(url("create", council), data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert not Discussion.objects.exists()


def test_a_package_of_another_council_cannot_be_chosen(client, council):
    elsewhere = PackageFactory(council=CouncilFactory())
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = client.post(
        url("create", council),
        {"subject": "actiepakket", "package": elsewhere.pk, "title": "T", "introduction": "I"},
    )

    assert response.context["form"].errors["package"] == [
        "Kies een actiepakket van dit ketenoverleg."
    ]


# Members take part -------------------------------------------------------------------


def test_a_member_posts_for_their_organisation(client, council, discussion):
    member = member_of(council)
    organisation = member.representations.get().organisation
    client.force_login(member)

    response = client.post(
        url("contribute", council, discussion.pk),
        {"body": "Wij doen mee.", "speaker": f"org-{organisation.pk}"},
    )

    post = Post.objects.get()
    assertRedirects(response, post.get_absolute_url(), fetch_redirect_response=False)
    client.logout()
    page = client.get(discussion.get_absolute_url())
    assertContains(page, f'<strong class="post-author">{organisation.name}</strong>')
    assertNotContains(page, member.email)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER_ELSEWHERE, HTTPStatus.FORBIDDEN),
    ],
)
def test_only_members_post_directly(client, council, discussion, who, expected):
    login(client, council, who)

    response = client.post(
        url("contribute", council, discussion.pk), {"body": "Hoi", "speaker": "naam"}
    )

    assert response.status_code == expected
    assert not Post.objects.exists()


def test_a_too_long_post_is_refused_at_the_field(client, council, discussion):
    client.force_login(member_of(council))

    response = client.post(
        url("contribute", council, discussion.pk), {"body": "x" * 4001, "speaker": "naam"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "body" in response.context["contribution_form"].errors
    assert not Post.objects.exists()


def test_a_member_cannot_speak_for_an_organisation_by_forging_the_choice(
    client, council, discussion
):
    client.force_login(member_of(council))
    stranger = member_of(council).representations.get().organisation

    response = client.post(
        url("contribute", council, discussion.pk),
        {"body": "Namens een ander", "speaker": f"org-{stranger.pk}"},
    )

    assert "speaker" in response.context["contribution_form"].errors
    assert not Post.objects.exists()


def test_replying_to_a_post_that_was_hidden_meanwhile_says_so(client, council, discussion):
    hidden = PostFactory(discussion=discussion, status=Post.Status.HIDDEN, hidden_reason="Weg")
    client.force_login(member_of(council))

    response = client.post(
        url("contribute", council, discussion.pk),
        {"body": "Eens!", "speaker": "naam", "reply_to": hidden.pk},
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "De bijdrage waarop u wilt reageren, is niet meer zichtbaar.")
    assert Post.objects.count() == 1


def test_the_kernteam_answers_a_question_marked_as_such(client, council, discussion):
    question = QuestionFactory(discussion=discussion, status=Post.Status.PUBLISHED)
    client.force_login(BoardAppointmentUser(council))

    form_page = client.get(f"{url('discussion', council, discussion.pk)}?antwoord={question.pk}")
    assert form_page.context["contribution_form"].initial["reply_to"] == question
    client.post(
        url("contribute", council, discussion.pk),
        {
            "body": "Ja, even sterk.",
            "speaker": "naam",
            "as_kernteam": "on",
            "reply_to": question.pk,
        },
    )

    answer = Post.objects.get(kind=Post.Kind.KERNTEAM)
    assert answer.reply_to == question
    client.logout()
    page = client.get(discussion.get_absolute_url())
    assertContains(page, "Reactie van het kernteam")
    assertContains(page, f'href="#bijdrage-{question.pk}"')


def BoardAppointmentUser(council):  # noqa: N802 - reads as the person it makes
    return person(council, KERNTEAMLID)


def test_a_member_sees_no_kernteam_choice(client, council, discussion):
    client.force_login(member_of(council))

    response = client.get(discussion.get_absolute_url())

    assert "as_kernteam" not in response.context["contribution_form"].fields
    assert "question_form" not in response.context


# The public asks ----------------------------------------------------------------------


def ask(client, council, discussion, **extra):
    data = {"name": "Henk de Boer", "body": "Is granulaatbeton even sterk?", **extra}
    return client.post(url("ask", council, discussion.pk), data)


def test_a_visitors_question_waits_for_the_moderators(
    client, council, discussion, django_capture_on_commit_callbacks
):
    moderator = user_with_role(council, Role.SECRETARIS)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, council, discussion, email="henk@voorbeeld.nl")

    assertRedirects(response, discussion.get_absolute_url())
    question = Post.objects.get()
    assert question.status == Post.Status.PENDING
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assertNotContains(client.get(discussion.get_absolute_url()), "Is granulaatbeton even sterk?")

    client.force_login(moderator)
    page = client.get(discussion.get_absolute_url())
    assertContains(page, "Is granulaatbeton even sterk?")
    assertContains(page, "Wacht op moderatie")
    assertNotContains(page, "henk@voorbeeld.nl")
    assertContains(client.get(url("moderation", council)), "Is granulaatbeton even sterk?")


def test_a_robot_filling_the_hidden_field_hears_thanks_and_nothing_is_kept(
    client, council, discussion, django_capture_on_commit_callbacks
):
    user_with_role(council, Role.SECRETARIS)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, council, discussion, website="http://spam.example")

    assertRedirects(response, discussion.get_absolute_url())
    assert not Post.objects.exists()
    assert mail.outbox == []


def test_too_many_questions_from_one_visitor_are_refused(client, council, discussion):
    limit, _window = throttle.LIMITS["question"]
    for _ in range(limit):
        assert ask(client, council, discussion).status_code == HTTPStatus.FOUND

    response = ask(client, council, discussion)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assertContains(response, "al veel vragen gesteld", status_code=HTTPStatus.TOO_MANY_REQUESTS)
    assert Post.objects.count() == limit


def test_a_new_session_from_the_same_address_is_still_counted(client, council, discussion):
    limit, _window = throttle.LIMITS["question"]
    for _ in range(limit):
        ask(client, council, discussion)
        client.cookies.clear()

    assert ask(client, council, discussion).status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "body": "Vraag"}, "name"),
        ({"name": "x" * 101, "body": "Vraag"}, "name"),
        ({"name": "Piet", "body": ""}, "body"),
        ({"name": "Piet", "body": "x" * 4001}, "body"),
        ({"name": "Piet", "body": "Vraag", "email": "geen-adres"}, "email"),
        ({"name": "Piet", "body": "Vraag", "organisation": "x" * 201}, "organisation"),
    ],
)
def test_a_bad_question_says_why_at_the_field(client, council, discussion, data, field):
    response = client.post(url("ask", council, discussion.pk), data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["question_form"].errors
    assert not Post.objects.exists()


def test_a_closed_discussion_offers_no_forms(client, council, discussion):
    discussion.closed_at = discussion.opened_at
    discussion.save()

    response = client.get(discussion.get_absolute_url())
    assertContains(response, "Deze discussie is gesloten")
    assert "question_form" not in response.context
    response = ask(client, council, discussion)
    assertRedirects(response, discussion.get_absolute_url())
    client.force_login(member_of(council))
    client.post(url("contribute", council, discussion.pk), {"body": "Hoi", "speaker": "naam"})
    assert not Post.objects.exists()


# Moderation ---------------------------------------------------------------------------


def moderate(client, council, post, action, **extra):
    return client.post(url("moderate", council, post.pk), {"action": action, **extra})


def test_a_moderator_publishes_a_question_from_the_queue(client, council, discussion):
    question = QuestionFactory(discussion=discussion)
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    response = moderate(client, council, question, "publiceren", **{"from": "moderatie"})

    assertRedirects(response, url("moderation", council))
    question.refresh_from_db()
    assert question.status == Post.Status.PUBLISHED
    client.logout()
    assertContains(client.get(discussion.get_absolute_url()), question.body)


def test_a_hidden_post_is_a_placeholder_for_the_public_and_visible_to_moderators(
    client, council, discussion
):
    post = PostFactory(discussion=discussion, body="Een sneer naar anderen.")
    moderator = user_with_role(council, Role.SECRETARIS)
    client.force_login(moderator)

    moderate(client, council, post, "verbergen", **{f"p{post.pk}-reason": "Persoonlijke aanval"})

    page = client.get(discussion.get_absolute_url())
    assertContains(page, "Een sneer naar anderen.")
    assertContains(page, "Verborgen door de moderatie: Persoonlijke aanval")
    client.force_login(member_of(council))
    page = client.get(discussion.get_absolute_url())
    assertNotContains(page, "Een sneer naar anderen.")
    assertNotContains(page, "Persoonlijke aanval")
    assertContains(page, "Deze bijdrage is verborgen door de moderatie.")


def test_a_refused_question_leaves_no_trace_for_the_public(client, council, discussion):
    question = QuestionFactory(discussion=discussion, body="Koop goedkope tegels!")
    client.force_login(user_with_role(council, Role.SECRETARIS))

    moderate(client, council, question, "verbergen", **{f"p{question.pk}-reason": "Reclame"})

    assertContains(client.get(discussion.get_absolute_url()), "Koop goedkope tegels!")
    client.logout()
    page = client.get(discussion.get_absolute_url())
    assertNotContains(page, "Koop goedkope tegels!")
    assertNotContains(page, "Deze bijdrage is verborgen door de moderatie.")


def test_hiding_without_a_reason_says_so_at_the_field(client, council, discussion):
    post = PostFactory(discussion=discussion)
    Report.objects.create(post=post, reason="Reclame")
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = moderate(client, council, post, "verbergen", **{"from": "moderatie"})

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Geef de reden waarom de bijdrage wordt verborgen.")
    assertContains(response, f'id="id_p{post.pk}-reason_error"')
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_hiding_on_the_discussion_page_without_a_reason_says_so_there(client, council, discussion):
    post = PostFactory(discussion=discussion)
    client.force_login(user_with_role(council, Role.SECRETARIS))

    response = moderate(client, council, post, "verbergen", **{"from": "discussie"})

    assert response.status_code == HTTPStatus.OK
    assert response.context["discussion"] == discussion
    assertContains(response, f'id="id_p{post.pk}-reason_error"')


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.FOUND),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
    ],
)
def test_others_cannot_moderate(client, council, discussion, who, expected):
    question = QuestionFactory(discussion=discussion)
    login(client, council, who)

    response = moderate(client, council, question, "publiceren")

    assert response.status_code == expected
    question.refresh_from_db()
    assert question.status == Post.Status.PENDING


def test_moderating_a_post_of_another_council_or_an_unknown_action_is_not_found(client, council):
    client.force_login(user_with_role(council, Role.SECRETARIS))
    elsewhere = QuestionFactory()
    here = QuestionFactory(discussion=DiscussionFactory(council=council))

    assert moderate(client, council, elsewhere, "publiceren").status_code == HTTPStatus.NOT_FOUND
    assert moderate(client, council, here, "wissen").status_code == HTTPStatus.NOT_FOUND


# Reporting and following ------------------------------------------------------------------


def test_a_reader_reports_a_post_and_it_shows_in_the_queue(client, council, discussion):
    post = PostFactory(discussion=discussion, body="Koop nu goedkope tegels!")

    assert client.get(url("report", council, post.pk)).status_code == HTTPStatus.OK
    response = client.post(url("report", council, post.pk), {"reason": "Reclame"})

    assertRedirects(response, post.get_absolute_url(), fetch_redirect_response=False)
    assert Report.objects.get().reason == "Reclame"
    client.force_login(user_with_role(council, Role.SECRETARIS))
    queue = client.get(url("moderation", council))
    assert [p for p, _form in queue.context["reported"]] == [post]
    assertContains(queue, "Reclame")

    moderate(client, council, post, "meldingen-afhandelen", **{"from": "moderatie"})
    assert client.get(url("moderation", council)).context["reported"] == []


def test_a_waiting_question_cannot_be_reported(client, council, discussion):
    question = QuestionFactory(discussion=discussion)

    assert client.get(url("report", council, question.pk)).status_code == HTTPStatus.NOT_FOUND


def test_too_many_reports_are_refused(client, council, discussion):
    post = PostFactory(discussion=discussion)
    limit, _window = throttle.LIMITS["report"]
    for i in range(limit):
        client.post(url("report", council, post.pk), {"reason": f"Melding {i}"})

    response = client.post(url("report", council, post.pk), {"reason": "Nog een"})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Report.objects.count() == limit


def test_a_reader_follows_and_unfollows(client, council, discussion):
    reader = UserFactory()
    client.force_login(reader)

    client.post(url("follow", council, discussion.pk), {"action": "volgen"})
    assert Follow.objects.filter(user=reader, discussion=discussion).exists()
    assertContains(client.get(discussion.get_absolute_url()), "Niet meer volgen")

    client.post(url("follow", council, discussion.pk), {"action": "niet-volgen"})
    assert not Follow.objects.filter(user=reader).exists()


def test_an_anonymous_visitor_is_asked_to_log_in_to_follow(client, council, discussion):
    response = client.post(url("follow", council, discussion.pk), {"action": "volgen"})

    assert_login_redirect(response, discussion.get_absolute_url())
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"), [(ANONYMOUS, HTTPStatus.FOUND), (MEMBER, HTTPStatus.FORBIDDEN)]
)
def test_only_moderators_close_a_discussion(client, council, discussion, who, expected):
    login(client, council, who)

    assert client.post(url("close", council, discussion.pk)).status_code == expected
    discussion.refresh_from_db()
    assert not discussion.is_closed


def test_a_moderator_closes_and_reopens(client, council, discussion):
    client.force_login(user_with_role(council, Role.VOORZITTER))

    client.post(url("close", council, discussion.pk), {"action": "sluiten"})
    discussion.refresh_from_db()
    assert discussion.is_closed
    client.post(url("close", council, discussion.pk), {"action": "heropenen"})
    discussion.refresh_from_db()
    assert not discussion.is_closed


# Privacy ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [ANONYMOUS, MEMBER, Role.SECRETARIS])
def test_no_page_of_the_dialogue_shows_an_email_address(client, council, discussion, who):
    nameless = member_of(council)
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    PostFactory(discussion=discussion, author=nameless)
    QuestionFactory(discussion=discussion, guest_email="vrager@voorbeeld.nl")
    QuestionFactory(
        discussion=discussion, guest_email="gepubliceerd@voorbeeld.nl", status=Post.Status.PUBLISHED
    )
    login(client, council, who)

    for page_url in [url("list", council), discussion.get_absolute_url()] + (
        [url("moderation", council)] if who == Role.SECRETARIS else []
    ):
        content = client.get(page_url).content.decode()
        assert nameless.email not in content
        assert "vrager@voorbeeld.nl" not in content
        assert "gepubliceerd@voorbeeld.nl" not in content


# The public site ---------------------------------------------------------------------------


def test_the_sitemap_and_the_site_search_know_the_discussions(client, council, discussion):
    sitemap = client.get(reverse("sitemap")).content.decode()
    found = client.get(reverse("search", args=[council.slug]), {"q": "granulaatbeton"})

    assert discussion.get_absolute_url() in sitemap
    assert url("list", council) in sitemap
    assert found.context["results"]["discussions"] == [discussion]
    assertContains(found, discussion.get_absolute_url())


def test_a_visitor_finds_a_link_to_the_question_form_not_a_form(client, council, discussion):
    page = client.get(discussion.get_absolute_url())

    assert "question_form" not in page.context
    assert not page.cookies  # no form, no CSRF cookie: the page can be cached
    assertContains(page, url("ask", council, discussion.pk))
    form_page = client.get(url("ask", council, discussion.pk))
    assert form_page.status_code == HTTPStatus.OK
    assert "name" in form_page.context["question_form"].fields


def test_the_question_form_of_a_closed_discussion_leads_back(client, council, discussion):
    discussion.closed_at = discussion.opened_at
    discussion.save()

    response = client.get(url("ask", council, discussion.pk))

    assertRedirects(response, discussion.get_absolute_url())
