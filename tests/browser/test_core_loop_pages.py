"""The pages of the council's core loop in a real browser, at phone and desk width: a
new member signs a running package (only its own geleding's actions), the kernteam
reads the yearly review and chooses its voorzitter from its midst."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionpackages import services
from actionpackages.models import CommitmentReport, Package, ReviewStatus, Signature
from ketenoverleg import documents
from ketenoverleg.models import Geleding, Role
from members.models import BoardFunction, BoardFunctionTerm, Seat
from tests.actionpackages.factories import ACTION_TEXTS, open_package, sign_for, signer
from tests.factories import PASSWORD, CouncilFactory, user_with_role
from tests.members.factories import BoardAppointmentFactory

pytestmark = pytest.mark.browser

G = Geleding
WIDTHS = {"telefoon": (390, 844), "bureau": (1280, 900)}


def _log_in(page, user):
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(user.email).wait_for()


def _log_out(page):
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def _screenshots(page, screenshot_dir, name):
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        path = screenshot_dir / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def running_package(db, monkeypatch):
    """A package that started two years and ten days ago: round 2 of the yearly review
    is past its due date; one signatory reported delayed twice, with a plan."""
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    package = open_package(council, starts_on=timezone.localdate(), title="Meer granulaatbeton")
    people = {}
    for name, geleding in [
        ("Betoncentrale Noord", G.AANBOD),
        ("Bouwbedrijf Dijkstra", G.VRAAG),
        ("Puinbreker Stad", G.RECYCLING),
    ]:
        people[name] = signer(council, [geleding], name=name)
        sign_for(package, *people[name])
    starts_on = timezone.localdate() - timedelta(days=2 * 365 + 10)
    Package.objects.filter(pk=package.pk).update(status=Package.Status.LOPEND, starts_on=starts_on)
    Signature.objects.filter(package=package).update(
        signed_at=timezone.now() - timedelta(days=2 * 365 + 15)
    )
    package.refresh_from_db()
    for name, status in [
        ("Betoncentrale Noord", ReviewStatus.OP_SCHEMA),
        ("Bouwbedrijf Dijkstra", ReviewStatus.VERTRAAGD),
        ("Puinbreker Stad", ReviewStatus.OP_SCHEMA),
    ]:
        commitment = package.signatures.get(organisation=people[name][1]).commitments.get()
        CommitmentReport.objects.create(
            commitment=commitment, review_number=1, status=status, note="Eerste ronde."
        )
    user, organisation = people["Bouwbedrijf Dijkstra"]
    services.commitment_review_report(
        commitment=package.signatures.get(organisation=organisation).commitments.get(),
        status=ReviewStatus.VERTRAAGD,
        note="Het bestek voor de nieuwbouw was al gegund.",
        by=user,
        plan_what="Granulaatbeton standaard opnemen in de inkoopvoorwaarden.",
        plan_who="Hoofd inkoop",
        plan_due_on=timezone.localdate() + timedelta(days=180),
    )
    user, organisation = people["Betoncentrale Noord"]
    services.commitment_review_report(
        commitment=package.signatures.get(organisation=organisation).commitments.get(),
        status=ReviewStatus.UITGEVOERD,
        note="",
        by=user,
    )
    return package


def test_a_new_member_signs_the_running_package(browser_page, screenshot_dir, running_package):
    page = browser_page
    council = running_package.council
    newcomer, _organisation = signer(council, [G.KENNIS], name="Hogeschool Groningen")

    _log_in(page, newcomer)
    page.goto(running_package.get_absolute_url())
    page.get_by_role("link", name="Onderteken de intentieverklaring").click()
    page.get_by_text("Het pakket loopt sinds").first.wait_for()
    assert page.get_by_label(f"Kennis: {ACTION_TEXTS[G.KENNIS]}").count() == 1
    assert page.get_by_label(f"Aanbod: {ACTION_TEXTS[G.AANBOD]}").count() == 0
    _screenshots(page, screenshot_dir, "ondertekenen-lopend-pakket")

    page.get_by_label(f"Kennis: {ACTION_TEXTS[G.KENNIS]}").check()
    page.get_by_label("Ik onderteken de intentieverklaring namens deze organisatie.").check()
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("heeft zich alsnog aangesloten").wait_for()
    page.get_by_text("Hogeschool Groningen heeft dit actiepakket al ondertekend op").wait_for()
    assert page.get_by_role("link", name="Onderteken de intentieverklaring").count() == 0
    assert Signature.objects.get(organisation__name="Hogeschool Groningen").joined_late
    _screenshots(page, screenshot_dir, "ondertekend-lopend-pakket")


def test_the_kernteam_reads_the_review_and_chooses_its_voorzitter(
    browser_page, screenshot_dir, running_package
):
    page = browser_page
    council = running_package.council
    anna = BoardAppointmentFactory(
        council=council, seat=Seat.VRAAG, user__first_name="Anna", user__last_name="Bakker"
    ).user
    bram = user_with_role(council, Role.SECRETARIS)

    _log_in(page, bram)
    page.goto(running_package.get_absolute_url())
    page.get_by_role("link", name="Wie heeft gemeld, wie is te laat, open verbeterplannen").click()
    page.get_by_text("Granulaatbeton standaard opnemen in de inkoopvoorwaarden.").wait_for()
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Puinbreker Stad"))
    assert "te laat" in row.inner_text()
    _screenshots(page, screenshot_dir, "jaarlijkse-voortgang-kernteam")

    page.goto(reverse("members:kernteam", args=[council.slug]))
    page.get_by_label("Functie", exact=True).select_option(label="Voorzitter")
    page.get_by_label("Kernteamlid", exact=True).select_option(label="Anna Bakker (Vraag)")
    page.get_by_role("button", name="Functie toewijzen").click()
    page.get_by_text("Anna Bakker is voorzitter.").wait_for()
    term = BoardFunctionTerm.objects.get(function=BoardFunction.VOORZITTER)
    assert (term.user, term.recorded_by) == (anna, bram)
    _screenshots(page, screenshot_dir, "kernteam-functies")
