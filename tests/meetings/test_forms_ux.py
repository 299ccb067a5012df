"""The meeting form and the minutes editor as a person uses them: the error summary
links to each field, the meeting form's message says what is wrong, the minutes editor
follows the agenda's order with a save button per section and no repeated legends."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from ketenoverleg.models import Role
from meetings import services
from meetings.models import AgendaItem, Section
from tests.factories import user_with_role
from tests.meetings.factories import MeetingFactory, days_from_now


@pytest.fixture
def secretary_client(client, council):
    client.force_login(user_with_role(council, Role.KETENSECRETARIS))
    return client


def meeting_data(**overrides):
    return {
        "kind": "kernteam",
        "title": "Kernteam maart",
        "starts_at": days_from_now(14).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": days_from_now(14, hour=17).strftime("%Y-%m-%dT%H:%M"),
        "location": "Stadhuis Groningen",
        "online_url": "",
        "invitees": "kernteam",
        "work_group": "",
        **overrides,
    }


def test_an_end_before_the_start_is_named_as_such_in_the_error_summary(secretary_client, council):
    response = secretary_client.post(
        reverse("meetings:create", kwargs={"slug": council.slug}),
        meeting_data(ends_at=days_from_now(14, hour=12).strftime("%Y-%m-%dT%H:%M"), location=""),
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    summary = html[
        html.index('class="error-summary"') : html.index(
            "</ul>", html.index('class="error-summary"')
        )
    ]
    assert "Er zijn 2 problemen" in summary
    assert 'href="#id_ends_at"' in summary
    assert "Het einde moet na het begin liggen." in summary
    assert 'href="#id_location"' in summary
    assert html.index('class="error-summary"') < html.index('id="id_title"')


def test_a_form_without_errors_has_no_summary(secretary_client, council):
    response = secretary_client.get(reverse("meetings:create", kwargs={"slug": council.slug}))
    assert 'class="error-summary"' not in response.content.decode()


@pytest.fixture
def meeting(council):
    meeting = MeetingFactory(council=council, starts_at=days_from_now(-3))
    services.agenda_template_create_default(council=council)
    for number, template in enumerate(services.template_items(council)):
        AgendaItem.objects.create(
            meeting=meeting, section=template.section, title=template.title, position=number
        )
    # Added later with position 0: in the agenda it belongs under Spoor 1.
    AgendaItem.objects.create(
        meeting=meeting, section=Section.PACKAGES, title="Nieuw punt voor spoor 1", position=0
    )
    return meeting


def test_the_minutes_editor_follows_the_agenda_without_repeated_legends(
    secretary_client, council, meeting
):
    url = reverse("meetings:minutes", kwargs={"slug": council.slug, "pk": meeting.pk})
    html = secretary_client.get(url).content.decode()
    assert "Rondvraag: Rondvraag" not in html
    assert "<legend>Rondvraag</legend>" not in html
    previous = html.index("Verslag van de vorige vergadering")
    assert previous < html.index("Nieuw punt voor spoor 1") < html.index("Rondvraag</h2>")
    sections = re.findall(r'<h2 id="sectie-([a-z]+)"', html)
    assert sections == [s for s in Section.values if s in sections]
    assert html.count('name="verder"') == len(sections) + 1


def test_saving_a_section_returns_to_it(secretary_client, council, meeting):
    url = reverse("meetings:minutes", kwargs={"slug": council.slug, "pk": meeting.pk})
    item = meeting.items.get(title="Nieuw punt voor spoor 1")
    data = {f"discussion_{i.pk}": "" for i in meeting.items.all()}
    data |= {f"decisions_{i.pk}": "" for i in meeting.items.all()}
    data |= {
        "summary": "",
        f"discussion_{item.pk}": "Besproken.",
        "verder": "sectie-actiepakketten",
    }
    response = secretary_client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{url}#sectie-actiepakketten"
    item.refresh_from_db()
    assert item.discussion == "Besproken."

    data["verder"] = "https://elders.example/"
    response = secretary_client.post(url, data)
    assert response["Location"] == meeting.get_absolute_url()


def test_every_other_list_of_agenda_items_has_the_agenda_order(council, meeting):
    titles = list(meeting.items.values_list("section", flat=True))
    assert titles == sorted(titles, key=Section.values.index)
