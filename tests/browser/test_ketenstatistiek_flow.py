"""Ketenstatistiek in a real browser: a member gives its figure on its own page, the
secretaris closes and publishes the period, the kernteam sees why cells are not
published, and the public sees only the published aggregates."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ketenoverleg.models import Role
from ketenstatistiek.models import Period, PublishedCell
from tests.factories import PASSWORD, CouncilFactory, UserFactory, user_with_role
from tests.ketenstatistiek.factories import PeriodFactory, QuestionFactory, figures
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.browser

SECRET = "3141,593"
SECRET_WHOLE = ("3141", "3.141")


def _log_in(page, email):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def _shoot(page, screenshot_dir, name):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_submit_publish_and_read(browser_page, screenshot_dir):
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    member = UserFactory(email="inkoop@dijkstra.nl")
    MembershipFactory(
        council=council,
        organisation__name="Bouwbedrijf Dijkstra",
        organisation__representative=member,
        geledingen=["vraag"],
    )
    period = PeriodFactory(council=council, name="2025")
    question = QuestionFactory(
        period=period,
        label="Ingezet betongranulaat",
        explanation="Betongranulaat dat u leverde, verwerkte of liet verwerken, in ton.",
        geledingen=["aanbod", "vraag", "recycling"],
    )
    figures(question, "aanbod", [4200, 3550, 2800, 1850, 5100, 2600])
    figures(question, "recycling", [21400, 15700])

    # The member gives its figure on its own, confidential page.
    _log_in(page, member.email)
    page.goto(period.get_absolute_url())
    page.get_by_role("link", name="Cijfers opgeven voor Bouwbedrijf Dijkstra").click()
    page.get_by_label("Ingezet betongranulaat (t)").fill(SECRET)
    _shoot(page, screenshot_dir, "ketenstatistiek-opgave")
    page.get_by_role("button", name="Vertrouwelijk opslaan").click()
    page.get_by_text("Uw cijfers zijn vertrouwelijk opgeslagen").wait_for()
    assert page.get_by_label("Ingezet betongranulaat (t)").input_value() == SECRET
    _log_out(page)

    # The secretaris closes, sees only what would be published, and publishes.
    _log_in(page, secretary.email)
    page.goto(period.get_absolute_url())
    page.get_by_role("button", name="Sluiten voor opgaven").click()
    preview = page.get_by_role("region", name="Wat publiceren zou opleveren")
    preview.get_by_text("minder dan 5 bijdragers").first.wait_for()
    assert not any(w in preview.inner_text() for w in SECRET_WHOLE)
    page.get_by_role("button", name="Tabel publiceren").click()
    page.get_by_text("De tabel is gepubliceerd.").wait_for()
    assert Period.objects.get().status == Period.Status.GEPUBLICEERD
    page.get_by_text("minder dan 5 bijdragers").first.wait_for()
    assert not any(w in page.content() for w in SECRET_WHOLE)
    _shoot(page, screenshot_dir, "ketenstatistiek-tabel-kernteam")
    _log_out(page)

    # The public reads the published aggregates only.
    page.goto(reverse("ketenstatistiek:list", kwargs={"slug": council.slug}))
    page.get_by_role("link", name="2025").click()
    total = PublishedCell.objects.get(group="totaal")
    assert total.published
    assert total.total == Decimal("3141.593") + 20100 + 37100
    page.get_by_text("60.341,593").wait_for()
    page.get_by_text("niet gepubliceerd").first.wait_for()
    assert "minder dan 5 bijdragers" not in page.content()
    assert not any(w in page.content() for w in SECRET_WHOLE)
    _shoot(page, screenshot_dir, "ketenstatistiek-tabel-publiek")
