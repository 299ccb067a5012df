"""The application walk of the membership issue, in a real browser:
sign up, verify the e-mail address, apply, the kernteam admits, the public list shows it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from ketenoverleg.models import Role
from members.models import Membership, MembershipStatus
from tests.factories import PASSWORD, CouncilFactory, user_with_role

pytestmark = pytest.mark.browser


def _log_in(page, email, password):
    page.goto(reverse("account_login"))
    form = page.locator("main form").first
    form.get_by_label("E-mailadres").fill(email)
    form.get_by_label("Wachtwoord").fill(password)
    form.get_by_role("button").click()
    page.locator("header.site-header").get_by_text(email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_sign_up_apply_admit_and_appear_on_the_ledenlijst(browser_page, screenshot_dir, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    email, password = "inkoop@bouwbedrijf-dijkstra.nl", "Granulaat-2026-beton"

    # Sign up; allauth sends a verification link that must be followed first.
    page.goto(reverse("account_signup"))
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.locator("main form").first.get_by_role("button").click()
    page.wait_for_load_state()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form").first.get_by_role("button").click()
    # Confirming in the browser that signed up logs in.
    page.locator("header.site-header").get_by_text(email).wait_for()

    # Apply for membership in two geledingen.
    page.goto(reverse("council_detail", kwargs={"slug": council.slug}))
    page.get_by_role("link", name="Word lid").first.click()
    page.get_by_label("Vraag").check()
    page.get_by_label("Recycling").check()
    page.get_by_label("Wij onderschrijven de algemene doelstelling").check()
    page.get_by_label(re.compile("Ik stem ermee in")).check()
    page.get_by_label("Naam", exact=True).fill("Bouwbedrijf Dijkstra")
    page.get_by_label("Plaats", exact=True).fill("Groningen")
    page.get_by_label("Duurzame intentie (mission statement)").fill(
        "Wij bestellen beton met granulaat waar het kan."
    )
    page.get_by_role("button", name="Aanvraag indienen").click()
    page.get_by_text("Uw aanvraag is ontvangen").wait_for()
    membership = Membership.objects.get(organisation__name="Bouwbedrijf Dijkstra")
    assert membership.status == MembershipStatus.AANGEVRAAGD
    _log_out(page)

    # The secretaris finds it in the review queue and admits it against the checklist.
    _log_in(page, secretary.email, PASSWORD)
    page.goto(reverse("members:review_queue", kwargs={"slug": council.slug}))
    page.get_by_role("link", name="Bouwbedrijf Dijkstra").click()
    for label in [
        "Gevestigd in het werkgebied",
        "De gekozen geleding",
        "Onderschrijft",
        "De duurzame intentie",
    ]:
        page.get_by_label(re.compile(label)).check()
    page.get_by_label("Motivering").fill("Voldoet aan alle criteria.")
    page.get_by_role("button", name="Toelaten").click()
    page.get_by_text("Toegelaten. De aanvrager krijgt bericht.").wait_for()
    _log_out(page)

    # The public ledenlijst now shows the new member with both geledingen.
    page.goto(reverse("members:ledenlijst", kwargs={"slug": council.slug}))
    row = page.get_by_role("row", name=re.compile("Bouwbedrijf Dijkstra"))
    assert "Vraag, Recycling" in row.inner_text()
    screenshot = screenshot_dir / "ledenlijst-after-admission.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
