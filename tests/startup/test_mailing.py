"""Lists to mail: each person on a list gets its message once, whatever the clicks."""

import threading
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from actionpackages.models import Package
from ketenoverleg.models import Role
from startup import services
from startup.models import ListSend, MailingList
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.startup.factories import ContactPersonFactory, MailingListFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailing(council):
    party = PartyFactory(council=council, name="Houthandel Noord")
    willing = ContactPersonFactory(party=party, name="Petra Mulder", email="petra@hout.nl")
    unwilling = ContactPersonFactory(party=party, name="Piet", consent_at=None, consent_text="")
    no_address = ContactPersonFactory(party=party, name="Klaas", email="")
    expired = ContactPersonFactory(
        party=party, name="Oud", retain_until=timezone.localdate() - timedelta(days=1)
    )
    return MailingListFactory(council=council, recipients=[willing, unwilling, no_address, expired])


def test_a_list_mails_only_who_may_be_mailed_and_each_once(
    client, council, mailing, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    url = reverse("startup:mailing_list", args=[council.slug, mailing.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        client.post(url)  # a double click

    [message] = mail.outbox
    assert message.to == ["petra@hout.nl"]
    assert message.subject == "Uitnodiging opiniegesprek"
    assert "Beste Petra Mulder," in message.body
    assert "Graag tot ziens op het stadhuis." in message.body
    assert ListSend.objects.filter(mailing_list=mailing).count() == 1
    page = client.get(url).content.decode()
    assert "kan niet: geen e-mailadres, geen toestemming" in page


def test_people_added_later_get_the_message_on_the_next_send(
    council, mailing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mailing_list_send(mailing_list=mailing, by=UserFactory()) == 1
    newcomer = ContactPersonFactory(party__council=council, email="nieuw@hout.nl")
    mailing.recipients.add(newcomer)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mailing_list_send(mailing_list=mailing, by=UserFactory()) == 1

    assert [m.to for m in mail.outbox] == [["petra@hout.nl"], ["nieuw@hout.nl"]]


def test_a_call_to_join_a_package_names_the_package_and_links_to_it(
    client, council, django_capture_on_commit_callbacks
):
    package = Package.objects.create(council=council, title="Meer granulaatbeton", aim="Doel")
    contact = ContactPersonFactory(party__council=council)
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))

    response = client.post(
        reverse("startup:mailing_list_create", args=[council.slug]),
        {
            "purpose": "pakket",
            "subject": "Doe mee met meer granulaatbeton",
            "body": "Teken in op een actie.",
            "package": package.pk,
            "recipients": [contact.pk],
        },
    )
    mailing = MailingList.objects.get()
    assert response.url == mailing.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mailing.get_absolute_url())

    [message] = mail.outbox
    assert package.get_absolute_url() in message.body


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"purpose": "pakket"}, "package", id="package-call-without-package"),
        pytest.param({"subject": ""}, "subject", id="no-subject"),
        pytest.param({"subject": "x" * 201}, "subject", id="long-subject"),
        pytest.param({"body": "x" * 5001}, "body", id="long-body"),
        pytest.param({"purpose": "reclame"}, "purpose", id="bad-purpose"),
        pytest.param({"recipients": ["999999"]}, "recipients", id="unknown-recipient"),
        pytest.param({"recipients": [str(10**20)]}, "recipients", id="recipient-id-too-big"),
    ],
)
def test_bad_list_input_is_refused_at_its_field(client, council, changes, field):
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))
    data = {"purpose": "opiniegesprek", "subject": "Uitnodiging", "body": "Kom ook.", **changes}

    response = client.post(reverse("startup:mailing_list_create", args=[council.slug]), data)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert not MailingList.objects.exists()


def test_a_list_takes_no_contacts_or_package_of_another_council(client, council):
    other = CouncilFactory()
    foreign = ContactPersonFactory(party__council=other)
    package = Package.objects.create(council=other, title="Elders", aim="Doel")
    client.force_login(user_with_role(council, Role.KWARTIERMAKER))

    response = client.post(
        reverse("startup:mailing_list_create", args=[council.slug]),
        {
            "purpose": "pakket",
            "subject": "Uitnodiging",
            "body": "Kom ook.",
            "package": package.pk,
            "recipients": [foreign.pk],
        },
    )

    assert {"package", "recipients"} <= set(response.context["form"].errors)
    assert not MailingList.objects.exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_sends_mail_each_person_once():
    council = CouncilFactory()
    contacts = ContactPersonFactory.create_batch(5, party__council=council)
    mailing = MailingListFactory(council=council, recipients=contacts)
    by = UserFactory()
    start = threading.Barrier(20)
    counts = []

    def send():
        try:
            start.wait()
            counts.append(services.mailing_list_send(mailing_list=mailing, by=by))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(counts) == [0] * 19 + [5]
    assert ListSend.objects.filter(mailing_list=mailing).count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in contacts)
