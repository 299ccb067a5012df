"""The working cycle in a real browser: the secretaris puts an issue on the probleemlijst,
two kernteam members score it, the secretaris turns it into an Uiver project that the
kernteam adopts, and the project leader accepts, starts and reports progress."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ketenoverleg.models import Geleding, Role
from projects.models import Issue, Project
from tests.factories import (
    PASSWORD,
    CouncilFactory,
    RoleAssignmentFactory,
    UserFactory,
    give_kernteam_role,
)
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.browser


def _log_in(page, user):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(user.email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def _kernteamlid(council, first_name, last_name):
    user = UserFactory(first_name=first_name, last_name=last_name)
    give_kernteam_role(council, user, Role.KERNTEAMLID)
    return user


def _score(page, issue_url, user, values):
    _log_in(page, user)
    page.goto(issue_url)
    for criterion, value in values.items():
        page.get_by_label(criterion).select_option(str(value))
    page.get_by_role("button", name="Scores opslaan").click()
    page.get_by_text("Uw scores zijn opgeslagen.").wait_for()
    _log_out(page)


def test_from_issue_to_a_running_project_with_a_progress_report(browser_page, screenshot_dir):
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = UserFactory(first_name="Joost", last_name="de Vries")
    RoleAssignmentFactory(user=secretary, council=council, role=Role.KETENSECRETARIS)
    leader = _kernteamlid(council, "Sander", "Hoekstra")
    other_scorer = _kernteamlid(council, "Ruud", "Kuipers")
    group = {
        "Betoncentrale Noord": Geleding.AANBOD,
        "Puinrecycling Groningen": Geleding.RECYCLING,
        "Gemeente Groningen": Geleding.OVERHEID,
    }
    for name, geleding in group.items():
        MembershipFactory(council=council, organisation__name=name, geledingen=[geleding])

    # The secretaris puts the issue on the probleemlijst.
    _log_in(page, secretary)
    page.goto(reverse("projects:issues", args=[council.slug]))
    page.get_by_role("link", name="Vraagstuk toevoegen").click()
    page.get_by_label("Titel").fill("Betongranulaat verdwijnt in wegfunderingen")
    page.get_by_label("Beschrijving").fill("Granulaat uit sloop gaat de weg in, niet in beton.")
    for label in ("Aanbod", "Recycling", "Overheid"):
        page.get_by_label(label, exact=True).check()
    page.get_by_label("R-ladder").select_option("R8")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Het vraagstuk staat op de probleemlijst.").wait_for()
    issue = Issue.objects.get(council=council)
    issue_url = issue.get_absolute_url()
    _log_out(page)

    # Two kernteam members score it.
    _score(
        page,
        issue_url,
        leader,
        {
            "Urgentie": 5,
            "Lokale actualiteit": 4,
            "Beschikbare": 4,
            "Lage kosten": 3,
            "Lokaal draagvlak": 5,
        },
    )
    _score(
        page,
        issue_url,
        other_scorer,
        {
            "Urgentie": 4,
            "Lokale actualiteit": 4,
            "Beschikbare": 5,
            "Lage kosten": 3,
            "Lokaal draagvlak": 4,
        },
    )

    # The secretaris sees the weighted score and starts a project from the issue.
    _log_in(page, secretary)
    page.goto(issue_url)
    page.get_by_text("4,1 (± 0,1, 2 beoordelaars)").wait_for()
    page.get_by_role("link", name="Uiverproject starten voor dit vraagstuk").click()
    page.get_by_label("Titel").fill("Meer granulaatbeton")
    ends_on = timezone.localdate() + timedelta(days=365)
    page.get_by_label("Einde", exact=True).fill(ends_on.isoformat())
    page.get_by_label("Projectleider", exact=True).select_option(label="Sander Hoekstra")
    for row, (name, geleding) in enumerate(group.items()):
        page.locator(f"#id_groep-{row}-membership").select_option(label=name)
        page.locator(f"#id_groep-{row}-geleding").select_option(geleding)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name="Meer granulaatbeton", level=1).wait_for()
    page.get_by_text("Ontbreekt").wait_for()

    # The kernteam adopted it today.
    page.get_by_role("button", name="Vaststellen door het kernteam").click()
    page.get_by_text("Vastgesteld door het kernteam", exact=True).wait_for()
    project = Project.objects.get(council=council)
    assert project.status == Project.Status.VASTGESTELD
    assert any(m.to == [leader.email] and "Meer granulaatbeton" in m.subject for m in mail.outbox)
    _log_out(page)

    # The leader accepts, starts and reports progress.
    _log_in(page, leader)
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Ik accepteer deze projectopdracht").click()
    page.get_by_text("Geaccepteerd door de projectleider", exact=True).wait_for()
    page.get_by_role("button", name="Project starten").click()
    page.get_by_role("link", name="Voortgangsbericht indienen").click()
    page.get_by_label("Voortgang").fill("De leveranciers testen een standaardvraag naar granulaat.")
    page.get_by_label("Percentage gereed").fill("20")
    page.get_by_label("Risico's en knelpunten").fill("Certificering kost tijd.")
    page.get_by_role("button", name="Indienen").click()
    page.get_by_text("Het voortgangsbericht is ingediend.").wait_for()

    page.get_by_text("Lopend", exact=True).wait_for()
    report = page.locator("section.card")
    report.get_by_text("De leveranciers testen een standaardvraag naar granulaat.").wait_for()
    assert "20% gereed" in report.inner_text()
    project.refresh_from_db()
    issue.refresh_from_db()
    assert (project.status, issue.status) == (Project.Status.LOPEND, Issue.Status.IN_BEHANDELING)
    screenshot = screenshot_dir / "project-running-with-progress-report.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
