"""Throttling, counted in the shared cache (Redis in production, the database table in
the embedded default).

- The site's own forms that send mail use allauth's rate limiter: their limits live
  beside allauth's own in ``settings.ACCOUNT_RATE_LIMITS`` (for example ``"apply":
  "5/m/ip,20/h/ip,5/h/user"``); over the limit the visitor gets the 429 page
  (``templates/429.html``). See ``RateLimitMixin``.
- Pages anyone may use without an account (joining a workshop, a public question, a
  report) count fixed windows with ``hit`` and ``exceeded``, also on a GET (a guessed
  workshop code). The limits that must hold whatever the cache does are checked in the
  database by the services; these windows only slow down a flood from one address or
  session.

The visitor's address is the one allauth uses, so behind the TLS proxy
(``TRUSTED_PROXY_COUNT``) visitors do not share the proxy's address and each other's
limits.
"""

from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip
from django.core.cache import cache

PREFIX = "rl"


class RateLimitMixin:
    """Count each POST against ``ACCOUNT_RATE_LIMITS[rate_limit_action]``.

    Put it after ``LoginRequiredMixin`` when the limit has a per-user part: those limits
    count logged-in people only.
    """

    rate_limit_action: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            refused = ratelimit.consume_or_429(request, action=self.rate_limit_action)
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)


def client_ip(request) -> str:
    return get_ip(request) or "unknown"


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit on ``key``; False when more than ``limit`` hits fell in the
    current window of ``window`` seconds."""
    full_key = f"{PREFIX}:{key}"
    cache.add(full_key, 0, timeout=window)
    try:
        count = cache.incr(full_key)
    except ValueError:  # the window expired between add and incr
        cache.set(full_key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(key: str, *, limit: int) -> bool:
    """Whether ``key`` already had ``limit`` hits or more in its current window."""
    return (cache.get(f"{PREFIX}:{key}") or 0) >= limit
