"""Every list page of the start-up track and relatiebeheer keeps its query count when
the rows grow."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketenoverleg.models import Phase, Role
from startup import checklist, services
from tests.factories import UserFactory, user_with_role
from tests.members.factories import MembershipFactory
from tests.startup.factories import (
    ContactPersonFactory,
    LogEntryFactory,
    MailingListFactory,
    PartyFactory,
    StartupCouncilFactory,
)

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


def party(council):
    membership = MembershipFactory(council=council)
    p = PartyFactory(council=council, organisation=membership.organisation)
    ContactPersonFactory.create_batch(2, party=p)
    return p


def mailing_list(council):
    contacts = ContactPersonFactory.create_batch(2, party__council=council)
    mailing = MailingListFactory(council=council, recipients=contacts)
    services.mailing_list_send(mailing_list=mailing, by=UserFactory())


@pytest.mark.parametrize(
    ("page", "make"),
    [
        ("startup:parties", party),
        ("startup:mailing_lists", mailing_list),
        ("startup:logbook", lambda council: LogEntryFactory(council=council)),
    ],
)
def test_list_pages_query_count_does_not_grow(client, council, page, make):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    url = reverse(page, args=[council.slug])
    make(council)
    few = queries(client, url)
    for _ in range(6):
        make(council)
    assert queries(client, url) == few


def test_a_mailing_lists_page_query_count_does_not_grow_with_recipients(client, council):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    mailing = MailingListFactory(
        council=council, recipients=ContactPersonFactory.create_batch(2, party__council=council)
    )
    url = mailing.get_absolute_url()
    few = queries(client, url)
    mailing.recipients.add(*ContactPersonFactory.create_batch(8, party__council=council))
    assert queries(client, url) == few


def test_a_partys_page_query_count_does_not_grow_with_contacts(client, council):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    p = party(council)
    few = queries(client, p.get_absolute_url())
    ContactPersonFactory.create_batch(6, party=p)
    assert queries(client, p.get_absolute_url()) == few


def test_the_track_page_query_count_does_not_grow_with_ticked_items(client):
    council = StartupCouncilFactory()
    kwartiermaker = user_with_role(council, Role.KWARTIERMAKER)
    client.force_login(kwartiermaker)
    url = reverse("startup:track", args=[council.slug])
    items = checklist.CHECKLIST[Phase.VERKENNING]
    services.checklist_item_save(
        council=council, key=items[0].key, done=True, note="", by=kwartiermaker
    )
    few = queries(client, url)
    for item in items[1:8]:
        services.checklist_item_save(
            council=council, key=item.key, done=True, note="x", by=UserFactory()
        )
    assert queries(client, url) == few
