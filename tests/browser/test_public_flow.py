"""An anonymous visitor in a real browser: from the demo council's public page to its
action package and participation chart, an indicator and its chart, and the
measurements as open data."""

from pathlib import Path

import pytest

from actionpackages import demo as packages_demo
from ketenoverleg import demo as council_demo
from ketenoverleg import documents
from ketenoverleg.models import Ketenoverleg
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo

pytestmark = pytest.mark.browser


def test_a_visitor_follows_the_council_to_its_open_data(browser_page, screenshot_dir, monkeypatch):
    # The demo signs the package, which requests the intentieverklaring: skip WeasyPrint.
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    packages_demo.seed()
    council_demo.seed_news()
    council = Ketenoverleg.objects.get(slug=council_demo.DEMO_SLUG)
    page = browser_page

    page.goto(council.get_absolute_url())
    page.get_by_role("heading", name=council.name, level=1).wait_for()
    page.locator("#verklaringen-h + ul").get_by_role("link", name="Meer granulaatbeton").click()
    page.get_by_role("heading", name="Meer granulaatbeton", level=1).wait_for()
    participation = page.locator("svg[role=img]").first
    participation.wait_for()
    assert participation.is_visible()
    page.screenshot(path=str(screenshot_dir / "public-package.png"), full_page=True)

    page.get_by_role("link", name="Aandeel granulaat in geleverd beton").first.click()
    page.get_by_role("heading", name="Aandeel granulaat in geleverd beton", level=1).wait_for()
    chart = page.locator("svg[role=img]").first
    chart.wait_for()
    assert chart.is_visible()
    page.screenshot(path=str(screenshot_dir / "public-indicator.png"), full_page=True)

    page.goto(council.get_absolute_url())
    with page.expect_download() as download_info:
        page.locator("#effect-h ~ p").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"metingen-{council.slug}.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")  # after the BOM
    assert content.startswith("indicator,eenheid,")
    assert "Aandeel granulaat in geleverd beton" in content
    page.screenshot(path=str(screenshot_dir / "public-council.png"), full_page=True)
