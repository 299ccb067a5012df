"""The demo dialogue: the running package's discussion with the kernteam's answer."""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from actionpackages import demo as packages_demo
from actionpackages.models import Package
from dialogue import demo
from dialogue.models import Discussion, Post, Report
from ketenoverleg import demo as council_demo
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    packages_demo.seed()
    demo.seed()
    return Discussion.objects.get(package__council__slug=council_demo.DEMO_SLUG)


def test_the_running_package_has_a_discussion_with_the_kernteams_answer(client, seeded):
    discussion = seeded
    package = discussion.package

    assert package.status == Package.Status.LOPEND
    answer = discussion.posts.get(kind=Post.Kind.KERNTEAM)
    assert answer.reply_to.kind == Post.Kind.QUESTION
    assert answer.reply_to.status == Post.Status.PUBLISHED
    assert discussion.posts.filter(status=Post.Status.PENDING).count() == 1
    assert Report.objects.filter(post__discussion=discussion, handled_at__isnull=True).exists()

    page = client.get(discussion.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assertContains(page, "Reactie van het kernteam")
    assertContains(page, "Bouwbedrijf Dijkstra")
    assertNotContains(page, "Komt er bij de nieuwbouw")  # still waiting for moderation
    assertContains(client.get(package.get_absolute_url()), discussion.get_absolute_url())


def test_seeding_again_changes_nothing(seeded):
    before = (Discussion.objects.count(), Post.objects.count(), Report.objects.count())

    demo.seed()

    assert (Discussion.objects.count(), Post.objects.count(), Report.objects.count()) == before
