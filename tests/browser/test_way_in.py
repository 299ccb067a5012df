"""The way in: a new visitor goes from "Word lid" on the council page to a submitted
application without losing the way, through sign-up and e-mail confirmation, all in
formal Dutch and with the site's name."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import Membership, MembershipStatus
from tests.factories import CouncilFactory

pytestmark = pytest.mark.browser


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)


def fill_application(page):
    page.get_by_label("Vraag").check()
    page.get_by_label("Wij onderschrijven de algemene doelstelling").check()
    page.get_by_label(re.compile("Ik stem ermee in")).check()
    page.get_by_label("Naam", exact=True).fill("Bouwbedrijf Dijkstra")
    page.get_by_label("Plaats", exact=True).fill("Groningen")
    page.get_by_label("Duurzame intentie (mission statement)").fill(
        "Wij bestellen beton met granulaat waar het kan."
    )
    page.get_by_role("button", name="Aanvraag indienen").click()
    page.get_by_text("Uw aanvraag is ontvangen").wait_for()


def sign_up(page, council, email, password):
    page.goto(reverse("council_detail", kwargs={"slug": council.slug}))
    page.get_by_role("link", name="Word lid").click()
    heading = page.get_by_role("heading", level=1)
    assert council.name in heading.inner_text()
    # A password that is too short: the message is in Dutch, the destination stays.
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill("kort")
    page.locator("#id_password2").fill("kort")
    page.locator("main form").first.get_by_role("button").click()
    page.get_by_text("Dit wachtwoord is te kort").first.wait_for()
    assert council.name in page.get_by_role("heading", level=1).inner_text()
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("main form").first.get_by_role("button").click()
    page.get_by_role("heading", name="Bevestig uw e-mailadres").wait_for()
    assert "gebleven was" in page.locator("main").inner_text()


def test_word_lid_leads_through_sign_up_and_confirmation_to_a_submitted_application(
    browser_page, screenshot_dir, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    email = "inkoop@bouwbedrijf-dijkstra.nl"
    sign_up(page, council, email, "Granulaat-2026-beton")
    page.screenshot(path=str(screenshot_dir / "way-in-verification-sent.png"), full_page=True)

    message = mail.outbox[-1]
    assert "Bevestig uw e-mailadres" in message.subject
    assert "Bevestigings e-mail" not in message.body
    assert "Ketenoverleg" in message.body
    assert "127.0.0.1" not in message.body.split("/accounts/")[0].split("\n")[0]
    assert not re.search(r"\b(je|jouw|jij)\b", message.body, re.IGNORECASE)

    # The link in the mail, opened in the same browser: logged in, at the application.
    page.goto(confirmation_link(message))
    page.locator("main form").first.get_by_role("button").click()
    page.wait_for_url(f"**{reverse('members:apply', kwargs={'slug': council.slug})}")
    page.locator("header.site-header").get_by_text(email).wait_for()
    fill_application(page)
    membership = Membership.objects.get(organisation__name="Bouwbedrijf Dijkstra")
    assert membership.council == council
    assert membership.status == MembershipStatus.AANGEVRAAGD

    # Now a member-to-be: the council page no longer offers "Word lid" or "Volg".
    page.goto(reverse("council_detail", kwargs={"slug": council.slug}))
    assert page.get_by_role("link", name="Word lid").count() == 0
    assert page.get_by_role("button", name="Volg dit ketenoverleg").count() == 0
    page.screenshot(path=str(screenshot_dir / "way-in-council-after.png"), full_page=True)


def test_the_confirmation_link_opened_elsewhere_still_leads_to_the_application(
    chromium_browser, browser_page, live_server, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    email, password = "inkoop@bouwbedrijf-dijkstra.nl", "Granulaat-2026-beton"
    sign_up(browser_page, council, email, password)

    # Another browser (the phone's mail app): confirm, log in, and on to the form.
    other = chromium_browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = other.new_page()
    page.goto(confirmation_link(mail.outbox[-1]))
    page.locator("main form").first.get_by_role("button").click()
    page.wait_for_url("**/accounts/login/**")
    assert council.name in page.locator("main").inner_text()
    form = page.locator("main form").first
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_label("Wachtwoord").fill(password)
    form.get_by_role("button").click()
    page.wait_for_url(f"**{reverse('members:apply', kwargs={'slug': council.slug})}")
    fill_application(page)
    other.close()
