"""Vraag & aanbod in a real browser: member A offers granulate, member B asks for it,
both see the suggested match, B answers, A accepts, and only then do both see each
other's contact details."""

import re

import pytest
from django.urls import reverse

from exchange.models import Listing, Response
from tests.factories import PASSWORD, CouncilFactory, UserFactory
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.browser

A_EMAIL, A_PHONE = "anna@puinrecycling.nl", "050-3141592"
B_EMAIL, B_PHONE = "bert@dijkstra.nl", "06-27182818"


def _log_in(page, email):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def _place(page, council, *, kind, geleding, quantity, phone):
    page.goto(reverse("exchange:list", kwargs={"slug": council.slug}))
    page.get_by_role("link", name="Vraag of aanbod plaatsen").click()
    page.get_by_label("Soort").select_option(kind)
    page.get_by_label("Namens de geleding").select_option(geleding)
    page.get_by_label("Materiaal of product").fill(
        "Betongranulaat" if kind == "aanbod" else "beton-granulaat"
    )
    page.get_by_label("Hoeveelheid").fill(quantity)
    page.get_by_label("Eenheid").fill("t")
    page.get_by_label("Hoe vaak").select_option("maand")
    page.get_by_label("Plaats of regio").fill("Groningen")
    page.get_by_label("Telefoon").fill(phone)
    page.get_by_role("button", name="Plaatsen").click()
    page.get_by_text("Uw vermelding staat in de lijst.").wait_for()


def test_offer_request_match_answer_accept_and_contacts(browser_page, screenshot_dir):
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    anna = UserFactory(email=A_EMAIL, first_name="Anna", last_name="Aanbod")
    bert = UserFactory(email=B_EMAIL, first_name="Bert", last_name="Vraag")
    MembershipFactory(
        council=council,
        organisation__name="Puinrecycling Groningen",
        organisation__representative=anna,
        geledingen=["recycling"],
    )
    MembershipFactory(
        council=council,
        organisation__name="Bouwbedrijf Dijkstra",
        organisation__representative=bert,
        geledingen=["vraag"],
    )

    # A offers granulate.
    _log_in(page, A_EMAIL)
    _place(page, council, kind="aanbod", geleding="recycling", quantity="50", phone=A_PHONE)
    offer = Listing.objects.get(kind="aanbod")
    page.get_by_text("Nog geen passende vermeldingen van andere leden.").wait_for()
    _log_out(page)

    # B asks for it and sees A's offer suggested.
    _log_in(page, B_EMAIL)
    _place(page, council, kind="vraag", geleding="vraag", quantity="30", phone=B_PHONE)
    matches = page.get_by_role("region", name="Mogelijke matches")
    matches.get_by_role("link", name=re.compile("50 t Betongranulaat per maand")).wait_for()
    page.goto(reverse("exchange:list", kwargs={"slug": council.slug}))
    page.get_by_text("Match met uw vermelding").wait_for()
    for width, name in [
        (1280, "exchange-list-match-1280.png"),
        (390, "exchange-list-match-390.png"),
    ]:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / name), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_out(page)

    # A sees B's request suggested as well, still without B's details.
    _log_in(page, A_EMAIL)
    page.goto(offer.get_absolute_url())
    page.get_by_role("region", name="Mogelijke matches").get_by_role(
        "link", name=re.compile("30 t beton-granulaat per maand")
    ).wait_for()
    assert B_EMAIL not in page.content()
    _log_out(page)

    # B answers from the suggestion; A's details stay hidden.
    _log_in(page, B_EMAIL)
    page.goto(reverse("exchange:list", kwargs={"slug": council.slug}))
    page.get_by_role("link", name="30 t beton-granulaat per maand").first.click()
    page.get_by_role("region", name="Mogelijke matches").get_by_role("link").first.click()
    assert A_EMAIL not in page.content() and A_PHONE not in page.content()
    page.get_by_label("Uw reactie").fill("Wij nemen vanaf volgende maand 30 ton per maand af.")
    page.get_by_label("Telefoon").fill(B_PHONE)
    page.get_by_label(re.compile("Ik deel deze contactgegevens")).check()
    page.get_by_role("button", name="Reactie versturen").click()
    page.get_by_text("Uw reactie is verstuurd.").wait_for()
    assert A_EMAIL not in page.content()
    response = Response.objects.get()
    assert response.counter_listing == Listing.objects.get(kind="vraag")
    _log_out(page)

    # A reads the answer, still without B's details, and accepts.
    _log_in(page, A_EMAIL)
    page.goto(offer.get_absolute_url())
    page.get_by_text("Wij nemen vanaf volgende maand 30 ton per maand af.").wait_for()
    assert B_EMAIL not in page.content() and B_PHONE not in page.content()
    page.get_by_role("button", name="Accepteren en contactgegevens uitwisselen").click()
    page.get_by_text("Geaccepteerd: u ziet nu elkaars contactgegevens.").wait_for()
    contact = page.locator(".exchange-contact")
    assert B_EMAIL in contact.inner_text() and B_PHONE in contact.inner_text()
    page.screenshot(path=str(screenshot_dir / "exchange-accepted-owner.png"), full_page=True)
    _log_out(page)

    # B now sees A's details too.
    _log_in(page, B_EMAIL)
    page.goto(offer.get_absolute_url())
    contact = page.locator(".exchange-contact")
    assert A_EMAIL in contact.inner_text() and A_PHONE in contact.inner_text()
