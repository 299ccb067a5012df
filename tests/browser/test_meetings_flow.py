"""The meetings walk in a real browser: the secretaris plans a meeting, fills the
agenda, writes minutes with an action point, sends them, and the point is on the
next meeting's agenda."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import Role
from meetings.models import DispatchRecipient, Meeting
from tests.factories import PASSWORD, CouncilFactory, user_with_role

pytestmark = pytest.mark.browser


def _plan(page, council, title, starts):
    page.goto(reverse("meetings:create", kwargs={"slug": council.slug}))
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Begint").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Eindigt").fill((starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Locatie").fill("Stadhuis Groningen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name=title, level=1).wait_for()


def test_secretaris_runs_a_meeting_from_agenda_to_next_agenda(browser_page, screenshot_dir):
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(secretary.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(secretary.email).wait_for()

    last_week = timezone.localtime().replace(second=0, microsecond=0) - timedelta(days=7)
    _plan(page, council, "Kernteam november", last_week)
    meeting = Meeting.objects.get(title="Kernteam november")

    # The agenda: add a point to track 1.
    page.get_by_role("link", name="Agenda bewerken").click()
    new_item = page.locator("fieldset").filter(has_text="Nieuw agendapunt").first
    new_item.get_by_label("Onderdeel").select_option(label="Spoor 1: actiepakketten")
    new_item.get_by_label("Agendapunt").fill("Consultatie actiepakket meer granulaatbeton")
    page.get_by_role("button", name="Agenda opslaan").click()
    page.locator("ol.agenda").get_by_text("Consultatie actiepakket meer granulaatbeton").wait_for()

    # The minutes: attendance and a decision.
    page.get_by_role("link", name="Verslag schrijven").click()
    page.get_by_label(str(secretary)).select_option(label="Aanwezig")
    page.locator("fieldset").filter(has_text="Consultatie actiepakket").get_by_label(
        "Besluiten"
    ).fill("De consultatie start op 1 december.")
    page.get_by_role("button", name="Verslag opslaan").click()
    page.locator("ol.agenda").get_by_text("De consultatie start op 1 december.").wait_for()

    # An action point with owner and deadline.
    form = page.locator("form").filter(has=page.get_by_role("button", name="Actiepunt toevoegen"))
    form.get_by_label("Wat").fill("Alle leden uitnodigen voor de consultatie")
    form.get_by_label("Wie").select_option(label=str(secretary))
    form.get_by_label("Uiterlijk").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    form.get_by_role("button", name="Actiepunt toevoegen").click()
    page.get_by_text("Het actiepunt is toegevoegd.").wait_for()

    # Send the minutes to everyone invited.
    send = page.locator("form").filter(has=page.get_by_role("button", name="Versturen"))
    send.get_by_label("Wat versturen").select_option(label="Verslag")
    send.get_by_label("Iedereen die is uitgenodigd").check()
    send.get_by_role("button", name="Versturen").click()
    page.get_by_text("wordt verstuurd naar 1 personen").wait_for()
    assert DispatchRecipient.objects.filter(
        dispatch__meeting=meeting, email=secretary.email, sent_at__isnull=False
    ).exists()
    assert any("Kernteam november" in m.subject for m in mail.outbox)

    # The next meeting's agenda carries the open action point.
    _plan(page, council, "Kernteam februari", timezone.localtime() + timedelta(days=60))
    carried = page.get_by_role("row", name="Alle leden uitnodigen voor de consultatie")
    carried.wait_for()
    assert "Kernteam" not in carried.inner_text()  # the row names the point, owner and date
    screenshot = screenshot_dir / "next-agenda-with-action-point.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
