"""Phone first: nothing is wider than a 360 px screen, whatever people type, tables on a
phone stack or scroll in their own box, and a list prints without the navigation."""

import pytest
from django.urls import reverse

from actionpackages.models import Package
from tests.actionpackages.factories import ActionFactory, complete_package
from tests.factories import CouncilFactory
from tests.members.factories import MembershipFactory
from tests.projects.factories import IssueFactory

pytestmark = pytest.mark.browser

LONG_WORD = "Betongranulaat" * 715  # 10,010 characters without a space
WIDTH = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def test_a_10000_character_word_does_not_widen_any_page(browser_page):
    page = browser_page
    council = CouncilFactory(goal=LONG_WORD)
    issue = IssueFactory(council=council, title=LONG_WORD[:200], description=LONG_WORD)
    package = complete_package(council, status=Package.Status.LOPEND, title=LONG_WORD[:200])
    ActionFactory(package=package, text=LONG_WORD[:400])  # the column holds 400
    page.set_viewport_size({"width": 360, "height": 800})

    for url in (
        council.get_absolute_url(),
        issue.get_absolute_url(),
        package.get_absolute_url(),
        reverse("projects:issues", kwargs={"slug": council.slug}),
        reverse("actionpackages:list", kwargs={"slug": council.slug}),
    ):
        assert page.goto(url).ok, url
        scroll_width, client_width = page.evaluate(WIDTH)
        assert scroll_width <= client_width, f"{url}: {scroll_width}px in {client_width}px"
    # The action card keeps the word inside its border.
    page.goto(package.get_absolute_url())
    card = page.locator(".matrix section").first.bounding_box()
    assert card["x"] + card["width"] <= 360


def test_member_list_stacks_as_label_and_value_on_a_phone_and_prints_plainly(browser_page):
    page = browser_page
    council = CouncilFactory()
    MembershipFactory(council=council)
    url = reverse("members:ledenlijst", kwargs={"slug": council.slug})

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    cell = page.locator("table.stack td[data-label='Plaats']").first
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Plaats: "'
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    assert page.evaluate(WIDTH)[0] <= 360

    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(media="print")
    assert page.locator(".council-nav").is_hidden()
    assert page.locator("form.filter-form").is_hidden()
    assert cell.evaluate("e => getComputedStyle(e).display") == "table-cell"


def test_the_programme_overview_shows_all_its_columns_at_1280_px(browser_page):
    page = browser_page
    CouncilFactory(name="Betonketenoverleg Groningen")
    CouncilFactory(name="Verfketenoverleg Hoogeveen")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("programme"))

    box = page.locator(".table-scroll").first
    columns = page.locator("table.programme thead th").count()
    scroll_width, client_width = box.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert columns >= 19
    assert scroll_width <= client_width, f"{scroll_width}px of columns in {client_width}px"
