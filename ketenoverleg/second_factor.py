"""Powers that reach all members or the public wait for a second factor.

With ``settings.TWO_FACTOR_REQUIRED`` (on in production, off in the embedded default)
whoever sends agendas or minutes, publishes minutes or news, opens an action package
for consultation or signing, sends invitations or contributie reminders, changes roles,
kernteam seats or the council's details, or opens the admin, needs two-factor
authentication (``allauth.mfa``). Until it is set up, those powers wait on a page that
says why and how. In practice they are the powers of the voorzitter, secretaris,
ketensecretaris and kwartiermaker (``KEY_HOLDER_ROLES``) and of superusers.

This module is the one place with the rule. A view whose every POST is such a power
uses :class:`SecondFactorRequiredMixin` (after its role mixin, so a person without the
role still gets a 403); a view with several actions calls :func:`require_second_factor`
in the handler of the action that is one; the admin is covered by
:class:`AdminSecondFactorMiddleware`.
"""

from urllib.parse import urlencode, urlsplit

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Role
from ketenoverleg.roles import users_holding

KEY_HOLDER_ROLES = frozenset(
    {Role.VOORZITTER, Role.SECRETARIS, Role.KETENSECRETARIS, Role.KWARTIERMAKER}
)

# What waits, in the words of the page that explains it.
POWERS = (
    _("de agenda of het verslag naar alle leden of genodigden sturen"),
    _("een verslag of nieuwsbericht publiceren"),
    _("een actiepakket voor consultatie of ondertekening openen en uitnodigingen sturen"),
    _("contributieherinneringen versturen"),
    _("rollen, kernteamzetels en de gegevens van het ketenoverleg wijzigen"),
    _("het beheer (/admin/) openen"),
)


def has_second_factor(user) -> bool:
    return user.is_authenticated and is_mfa_enabled(user)


def second_factor_missing(user) -> bool:
    """Whether the powers of this module must wait for ``user``."""
    return bool(settings.TWO_FACTOR_REQUIRED) and not has_second_factor(user)


def holds_key_role(user) -> bool:
    """Superusers and holders of a key role anywhere, to remind them on their own page."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or users_holding(None, KEY_HOLDER_ROLES).filter(pk=user.pk).exists()


def _way_back(request) -> str:
    """Where the person was: the page itself for a GET, the form's page for a POST."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def require_second_factor(request) -> HttpResponseRedirect | None:
    """``None`` when the power may go ahead; otherwise the redirect to the page that
    explains why it waits (nothing has been done)."""
    if not second_factor_missing(request.user):
        return None
    url = reverse("second_factor_required")
    back = _way_back(request)
    return HttpResponseRedirect(f"{url}?{urlencode({'next': back})}" if back else url)


class SecondFactorRequiredMixin:
    """Every POST of this view is a power that waits for a second factor."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            waiting = require_second_factor(request)
            if waiting is not None:
                return waiting
        return super().dispatch(request, *args, **kwargs)


class AdminSecondFactorMiddleware:
    """The admin opens only for people with a second factor (when it is required)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.TWO_FACTOR_REQUIRED
            and request.user.is_authenticated
            and request.user.is_staff
            and request.path.startswith(reverse("admin:index"))
        ):
            waiting = require_second_factor(request)
            if waiting is not None:
                return waiting
        return self.get_response(request)
