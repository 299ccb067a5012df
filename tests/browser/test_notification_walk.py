"""Issue 13, point 7, in a real browser: a new member is admitted, is told by mail that
it can join the running package, follows the mail's link and signs, and counts in the
participation and the computed indicator; a year later the review mail comes, it reports
"vertraagd", and the year after again, so it is asked for an improvement plan, which the
kernteam then sees."""

import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionpackages import reviews, services
from actionpackages.models import ImprovementPlan, Metric, Package, Signature
from ketenoverleg import documents
from ketenoverleg.models import Geleding, Role
from members import services as member_services
from members.models import Organisation
from tests.actionpackages.factories import ACTION_TEXTS, open_package, sign_for, signer
from tests.browser.test_core_loop_pages import _log_in, _log_out, _screenshots
from tests.factories import CouncilFactory, UserFactory, user_with_role

pytestmark = pytest.mark.browser

G = Geleding
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LINK = re.compile(r"https?://\S+")


def _mails_to(user, subject_part):
    return [m for m in mail.outbox if m.to == [user.email] and subject_part in m.subject]


def _link(message, part):
    return next(url for url in LINK.findall(message.body) if part in url and "afmelden" not in url)


@pytest.fixture
def walk(db, monkeypatch, settings, live_server):
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")
    settings.SITE_URL = live_server.url
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.KETENSECRETARIS)
    package = open_package(
        council, starts_on=timezone.localdate(), title="Meer granulaatbeton", by=secretary
    )
    for name, geleding in [("Betoncentrale Noord", G.AANBOD), ("Bouwbedrijf Dijkstra", G.VRAAG)]:
        sign_for(package, *signer(council, [geleding], name=name))
    services.package_start(package=package, by=secretary)
    # It has run for a month when the newcomer applies.
    Package.objects.filter(pk=package.pk).update(
        starts_on=timezone.localdate() - timedelta(days=30)
    )
    package.signatures.update(signed_at=timezone.now() - timedelta(days=35))
    package.refresh_from_db()
    indicator = services.indicator_add(
        package=package,
        by=secretary,
        name="Ondertekenende organisaties",
        metric=Metric.ONDERTEKENAARS,
        description="Het aantal organisaties dat ondertekende.",
    )
    newcomer = UserFactory(first_name="Hanna", last_name="Hogeschool")
    membership = member_services.membership_apply(
        council=council,
        user=newcomer,
        organisation=Organisation(
            name="Hogeschool Groningen",
            kind=Organisation.Kind.INSTELLING,
            place="Groningen",
            intention_url="https://hogeschool.example/duurzaam",
        ),
        geledingen=[G.KENNIS],
        supports_goal=True,
        listing_consent=True,
    )
    kernteam = user_with_role(council, Role.VOORZITTER)
    return {
        "council": council,
        "package": package,
        "indicator": indicator,
        "newcomer": newcomer,
        "membership": membership,
        "kernteam": kernteam,
    }


def _report(page, status_label, note, plan=None):
    form = page.locator("form.card").first
    form.get_by_label(status_label).check()
    form.get_by_label("Toelichting", exact=True).fill(note)
    if plan:
        form.get_by_label("Verbeterplan: wat gaat u doen?").fill(plan)
        form.get_by_label("Wie voert het verbeterplan uit?").fill("Lector circulair bouwen")
        due = timezone.localdate() + timedelta(days=120)
        form.get_by_label("Uiterlijk uitgevoerd op").fill(due.isoformat())
    form.get_by_role("button", name="Melding vastleggen").click()
    page.wait_for_load_state()


def test_a_new_member_is_told_signs_and_a_year_later_reports_until_a_plan_is_asked(
    browser_page, screenshot_dir, walk
):
    page = browser_page
    package, newcomer = walk["package"], walk["newcomer"]

    # The kernteam admits the applicant.
    _log_in(page, walk["kernteam"])
    page.goto(walk["membership"].get_absolute_url())
    for label in [
        "Gevestigd in het werkgebied of economisch betrokken bij de keten daar",
        "De gekozen geleding(en) kloppen met de praktijk",
        "Onderschrijft de algemene doelstelling",
        "De duurzame intentie is openbaar (webpagina of tekst)",
    ]:
        page.get_by_label(label).check()
    page.get_by_label("Motivering").fill("Voldoet aan alle criteria.")
    page.get_by_role("button", name="Toelaten").click()
    page.wait_for_load_state()
    _log_out(page)

    # The new member's mail: the package it can join, with a direct link.
    (message,) = _mails_to(newcomer, "Open voor ondertekening: Meer granulaatbeton")
    assert "loopt sinds" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sign_url = _link(message, "/ondertekenen/")

    _log_in(page, newcomer)
    page.goto(sign_url)
    page.get_by_label(f"Kennis: {ACTION_TEXTS[G.KENNIS]}").check()
    page.get_by_label("Ik onderteken de intentieverklaring namens deze organisatie.").check()
    page.get_by_role("button", name="Ondertekenen").click()
    page.get_by_text("heeft zich alsnog aangesloten").wait_for()
    signature = Signature.objects.get(organisation__name="Hogeschool Groningen")
    assert signature.joined_late

    # In the participation and in the computed indicator.
    page.goto(package.get_absolute_url())
    page.get_by_text("Hogeschool Groningen").first.wait_for()
    latest = walk["indicator"].measurements.order_by("-measured_on", "-pk").first()
    assert latest.value == Decimal(3) == package.signatures.active().count()
    page.goto(reverse("actionpackages:trendlijst", args=[package.council.slug]))
    page.get_by_text("3 organisaties").first.wait_for()
    _screenshots(page, screenshot_dir, "nieuw-lid-ondertekent")

    # A year later: the review mail, and the report "vertraagd".
    first = reviews.review(package, 1)
    with time_machine.travel(
        datetime.combine(first.remind_before_on, time(9), tzinfo=AMSTERDAM), tick=True
    ):
        services.review_reminders_send()
        (reminder,) = _mails_to(newcomer, "Jaarlijkse voortgang Meer granulaatbeton")
        _log_in(page, newcomer)
        page.goto(_link(reminder, "/ondertekeningen/"))
        _report(page, "Vertraagd", "Het lectoraat start pas in het voorjaar.")
        page.get_by_text("Gemeld: Vertraagd").wait_for()
        _log_out(page)

    # The year after: delayed again, so the form asks for an improvement plan.
    second = reviews.review(package, 2)
    with time_machine.travel(
        datetime.combine(second.remind_before_on, time(9), tzinfo=AMSTERDAM), tick=True
    ):
        services.review_reminders_send()
        reminders = _mails_to(newcomer, "Jaarlijkse voortgang Meer granulaatbeton")
        assert len(reminders) == 2
        _log_in(page, newcomer)
        page.goto(_link(reminders[-1], "/ondertekeningen/"))
        _report(page, "Vertraagd", "Nog steeds geen studenten beschikbaar.")
        page.get_by_text("beschrijf het verbeterplan").first.wait_for()
        assert not ImprovementPlan.objects.exists()
        _report(
            page,
            "Vertraagd",
            "Nog steeds geen studenten beschikbaar.",
            plan="Afstudeeropdrachten over granulaatbeton uitzetten bij twee opleidingen.",
        )
        page.get_by_text("Verbeterplannen").first.wait_for()
        plan = ImprovementPlan.objects.get()
        assert plan.commitment.signature == signature
        _screenshots(page, screenshot_dir, "verbeterplan-gevraagd")
        _log_out(page)

        # The kernteam sees the plan on the review overview.
        _log_in(page, walk["kernteam"])
        page.goto(reverse("actionpackages:reviews", args=[package.council.slug, package.pk]))
        page.get_by_text(
            "Afstudeeropdrachten over granulaatbeton uitzetten bij twee opleidingen."
        ).wait_for()
        _screenshots(page, screenshot_dir, "verbeterplan-kernteam")
