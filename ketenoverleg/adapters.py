"""How django-allauth behaves here: the login throttle and allauth's messages.

The texts allauth shows in the pages we render ourselves are overridden in formal
Dutch (allauth's own Dutch catalogue says "je").
"""

from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Ketenoverleg

# The name the mails and pages give the site (allauth would take the host name).
SITE_NAME = "Ketenoverleg"


def safe_next(request) -> str:
    """The ``next`` address of this request if it stays on this site, else ""."""
    if request is None:
        return ""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def next_destination(request) -> dict:
    """Where a visitor goes after login or sign-up: ``{"url", "council", "applying"}``;
    ``council`` when the address lies in a council, ``applying`` when it is the
    membership application form."""
    target = safe_next(request)
    if not target:
        return {}
    try:
        match = resolve(urlsplit(target).path)
    except Resolver404:
        return {"url": target}
    slug = match.kwargs.get("slug")
    council = Ketenoverleg.objects.filter(slug=slug).first() if slug else None
    return {
        "url": target,
        "council": council if council and council.is_published else None,
        "applying": match.view_name == "members:apply",
    }


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Te veel mislukte pogingen om in te loggen vanaf dit adres. "
            "Probeer het over een paar minuten opnieuw."
        ),
        "rate_limited": _("U verstuurt te veel verzoeken achter elkaar. Wacht even."),
    }

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Count wrong passwords per account *and* client address.

        allauth counts them per account only, so five wrong guesses by anyone lock the
        owner out everywhere. With the address in the key (plus the per-address limit
        of ACCOUNT_RATE_LIMITS["login_failed"]), a stranger's guesses only block the
        stranger's address.
        """
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account_key}:{get_ip(request)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails name the site, not the host name ("Hallo van 127.0.0.1")."""
        context = {**context, "site_name": SITE_NAME}
        super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The link in the confirmation mail keeps where the visitor was going (the
        membership application, say), also when it is opened in another browser."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        target = safe_next(request)
        return f"{url}?{urlencode({'next': target})}" if target else url

    REAUTHENTICATION_WAYS = {
        "reauthenticate": _("Met uw wachtwoord"),
        "mfa_reauthenticate": _("Met de code uit uw app of een herstelcode"),
    }

    def get_reauthentication_methods(self, user) -> list[dict]:
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            method["description"] = self.REAUTHENTICATION_WAYS.get(
                method["id"], method["description"]
            )
        return methods


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "U kunt geen e-mailadres toevoegen zolang uw account met tweestapsverificatie "
            "is beveiligd."
        ),
        "cannot_delete_authenticator": _("U kunt tweestapsverificatie niet uitschakelen."),
        "cannot_generate_recovery_codes": _(
            "Herstelcodes kunnen pas worden gemaakt als tweestapsverificatie aan staat."
        ),
        "incorrect_code": _("Deze code klopt niet. Probeer de code die de app nu toont."),
        "unverified_email": _(
            "Bevestig eerst uw e-mailadres; daarna kunt u tweestapsverificatie instellen."
        ),
    }

    def build_totp_svg(self, url: str) -> str:
        """The QR code as an SVG element to put in the page itself (no XML declaration):
        an image from a ``data:`` address would need ``img-src data:`` in the CSP."""
        svg = super().build_totp_svg(url)
        return svg[svg.index("<svg") :].replace("<svg ", '<svg aria-hidden="true" ', 1)
