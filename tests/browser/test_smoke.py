import pytest
from django.urls import reverse

from tests.factories import PASSWORD, CouncilFactory, UserFactory

pytestmark = pytest.mark.browser


def test_visitor_finds_council_and_logs_in(browser_page, screenshot_dir):
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    user = UserFactory(email="secretaris@beton-groningen.nl")

    page.goto(reverse("home"))
    assert page.get_by_role("link", name=council.name).is_visible()

    page.get_by_role("link", name="Inloggen").click()
    login_form = page.locator("main form").first
    page.screenshot(path=str(screenshot_dir / "login.png"), full_page=True)
    login_form.get_by_label("E-mailadres").fill(user.email)
    login_form.get_by_label("Wachtwoord").fill(PASSWORD)
    login_form.get_by_role("button").click()

    page.wait_for_url(f"**{reverse('my_work')}")
    header = page.locator("header.site-header")
    header.get_by_text(user.email).wait_for()
    page.goto(reverse("home"))
    assert page.get_by_role("link", name=council.name).is_visible()
    screenshot = screenshot_dir / "home-logged-in.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
