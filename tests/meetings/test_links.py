"""Agenda items link to the probleemlijst and projects; sent messages link the PDF."""

from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from ketenoverleg.models import Role
from meetings import services
from meetings.models import AgendaItem, Dispatch, Section
from projects.models import Issue
from tests.factories import CouncilFactory, user_with_role
from tests.meetings.factories import MeetingFactory, MinutesFactory
from tests.members.factories import BoardAppointmentFactory


def test_an_agenda_item_links_to_an_issue_of_the_probleemlijst(client, council):
    secretary = user_with_role(council, Role.SECRETARIS)
    meeting = MeetingFactory(council=council)
    issue = Issue.objects.create(council=council, title="Granulaat in funderingen", description="…")
    client.force_login(secretary)
    url = reverse("meetings:agenda", kwargs={"slug": council.slug, "pk": meeting.pk})
    data = {
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-section": Section.PACKAGES,
        "items-0-position": "1",
        "items-0-title": "Keuze van het volgende vraagstuk",
        "items-0-issue": str(issue.pk),
    }

    client.post(url, data)

    item = AgendaItem.objects.get(meeting=meeting)
    assert item.issue == issue
    assertContains(client.get(meeting.get_absolute_url()), issue.get_absolute_url())


def test_an_issue_of_another_council_cannot_be_linked(client, council):
    secretary = user_with_role(council, Role.SECRETARIS)
    meeting = MeetingFactory(council=council)
    elsewhere = Issue.objects.create(council=CouncilFactory(), title="Elders", description="…")
    client.force_login(secretary)
    url = reverse("meetings:agenda", kwargs={"slug": council.slug, "pk": meeting.pk})

    response = client.post(
        url,
        {
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-section": Section.PACKAGES,
            "items-0-position": "1",
            "items-0-title": "Punt",
            "items-0-issue": str(elsewhere.pk),
        },
    )

    assertContains(response, "Selecteer een geldige keuze")
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_sent_minutes_link_their_pdf(council, django_capture_on_commit_callbacks):
    secretary = user_with_role(council, Role.SECRETARIS)
    BoardAppointmentFactory(council=council)
    meeting = MeetingFactory(council=council)
    MinutesFactory(meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        services.dispatch_send(
            meeting=meeting,
            what=Dispatch.What.MINUTES,
            audience=Dispatch.Audience.INVITED,
            by=secretary,
        )

    document_url = reverse("document_status", kwargs={"slug": council.slug, "pk": 1})
    assert mail.outbox
    assert all("PDF: " in m.body for m in mail.outbox)
    assert document_url.rsplit("/", 2)[0] in mail.outbox[0].body
