"""The Content-Security-Policy enforced in a real browser, and the security pages.

With the production policy enforced, Chromium visits the key pages of a visitor, a
member, the secretaris and a superuser and reports no CSP violation (a
``securitypolicyviolation`` event or a console error); forms and the admin still work.
The secretaris sets up two-factor authentication in the browser after a power waited
for it. Screenshots at 390 and 1280 px go to test-artifacts/.
"""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from django.utils import timezone

from actionpackages.models import Package
from ketenoverleg import audit, documents
from ketenoverleg.models import AuditEntry, NewsItem, Role
from meetings.models import Dispatch
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    complete_package,
)
from tests.factories import PASSWORD, CouncilFactory, UserFactory, user_with_role
from tests.meetings.factories import MinutesFactory, days_from_now
from tests.members.factories import member_of

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""
WIDTHS = (390, 1280)


@pytest.fixture(autouse=True)
def _no_weasyprint(monkeypatch):
    monkeypatch.setattr(documents, "html_to_pdf", lambda html: b"%PDF-1.7\n%%EOF\n")


@pytest.fixture
def enforced_csp(settings):
    """The production policy, enforced (development only reports it)."""
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": settings.CSP_DIRECTIVES}
    del settings.CONTENT_SECURITY_POLICY_REPORT_ONLY


@pytest.fixture
def csp_page(browser_page, enforced_csp):
    """A page that records CSP violations and console errors about them."""
    page = browser_page
    page.add_init_script(WATCH_CSP)
    page.console_errors = []
    page.on(
        "console",
        lambda message: (
            page.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    return page


def visit(page, url: str) -> None:
    """Open ``url`` and assert the enforced policy came with it and blocked nothing."""
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert violations == [], f"{url}: {violations}"
    assert csp_errors == [], f"{url}: {csp_errors}"


def log_in(page, user) -> None:
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.locator("header.site-header").get_by_text(user.email).wait_for()


def log_out(page) -> None:
    page.locator("header.site-header").get_by_role("button", name="Uitloggen").click()
    page.locator("header.site-header").get_by_role("link", name="Inloggen").wait_for()


def screenshots(page, directory, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = directory / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000
    page.set_viewport_size({"width": 1280, "height": 900})


def _council_with_content():
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    member = member_of(council)
    package = complete_package(council, status=Package.Status.LOPEND, title="Meer granulaatbeton")
    indicator = IndicatorFactory(package=package, name="Aandeel granulaat")
    for days, value in ((300, "5"), (120, "7"), (20, "9")):
        MeasurementFactory(
            indicator=indicator,
            measured_on=timezone.localdate() - timedelta(days=days),
            value=Decimal(value),
        )
    meeting = MinutesFactory(meeting__council=council, meeting__starts_at=days_from_now(-7)).meeting
    NewsItem.objects.create(council=council, title="Startbijeenkomst", body="Welkom.")
    return council, secretary, member, package, meeting


def test_key_pages_render_and_work_with_the_policy_enforced(csp_page, screenshot_dir):
    page = csp_page
    council, secretary, member, package, meeting = _council_with_content()
    admin = UserFactory(is_staff=True, is_superuser=True)
    slug = {"slug": council.slug}
    audit.record(
        action=AuditEntry.Action.ROLE_ASSIGNED,
        by=admin,
        council=council,
        target=council,
        summary="%(person)s is %(role)s vanaf %(starts_on)s",
        person=secretary,
        role="Secretaris",
        starts_on=timezone.localdate(),
    )

    # A visitor: public pages with the SVG charts, and allauth's forms.
    for url in [
        reverse("home"),
        reverse("council_detail", kwargs=slug),
        reverse("members:ledenlijst", kwargs=slug),
        reverse("news_list", kwargs=slug),
        reverse("actionpackages:list", kwargs=slug),
        reverse("actionpackages:package", kwargs={**slug, "pk": package.pk}),
        reverse("actionpackages:trendlijst", kwargs=slug),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ]:
        visit(page, url)
    page.goto(reverse("actionpackages:package", kwargs={**slug, "pk": package.pk}))
    assert page.locator("svg.chart").count() >= 2
    assert page.locator("svg.chart .series").evaluate("e => getComputedStyle(e).fill") == "none"

    # The language switch (a link, so public pages need no CSRF cookie) works both ways.
    page.goto(reverse("home"))
    page.get_by_role("link", name="English").click()
    page.get_by_role("link", name="Log in").wait_for()
    page.get_by_role("link", name="Nederlands").click()
    page.get_by_role("link", name="Inloggen").wait_for()

    # A member.
    log_in(page, member)
    for url in [
        reverse("mydata:my_data"),
        reverse("members:ledenlijst", kwargs=slug),
        reverse("account_email"),  # allauth's own script files and JSON data
        reverse("mfa_index"),
        reverse("usersessions_list"),
    ]:
        visit(page, url)
    log_out(page)

    # The secretaris: management pages, sending minutes, the audit log.
    log_in(page, secretary)
    for url in [
        meeting.get_absolute_url(),
        reverse("council_roles", kwargs=slug),
        reverse("members:kernteam", kwargs=slug),
        reverse("council_edit", kwargs=slug),
        reverse("audit_log", kwargs=slug),
    ]:
        visit(page, url)
    page.goto(meeting.get_absolute_url())
    send = page.locator("form").filter(has=page.get_by_label("Wat versturen"))
    send.get_by_label("Wat versturen").select_option("verslag")
    send.get_by_label("Alle leden").check()
    send.get_by_role("button").click()
    page.get_by_text("wordt verstuurd naar 2 personen").wait_for()  # the member and the secretaris
    assert Dispatch.objects.count() == 1
    assert page.evaluate("window.__cspViolations") == []
    log_out(page)

    # A superuser in the admin: Django's own scripts and styles.
    log_in(page, admin)
    for url in [
        reverse("admin:index"),
        reverse("admin:ketenoverleg_auditentry_changelist"),
        reverse("admin:ketenoverleg_user_changelist"),
        reverse("admin:ketenoverleg_user_change", args=[member.pk]),
    ]:
        visit(page, url)
    page.goto(reverse("admin:ketenoverleg_auditentry_changelist"))
    page.get_by_role("link", name="Rol toegekend").first.click()
    page.wait_for_url("**action__exact=role_assigned**")
    assert page.evaluate("window.__cspViolations") == []


def test_a_waiting_power_leads_to_setting_up_two_factor_in_the_browser(
    csp_page, settings, screenshot_dir
):
    settings.TWO_FACTOR_REQUIRED = True
    settings.MFA_TOTP_TOLERANCE = 1
    page = csp_page
    council, secretary, member, package, meeting = _council_with_content()
    audit.record(
        action=AuditEntry.Action.REMINDERS_SENT,
        by=secretary,
        council=council,
        summary="%(count)s herinneringen voor de contributie van %(year)s",
        count=12,
        year=timezone.localdate().year,
    )
    log_in(page, secretary)

    # Sending the minutes to all members waits: nothing is sent.
    page.goto(meeting.get_absolute_url())
    send = page.locator("form").filter(has=page.get_by_label("Wat versturen"))
    send.get_by_label("Wat versturen").select_option("verslag")
    send.get_by_label("Alle leden").check()
    send.get_by_role("button").click()
    page.get_by_role("heading", name="Eerst tweestapsverificatie instellen").wait_for()
    assert not Dispatch.objects.exists()
    assert page.evaluate("window.__cspViolations") == []
    screenshots(page, screenshot_dir, "tweestapsverificatie-nodig")

    # Setting it up: confirm the password, scan (here: read the key), type the code.
    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("heading", name="Tweestapsverificatie instellen").wait_for()
    assert page.locator(".totp-qr svg").is_visible()
    assert page.evaluate("window.__cspViolations") == []
    screenshots(page, screenshot_dir, "tweestapsverificatie-instellen")
    secret = page.locator("#authenticator-secret").input_value()
    page.get_by_label("Code uit de app").fill(
        format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    )
    page.get_by_role("button", name="Inschakelen").click()
    page.get_by_role("heading", name="Herstelcodes").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    assert page.evaluate("window.__cspViolations") == []

    # Now the minutes go out.
    page.goto(meeting.get_absolute_url())
    send = page.locator("form").filter(has=page.get_by_label("Wat versturen"))
    send.get_by_label("Wat versturen").select_option("verslag")
    send.get_by_label("Alle leden").check()
    send.get_by_role("button").click()
    page.get_by_text("wordt verstuurd naar 2 personen").wait_for()  # the member and the secretaris
    assert Dispatch.objects.count() == 1

    # The audit log shows the send.
    page.goto(reverse("audit_log", kwargs={"slug": council.slug}))
    page.get_by_role("cell", name="Verslag van").first.wait_for()
    assert page.evaluate("window.__cspViolations") == []
    screenshots(page, screenshot_dir, "logboek")


def virtual_authenticator(page) -> None:
    """Chromium's virtual authenticator (DevTools' WebAuthn domain): a platform key
    with a PIN or fingerprint that the person always confirms."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_passkey_is_added_and_logs_in_with_the_policy_enforced(csp_page, screenshot_dir):
    """The whole ceremony in Chromium: add a passkey, use it as the second step, log in
    with it without a password; allauth's scripts run under the enforced CSP."""
    page = csp_page
    council = CouncilFactory(name="Betonketenoverleg Groningen", slug="beton-groningen")
    secretary = user_with_role(council, Role.SECRETARIS)
    virtual_authenticator(page)
    log_in(page, secretary)

    page.goto(reverse("mfa_index"))
    page.get_by_role("link", name="Sleutel toevoegen").click()
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("heading", name="Beveiligingssleutel of passkey toevoegen").wait_for()
    assert page.evaluate("window.__cspViolations") == []
    screenshots(page, screenshot_dir, "sleutel-toevoegen")
    page.get_by_label("Naam van de sleutel").fill("Laptop")
    page.get_by_label("Ook inloggen zonder wachtwoord (passkey)").check()
    page.get_by_role("button", name="Sleutel toevoegen").click()
    page.get_by_role("heading", name="Herstelcodes").wait_for()
    key = Authenticator.objects.get(user=secretary, type=Authenticator.Type.WEBAUTHN)
    assert str(key) == "Laptop"
    assert key.wrap().is_passwordless

    page.goto(reverse("mfa_list_webauthn"))
    page.get_by_role("cell", name="Passkey (inloggen zonder wachtwoord)").wait_for()
    screenshots(page, screenshot_dir, "sleutels")

    # The second login step: the key instead of a code.
    log_out(page)
    page.goto(reverse("account_login"))
    page.locator("#id_login").fill(secretary.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.get_by_role("heading", name="Inloggen: tweede stap").wait_for()
    assert page.evaluate("window.__cspViolations") == []
    screenshots(page, screenshot_dir, "tweede-stap-sleutel")
    page.get_by_role("button", name="Inloggen met uw sleutel").click()
    page.locator("header.site-header").get_by_text(secretary.email).wait_for()

    # A passkey alone: no password typed.
    log_out(page)
    page.goto(reverse("account_login"))
    assert page.evaluate("window.__cspViolations") == []
    page.get_by_role("button", name="Inloggen met een passkey").click()
    page.locator("header.site-header").get_by_text(secretary.email).wait_for()
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert page.evaluate("window.__cspViolations") == []
    assert page.console_errors == []


def test_a_key_that_does_not_answer_is_told_in_the_page(csp_page):
    """No key at hand (here: the authenticator holds no credential for this site): the
    page says so where a screen reader hears it, instead of only in the console."""
    page = csp_page
    user = UserFactory()
    log_in(page, user)
    virtual_authenticator(page)
    page.goto(reverse("account_login"))  # logged in: the login page sends us on
    log_out(page)
    page.goto(reverse("account_login"))
    page.get_by_role("button", name="Inloggen met een passkey").click()
    alert = page.locator("#webauthn-error")
    alert.wait_for(state="visible")
    assert "Dat lukte niet" in alert.inner_text()
    assert alert.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "webauthn-error"
    assert page.evaluate("window.__cspViolations") == []
