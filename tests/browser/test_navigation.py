"""The header on a phone and on a wide screen: the secretaris's twenty links sit under a
menu button that works without JavaScript, and on a phone the header takes at most a
quarter of the first screen."""

import pytest
from django.urls import reverse

from ketenoverleg.models import Role
from tests.factories import PASSWORD, CouncilFactory, user_with_role

pytestmark = pytest.mark.browser


def log_in(page, user):
    page.goto(reverse("account_login"))
    form = page.locator("main form").first
    form.get_by_label("E-mailadres").fill(user.email)
    form.get_by_label("Wachtwoord").fill(PASSWORD)
    form.get_by_role("button").click()
    page.wait_for_url(f"**{reverse('my_work')}")


def header_height(page) -> float:
    return page.evaluate(
        "document.querySelector('header.site-header').getBoundingClientRect().height"
    )


@pytest.fixture
def page_without_js(chromium_browser, live_server):
    def make(width: int, height: int):
        context = chromium_browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            locale="nl-NL",
            java_script_enabled=False,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    contexts = []
    yield make
    for context in contexts:
        context.close()


def test_on_a_phone_the_header_is_small_and_the_menu_opens_without_javascript(
    page_without_js, screenshot_dir
):
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    page = page_without_js(390, 844)
    log_in(page, secretary)
    page.goto(reverse("council_detail", kwargs={"slug": council.slug}))

    assert header_height(page) <= 844 / 4
    reviews = page.get_by_role("link", name="Aanmeldingen")
    assert not reviews.is_visible()
    page.screenshot(path=str(screenshot_dir / "nav-390-closed.png"))

    page.locator("summary.site-menu-button").click()
    assert page.locator(".account-nav").get_by_role("link", name="Mijn werk").is_visible()
    page.locator("summary", has_text="Leden & kernteam").click()
    page.screenshot(path=str(screenshot_dir / "nav-390-open.png"), full_page=True)
    reviews.click()
    page.wait_for_url(f"**{reverse('members:review_queue', kwargs={'slug': council.slug})}")
    assert header_height(page) <= 844 / 4


def test_on_a_wide_screen_the_sections_show_and_the_groups_open_on_a_click(
    page_without_js, screenshot_dir
):
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    page = page_without_js(1280, 900)
    log_in(page, secretary)
    page.goto(reverse("council_detail", kwargs={"slug": council.slug}))

    assert not page.locator("summary.site-menu-button").is_visible()
    nav = page.get_by_role("navigation", name="Ketenoverleg")
    for section in [
        "Overzicht",
        "Leden",
        "Actiepakketten",
        "Effecten",
        "Nieuws",
        "Vergaderingen",
        "Kernteam",
    ]:
        assert nav.get_by_role("link", name=section, exact=True).is_visible()
    assert page.locator(".account-nav").get_by_role("link", name="Mijn werk").is_visible()
    assert not nav.get_by_role("link", name="Auditlog").is_visible()
    nav.locator("summary", has_text="Beheer").click()
    assert nav.get_by_role("link", name="Auditlog").is_visible()
    page.screenshot(path=str(screenshot_dir / "nav-1280-beheer.png"))


def test_a_visitor_sees_only_the_public_sections(page_without_js):
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    page = page_without_js(1280, 900)
    page.goto(reverse("council_detail", kwargs={"slug": council.slug}))
    nav = page.get_by_role("navigation", name="Ketenoverleg")
    assert nav.locator("summary").all_inner_texts() == ["Meer"]
