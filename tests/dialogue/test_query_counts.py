"""The dialogue's lists issue as many queries with many rows as with few."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dialogue.models import Discussion, Post, Report
from ketenoverleg.models import Role
from tests.actionpackages.factories import PackageFactory
from tests.dialogue.factories import DiscussionFactory, PostFactory, QuestionFactory
from tests.factories import CouncilFactory, user_with_role
from tests.members.factories import OrganisationFactory
from tests.projects.factories import IssueFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (session, content types) outside the count
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def populate(council, n) -> Discussion:
    """``n`` discussions (about the council, packages and issues), the last one with
    ``n`` posts of every kind and state, some reported."""
    for i in range(n):
        if i % 3 == 1:
            DiscussionFactory(
                council=council,
                subject=Discussion.Subject.PACKAGE,
                package=PackageFactory(council=council),
            )
        elif i % 3 == 2:
            DiscussionFactory(
                council=council,
                subject=Discussion.Subject.ISSUE,
                issue=IssueFactory(council=council),
            )
        else:
            DiscussionFactory(council=council)
    discussion = Discussion.objects.filter(council=council).order_by("pk").last()
    for i in range(n):
        post = PostFactory(
            discussion=discussion,
            organisation=OrganisationFactory(),
            shown_as=Post.ShownAs.ORGANISATION if i % 2 else Post.ShownAs.NAME,
        )
        Report.objects.create(post=post, reason="Reclame")
        question = QuestionFactory(discussion=discussion)
        PostFactory(discussion=discussion, kind=Post.Kind.KERNTEAM, reply_to=post)
        PostFactory(discussion=discussion, status=Post.Status.HIDDEN, hidden_reason="Weg")
        if i % 2:
            question.status = Post.Status.PUBLISHED
            question.save()
    return discussion


@pytest.fixture
def few_and_many(db):
    few, many = CouncilFactory(slug="weinig"), CouncilFactory(slug="veel")
    return (few, populate(few, 3)), (many, populate(many, 30))


@pytest.mark.parametrize("role", [None, Role.SECRETARIS])
def test_discussion_list(client, few_and_many, role):
    counts = []
    for council, _discussion in few_and_many:
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, reverse("dialogue:list", args=[council.slug])))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("role", [None, Role.LID, Role.SECRETARIS])
def test_discussion_page(client, few_and_many, role):
    counts = []
    for council, discussion in few_and_many:
        if role:
            client.force_login(user_with_role(council, role))
        counts.append(count_queries(client, discussion.get_absolute_url()))

    assert counts[0] == counts[1]


def test_moderation_queue(client, few_and_many):
    counts = []
    for council, _discussion in few_and_many:
        client.force_login(user_with_role(council, Role.SECRETARIS))
        counts.append(count_queries(client, reverse("dialogue:moderation", args=[council.slug])))

    assert counts[0] == counts[1]
