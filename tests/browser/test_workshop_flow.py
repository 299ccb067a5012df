"""A Hello World workshop in real browsers: the kwartiermaker opens it and puts the
beamer on; three participants on their own phones (separate browser contexts) join
with the code and post in different geledingen; the kwartiermaker links two
contributions; the beamer shows it all without a reload; the closing poll; and one
click turns the workshop into a draft package whose actions and links match."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from actionpackages.models import Package
from ketenoverleg.models import Role
from startup.models import ContactPerson
from tests.factories import PASSWORD, CouncilFactory, RoleAssignmentFactory, UserFactory
from tests.startup.factories import PartyFactory
from workshops.models import Contribution, Workshop

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
PEOPLE = [
    (
        "Jan van der Veen",
        "Meubelmakerij Van der Veen",
        "Aanbod",
        "Ik ontwerp kasten waarvan planken en scharnieren opnieuw te gebruiken zijn.",
    ),
    (
        "Ahmed El Amrani",
        "Gemeente Groningen",
        "Vraag",
        "In de volgende aanbesteding vragen we om een terugnamegarantie.",
    ),
    (
        "Ellen Vos",
        "Kringloopwinkel De Kolk",
        "Recycling",
        "We richten een hoek in de winkel in voor meubelonderdelen.",
    ),
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def log_in(page, user):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(user.email).wait_for()


def shoot(page, directory, name):
    """Screenshots at a phone's and a laptop's width."""
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        path = directory / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
    page.set_viewport_size(size)


def test_a_hello_world_workshop_from_the_beamer_to_a_draft_package(
    chromium_browser, live_server, screenshot_dir
):
    council = CouncilFactory(name="Meubelketenoverleg Groningen", slug="meubel-groningen")
    kwartiermaker = UserFactory(first_name="Marieke", last_name="Jansen")
    RoleAssignmentFactory(user=kwartiermaker, council=council, role=Role.KWARTIERMAKER)
    PartyFactory(council=council, name="Houthandel Noord", geleding="aanbod")
    laptop = chromium_browser.new_context(base_url=live_server.url, viewport=LAPTOP, locale="nl-NL")
    laptop.set_default_timeout(15_000)
    control = laptop.new_page()

    # The kwartiermaker prepares the workshop and puts the beamer on.
    log_in(control, kwartiermaker)
    control.goto(reverse("workshops:create") + f"?ketenoverleg={council.slug}")
    control.get_by_label("Duurzaamheidsprobleem").fill(
        "Afgedankte meubels worden verbrand, terwijl veel onderdelen nog goed zijn."
    )
    control.get_by_label("Oplossingsrichting").fill("Hergebruik van meubelonderdelen bevorderen.")
    control.get_by_role("button", name="Workshop aanmaken").click()
    control.get_by_text("De workshop staat klaar.").wait_for()
    workshop = Workshop.objects.get()
    code = control.locator(".join-line .join-code").inner_text()
    assert code == workshop.code
    beamer = laptop.new_page()
    beamer.goto(reverse("workshops:beamer", args=[workshop.pk]))
    beamer.locator(".beamer-join img").wait_for()
    beamer.evaluate("window.stillTheSamePage = true")

    # Three participants join on their phones, each in a geleding of their own.
    phones = []
    for name, organisation, geleding, text in PEOPLE:
        context = chromium_browser.new_context(
            base_url=live_server.url, viewport=PHONE, locale="nl-NL", is_mobile=True
        )
        context.set_default_timeout(15_000)
        phone = context.new_page()
        phone.goto(reverse("workshops:join"))
        phone.get_by_label("Code van de workshop").fill(code.lower())
        phone.get_by_role("button", name="Verder").click()
        phone.get_by_label("Uw naam").fill(name)
        phone.get_by_label("Organisatie (als u wilt)").fill(organisation)
        phone.get_by_label("Uw rol in de keten").select_option(label=geleding)
        phone.get_by_role("button", name="Meedoen").click()
        phone.get_by_text(f"uw rol: {geleding}").wait_for()
        phone.get_by_label("Wat kunt en wilt u vanuit deze rol bijdragen").fill(text)
        phone.get_by_role("button", name="Op het scherm zetten").click()
        phone.get_by_text("Uw bijdrage staat op het scherm.").wait_for()
        phones.append((context, phone))

    # The beamer shows every contribution in its column, without being reloaded.
    for _name, _organisation, geleding, text in PEOPLE:
        column = beamer.locator(".board-column").filter(
            has=beamer.get_by_role("heading", name=geleding)
        )
        column.get_by_text(text).wait_for(timeout=5_000)
    assert beamer.evaluate("window.stillTheSamePage") is True

    # The kwartiermaker links the supply and the recycling contribution.
    control.reload()
    first, third = Contribution.objects.order_by("pk")[0], Contribution.objects.order_by("pk")[2]
    control.get_by_label(f"#{first.pk} Aanbod: {first.text}").check()
    control.get_by_label(f"#{third.pk} Recycling: {third.text}").check()
    control.get_by_role("button", name="Verbinden").click()
    control.get_by_text("De bijdragen zijn verbonden.").wait_for()
    beamer.locator(".board-links").get_by_text("#1 ↔ #3").wait_for(timeout=5_000)
    beamer.locator("#bijdrage-1 .reinforces").get_by_text("#3").wait_for()
    assert beamer.evaluate("window.stillTheSamePage") is True
    shoot(beamer, screenshot_dir, "workshop-beamer")
    shoot(phones[0][1], screenshot_dir, "workshop-phone")

    # The closing poll: Jan wants to be involved and lets the council keep his details.
    control.get_by_role("button", name="Bijdragen sluiten en afsluitende vragen stellen").click()
    control.get_by_text("de afsluitende vragen staan open").wait_for()
    jan = phones[0][1]
    jan.reload()
    jan.get_by_role("group", name="Is ketenoverleg voor deze keten hier werkbaar?").get_by_label(
        "Ja"
    ).check()
    jan.get_by_role(
        "group", name="Vindt u dat hier een initiatief van de grond moet komen?"
    ).get_by_label("Ja").check()
    jan.get_by_label("Ik wil daarbij betrokken zijn").check()
    jan.get_by_label("Het ketenoverleg mag mijn naam, organisatie en e-mailadres bewaren").check()
    jan.get_by_label("E-mailadres", exact=True).fill("jan@meubelmakerij.nl")
    jan.get_by_role("button", name="Antwoorden versturen").click()
    jan.get_by_text("Dank u voor uw antwoorden.").wait_for()
    beamer.locator(".board-status").get_by_text("1× wil betrokken zijn").wait_for(timeout=5_000)

    # One click: the workshop becomes a draft package of the council.
    control.reload()
    control.get_by_label("Titel van het actiepakket").fill("Meubelonderdelen een tweede leven")
    control.get_by_role("button", name="Omzetten in een conceptactiepakket").click()
    control.get_by_role("heading", name="Meubelonderdelen een tweede leven").wait_for()

    package = Package.objects.get(council=council)
    assert package.status == Package.Status.CONCEPT
    contributions = list(Contribution.objects.order_by("pk"))
    actions = list(package.actions.order_by("position"))
    assert [(a.geleding, a.text) for a in actions] == [(c.geleding, c.text) for c in contributions]
    assert [list(a.reinforces.all()) for a in actions] == [[actions[2]], [], [actions[0]]]
    assert "Versterkt:" in control.content()
    prospect = ContactPerson.objects.get(party__council=council, name="Jan van der Veen")
    assert prospect.email == "jan@meubelmakerij.nl" and prospect.has_consent

    # The kwartiermaker's dashboard and relatiebeheer, for the record.
    control.goto(reverse("startup:dashboard"))
    control.get_by_role("heading", name="Kwartiermakersoverzicht").wait_for()
    shoot(control, screenshot_dir, "kwartiermaker-dashboard")
    control.goto(reverse("startup:parties", args=[council.slug]))
    control.get_by_role("link", name="Meubelmakerij Van der Veen").wait_for()
    shoot(control, screenshot_dir, "relatiebeheer")

    for context, _phone in phones:
        context.close()
    laptop.close()
