"""Notifications at the same moment (PostgreSQL, threads): twenty workers notifying of
the same event write one notice and queue one mail per person; ten digest runs at once
send each person one digest."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from ketenoverleg import notifications
from ketenoverleg.models import Delivery, NewsItem, Notice, NotificationSettings, OutgoingEmail
from tests.factories import CouncilFactory, UserFactory
from tests.faults.conftest import in_parallel

pytestmark = pytest.mark.fault

KIND = "news_published"


@pytest.fixture
def council(postgresql):
    return CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")


@pytest.fixture
def item(council):
    return NewsItem.objects.create(council=council, title="Nieuwe leden", body="Welkom.")


def notify(people, council, item):
    with transaction.atomic():
        return notifications.notify(
            kind=KIND,
            event=f"news:{item.pk}",
            users=people,
            path=item.get_absolute_url(),
            context={"item": item},
            council=council,
        )


def test_twenty_parallel_notifications_of_one_event_mail_each_person_once(council, item):
    people = [UserFactory() for _ in range(5)]
    for person in people:
        NotificationSettings.objects.create(user=person, choices={KIND: Delivery.DIRECT})

    results = in_parallel(lambda i: notify(people, council, item))

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 5
    assert Notice.objects.filter(kind=KIND).count() == 5
    template = notifications.KINDS[KIND].template
    for person in people:
        assert OutgoingEmail.objects.filter(template=template, to=[person.email]).count() == 1


def test_ten_parallel_digest_runs_send_each_person_one_digest(council, item):
    people = [UserFactory() for _ in range(5)]
    notify(people, council, item)  # the default for news: the weekly digest
    Notice.objects.update(created_at=timezone.now() - timedelta(days=8))

    results = in_parallel(lambda i: notifications.digests_send(), count=10)

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 5
    digests = OutgoingEmail.objects.filter(template="notifications/email/digest")
    assert sorted(d.to[0] for d in digests) == sorted(p.email for p in people)
    assert notifications.digests_send() == 0
