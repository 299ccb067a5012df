"""The dialogue and the library in a real browser, on the demo data: a visitor asks
the kernteam a question about the running package, the secretaris publishes it from
the moderation queue, the voorzitter answers for the kernteam and the visitor reads
the answer; then the library's search, as the public and as a member. Screenshots at
phone and desktop width go to test-artifacts/."""

import pytest
from django.urls import reverse

from actionpackages import demo as packages_demo
from dialogue import demo as dialogue_demo
from dialogue.models import Discussion, Post
from ketenoverleg import demo as council_demo
from ketenoverleg import documents
from ketenoverleg.models import Ketenoverleg
from library import demo as library_demo
from meetings import demo as meetings_demo
from members import demo as members_demo
from projects import demo as projects_demo

pytestmark = pytest.mark.browser

WIDTHS = {"telefoon": 390, "desktop": 1280}


def _log_in(page, email):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(council_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def _screenshots(page, screenshot_dir, name):
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def demo(monkeypatch):
    # The demo signs the package, which requests the intentieverklaring: skip WeasyPrint.
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    council_demo.seed()
    members_demo.seed()
    meetings_demo.seed()
    projects_demo.seed()
    packages_demo.seed()
    dialogue_demo.seed()
    library_demo.seed()
    return Ketenoverleg.objects.get(slug=council_demo.DEMO_SLUG)


def test_a_question_is_moderated_and_answered_by_the_kernteam(browser_page, screenshot_dir, demo):
    page = browser_page
    discussion = Discussion.objects.get(council=demo, package__isnull=False)

    # A visitor finds the discussion from the package page and asks a question.
    page.goto(discussion.package.get_absolute_url())
    page.get_by_role("link", name=f"Openbare discussie: {discussion.title}").click()
    page.get_by_role("heading", name=discussion.title, level=1).wait_for()
    assert page.locator(".post-kernteam").count() == 1
    # The public's form is on a page of its own (the discussion page sets no cookie).
    page.get_by_role("link", name="Een vraag stellen").click()
    page.get_by_label("Uw naam").fill("Sietske Mulder")
    page.get_by_label("Uw vraag").fill("Mag ik granulaatbeton ook voor een tuinmuur gebruiken?")
    page.get_by_role("button", name="Vraag versturen").click()
    page.get_by_text("Uw vraag wordt bekeken").wait_for()
    assert page.get_by_text("tuinmuur").count() == 0

    # The secretaris publishes it from the moderation queue.
    _log_in(page, "secretaris@beton-groningen.demo")
    page.goto(reverse("dialogue:moderation", args=[demo.slug]))
    waiting = page.locator(".post", has_text="tuinmuur")
    waiting.wait_for()
    _screenshots(page, screenshot_dir, "dialoog-moderatie")
    waiting.get_by_role("button", name="Publiceren", exact=True).click()
    page.get_by_text("De bijdrage is gepubliceerd.").wait_for()
    _log_out(page)

    # The voorzitter answers for the kernteam.
    _log_in(page, "voorzitter@beton-groningen.demo")
    page.goto(discussion.get_absolute_url())
    page.locator(".post", has_text="tuinmuur").get_by_role("link", name="Beantwoorden").click()
    page.get_by_text("U reageert op de bijdrage van Sietske Mulder.").wait_for()
    assert page.get_by_label("Plaatsen als reactie van het kernteam").is_checked()
    page.get_by_label("Uw bijdrage").fill(
        "Zeker: voor een tuinmuur is granulaatbeton prima. Vraag uw leverancier ernaar."
    )
    page.get_by_role("button", name="Plaatsen").click()
    page.get_by_text("Uw bijdrage is geplaatst.").wait_for()
    _log_out(page)

    # The visitor reads the answer, marked as the kernteam's.
    page.goto(discussion.get_absolute_url())
    answer = page.locator(".post-kernteam", has_text="tuinmuur is granulaatbeton prima")
    answer.wait_for()
    assert answer.get_by_text("Reactie van het kernteam").is_visible()
    assert "Sietske Mulder" in answer.inner_text()  # "in antwoord op Sietske Mulder"
    assert Post.objects.get(body__contains="tuinmuur is").reply_to.guest_name == "Sietske Mulder"
    _screenshots(page, screenshot_dir, "dialoog-discussie")


def test_the_library_search_shows_what_the_reader_may_open(browser_page, screenshot_dir, demo):
    page = browser_page

    page.goto(reverse("library:list", args=[demo.slug]))
    page.get_by_role("heading", name="Bibliotheek", level=1).wait_for()
    assert page.locator(".library-item").count() == 4
    # The figure is in a members-only report: the public does not find it.
    page.get_by_label("Zoeken in titel, beschrijving, trefwoorden en tekst").fill("veertigduizend")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text('0 documenten gevonden voor "veertigduizend".').wait_for()

    _log_in(page, "lid@beton-groningen.demo")
    page.goto(reverse("library:list", args=[demo.slug]))
    assert page.locator(".library-item").count() == 6
    page.get_by_label("Zoeken in titel, beschrijving, trefwoorden en tekst").fill("veertigduizend")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text('1 document gevonden voor "veertigduizend".').wait_for()
    page.get_by_role("link", name="Marktverkenning puinbrekers 2012").wait_for()
    _screenshots(page, screenshot_dir, "bibliotheek-zoeken")

    page.goto(reverse("library:list", args=[demo.slug]))
    _screenshots(page, screenshot_dir, "bibliotheek-lijst")
