"""The ALV in a real browser: the secretaris convenes an ALV with a statute
amendment, members vote online, at the meeting the attendance reaches the quorum, the
amendment is adopted with two thirds and the new statute version shows the ALV's date
with a link to the decision; a convocation after the deadline is refused with the
reason."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from alv import services
from alv.models import Assembly, DecisionItem, ItemKind, OnlineBallot, Outcome
from ketenoverleg import services as core_services
from ketenoverleg.models import Ketenoverleg, OutgoingEmail
from tests.alv.conftest import make_alv_world
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").wait_for()


def test_alv_adopts_a_statute_amendment_with_two_thirds(browser_page, screenshot_dir):
    page = browser_page
    today = timezone.localdate()
    meeting_day = today + timedelta(days=17)
    with time_machine.travel(at(today, 10), tick=True):
        world = make_alv_world()
        council = world.council
        assert council.organisation_form == Ketenoverleg.OrganisationForm.VERENIGING
        founding = core_services.statute_new_version(council=council, by=world.secretaris)
        core_services.statute_adopt(statute=founding, adopted_on=today, by=world.secretaris)
        concept = core_services.statute_new_version(council=council, by=world.secretaris)
        services.rules_set(council=council, by=world.secretaris, statute_quorum_percent=50)

        # The secretaris plans the ALV and puts the amendment on the agenda.
        log_in(page, world.secretaris)
        page.goto(reverse("alv:create", args=[council.slug]))
        page.get_by_label("Titel").fill("ALV voorjaar")
        page.get_by_label("Begint").fill(at(meeting_day, 19, 30).strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Locatie").fill("Stadhuis Groningen")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("heading", name="ALV voorjaar", level=1).wait_for()
        form = page.locator("form[action$='/besluitpunt/']")
        form.get_by_label("Soort besluit").select_option(value=ItemKind.STATUTENWIJZIGING)
        form.get_by_label("Titel").fill("Statutenwijziging: oproeping en volmacht")
        form.get_by_label("Vooraf online stemmen").check()
        form.get_by_label("Voorgestelde versie van het statuut").select_option(
            value=str(concept.pk)
        )
        form.get_by_role("button", name="Toevoegen").click()
        page.get_by_role("heading", name="Statutenwijziging: oproeping en volmacht").wait_for()
        page.get_by_label("Ik roep de leden op").check()
        page.get_by_role("button", name="Oproeping versturen").click()
        page.get_by_text("De oproeping is verstuurd aan 10 vertegenwoordigers.").wait_for()
        assembly = Assembly.objects.get(meeting__title="ALV voorjaar")
        assert OutgoingEmail.objects.filter(key__startswith=f"alv:{assembly.pk}:").count() == 10

        # A second ALV four days ahead: the convocation is too late and says why.
        page.goto(reverse("alv:create", args=[council.slug]))
        page.get_by_label("Titel").fill("ALV te laat")
        page.get_by_label("Begint").fill(
            at(today + timedelta(days=4), 19).strftime("%Y-%m-%dT%H:%M")
        )
        page.get_by_label("Locatie").fill("Stadhuis Groningen")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_label("Soort besluit").select_option(value=ItemKind.MOTIE)
        page.get_by_label("Titel").fill("Motie")
        page.get_by_role("button", name="Toevoegen").click()
        page.get_by_label("Ik roep de leden op").check()
        page.get_by_role("button", name="Oproeping versturen").click()
        deadline = (today + timedelta(days=4) - timedelta(days=7)).strftime("%d-%m-%Y")
        # In the error summary at the top (and again beside the form).
        page.locator(".error-summary").get_by_text(
            f"Te laat: volgens het statuut moest de oproeping uiterlijk op {deadline}"
        ).wait_for()
        page.screenshot(path=screenshot_dir / "alv-late.png", full_page=True)
        assert Assembly.objects.get(meeting__title="ALV te laat").convened_at is None

    amendment = DecisionItem.objects.get(assembly=assembly)
    # Members vote online before the meeting: two in the browser, two more by service.
    with time_machine.travel(at(today + timedelta(days=3), 20), tick=True):
        for membership, choice in zip(world.members[:2], ["Voor", "Tegen"], strict=True):
            log_in(page, world.rep(membership))
            page.goto(assembly.get_absolute_url())
            section = page.locator(f"#besluit-{amendment.pk}")
            section.get_by_label("Namens").select_option(value=str(membership.pk))
            section.get_by_label(choice, exact=True).check()
            section.get_by_role("button", name="Stemmen").click()
            page.get_by_text("Uw stem is vastgelegd").wait_for()
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=screenshot_dir / "alv-online-vote-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        assert "Online: " not in page.content()  # the tally stays hidden until the start
        for membership in world.members[2:4]:
            services.ballot_cast(
                item=amendment, membership=membership, choice="voor", by=world.rep(membership)
            )
    assert OnlineBallot.objects.filter(item=amendment).count() == 4

    # At the meeting: attendance at the door, then the result.
    with time_machine.travel(at(meeting_day, 19, 45), tick=True):
        log_in(page, world.secretaris)
        page.goto(reverse("alv:attendance", args=[council.slug, assembly.pk]))
        for membership in world.members[4:7]:
            page.get_by_label("Lid", exact=True).select_option(value=str(membership.pk))
            page.get_by_label("Aanwezigheid", exact=True).select_option(value="aanwezig")
            page.get_by_role("button", name="Vastleggen").click()
            page.get_by_text("De presentielijst is bijgewerkt.").wait_for()
        page.get_by_label("Lid", exact=True).select_option(value=str(world.members[7].pk))
        page.get_by_label("Aanwezigheid", exact=True).select_option(value="volmacht")
        page.get_by_label("Volmacht aan").select_option(value=str(world.members[4].pk))
        page.get_by_role("button", name="Vastleggen").click()
        page.get_by_text(
            "3 leden aanwezig, 1 vertegenwoordigd bij volmacht, van 10 leden."
        ).wait_for()
        page.screenshot(path=screenshot_dir / "alv-attendance.png", full_page=True)

        page.goto(assembly.get_absolute_url())
        section = page.locator(f"#besluit-{amendment.pk}")
        section.get_by_text("Online: 3 voor, 1 tegen, 0 onthouding.").wait_for()
        section.get_by_label("Voor (in de zaal)").fill("3")
        section.get_by_label("Tegen (in de zaal)").fill("1")
        section.get_by_role("button", name="Uitslag vastleggen").click()
        page.get_by_text("Uitslag vastgelegd: Aangenomen.").wait_for()
        section.get_by_text("6 voor, 2 tegen, 0 onthouding").wait_for()
        page.screenshot(path=screenshot_dir / "alv-result.png", full_page=True)

        amendment.refresh_from_db()
        concept.refresh_from_db()
        assert amendment.outcome == Outcome.ADOPTED
        assert (amendment.represented, amendment.quorum_required) == (8, 5)
        assert concept.adopted_on == meeting_day

        # The statute shows the ALV's date and links to the decision.
        page.goto(concept.get_absolute_url())
        link = page.get_by_role("link", name=f"Vastgesteld door de ALV van {meeting_day:%d-%m-%Y}")
        link.click()
        page.locator(f"#besluit-{amendment.pk}").get_by_text("Aangenomen").wait_for()
        assert page.url.endswith(f"#besluit-{amendment.pk}")
        page.goto(council.get_absolute_url())
        page.get_by_role("heading", name="Besluiten van de ALV").wait_for()
        page.screenshot(path=screenshot_dir / "alv-council-page.png", full_page=True)
