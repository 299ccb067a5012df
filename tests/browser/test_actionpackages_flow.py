"""The action package walk in a real browser: a member proposes an amendment during the
consultation, the secretaris accepts it, adopts the package and opens it for signing,
the member signs for two actions of its geledingen, and the public sees the signatory
and the participation chart."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionpackages import services
from actionpackages.models import Action, Amendment, Package, Signature
from ketenoverleg import documents
from ketenoverleg.models import Geleding, Role
from tests.factories import PASSWORD, CouncilFactory, RoleAssignmentFactory, UserFactory
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.browser

ACTIONS = {
    Geleding.AANBOD: "Mortelleveranciers vragen bij elke bestelling naar het percentage granulaat.",
    Geleding.VRAAG: "Aannemers bestellen bij elke stort iets meer granulaatbeton.",
    Geleding.RECYCLING: "Puinbrekers leveren gecertificeerd granulaat van betonkwaliteit.",
    Geleding.KENNIS: "Het kenniscentrum meet jaarlijks het aandeel granulaat in beton.",
    Geleding.OVERHEID: "De gemeente bestelt minder granulaat voor wegfunderingen.",
    Geleding.TRANSITIE: "Netwerken publiceren de voorbeelden en nodigen nieuwe partijen uit.",
}


def _log_in(page, user):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(user.email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_from_consultation_to_a_public_signatory(browser_page, screenshot_dir, monkeypatch):
    # The intentieverklaring is requested on opening and signing; its layout is tested
    # elsewhere, so the live server skips WeasyPrint.
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    page = browser_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = UserFactory(first_name="Joost", last_name="de Vries")
    RoleAssignmentFactory(user=secretary, council=council, role=Role.KETENSECRETARIS)
    member = UserFactory(first_name="Anke", last_name="Dijkstra")
    MembershipFactory(
        council=council,
        organisation__name="Bouwbedrijf Dijkstra",
        organisation__representative=member,
        organisation__representative__may_sign=True,
        geledingen=[Geleding.AANBOD, Geleding.VRAAG],
    )
    package = services.package_create(
        council=council,
        by=secretary,
        title="Meer granulaatbeton",
        aim="Meer betongranulaat terug in nieuw beton.",
    )
    for position, (geleding, text) in enumerate(ACTIONS.items()):
        Action.objects.create(package=package, geleding=geleding, text=text, position=position)
    services.package_consult(package=package, by=secretary)

    # The member proposes an amendment to the supply action.
    _log_in(page, member)
    page.goto(package.get_absolute_url())
    page.get_by_label("Over", exact=True).select_option(label=f"Aanbod: {ACTIONS[Geleding.AANBOD]}")
    page.get_by_label("Uw voorstel").fill("Vraag het ook bij telefonische bestellingen.")
    page.get_by_role("button", name="Voorstel indienen").click()
    page.get_by_text("Uw wijzigingsvoorstel is ingediend.").wait_for()
    _log_out(page)

    # The secretaris accepts it with an argument, adopts the package and opens it.
    _log_in(page, secretary)
    page.goto(package.get_absolute_url())
    page.get_by_label("Overnemen", exact=True).check()
    page.get_by_label("Motivering").fill("De vraag geldt voor alle bestelkanalen.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("De vraag geldt voor alle bestelkanalen.").wait_for()
    page.get_by_role("button", name="Consultatie sluiten en vaststellen").click()
    page.get_by_text("Vastgesteld", exact=True).wait_for()
    starts_on = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Ingangsdatum").fill(starts_on.isoformat())
    page.get_by_role("button", name="Openen voor ondertekening").click()
    page.get_by_text("Open voor ondertekening", exact=True).wait_for()
    amendment = Amendment.objects.get(package=package)
    assert (amendment.decision, amendment.decided_by) == (Amendment.Decision.ACCEPTED, secretary)
    package.refresh_from_db()
    assert (package.status, package.starts_on) == (Package.Status.OPEN, starts_on)
    _log_out(page)

    # The member signs for the actions of its two geledingen.
    _log_in(page, member)
    page.goto(package.get_absolute_url())
    page.get_by_role("link", name="Onderteken de intentieverklaring").click()
    page.get_by_text(
        "Namens Bouwbedrijf Dijkstra, lid in de geleding(en): Aanbod, Vraag."
    ).wait_for()
    page.get_by_label(f"Aanbod: {ACTIONS[Geleding.AANBOD]}").check()
    page.get_by_label(f"Vraag: {ACTIONS[Geleding.VRAAG]}").check()
    page.get_by_label("Ik onderteken de intentieverklaring namens deze organisatie.").check()
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("Dank u: de intentieverklaring is ondertekend.").wait_for()
    # Signed: the button is gone, the page says so and links the signature's own page.
    page.get_by_text("Bouwbedrijf Dijkstra heeft dit actiepakket al ondertekend op").wait_for()
    assert page.get_by_role("link", name="Onderteken de intentieverklaring").count() == 0
    signature = Signature.objects.get(package=package)
    assert signature.text_sha256 == package.current_version.sha256
    assert {c.action.geleding for c in signature.commitments.all()} == {"aanbod", "vraag"}
    _log_out(page)

    # Anyone sees the signatory with its geledingen and the participation chart.
    page.goto(package.get_absolute_url())
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Bouwbedrijf Dijkstra")
    )
    row.wait_for()
    assert "Aanbod, Vraag" in row.inner_text()
    assert member.email not in page.content()
    chart = page.locator("svg[role=img]").first
    chart.wait_for()
    assert "Aanbod: 1 van 1 leden" in chart.locator("desc").text_content()
    screenshot = screenshot_dir / "actionpackage-public-signatories.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
