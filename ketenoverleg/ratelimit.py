"""Throttling for the site's own forms that send mail, with allauth's rate limiter.

The limits live beside allauth's own in ``settings.ACCOUNT_RATE_LIMITS`` (for example
``"apply": "5/m/ip,20/h/ip,5/h/user"``) and are counted in the shared cache. Over the
limit the visitor gets the 429 page (``templates/429.html``).
"""

from allauth.core import ratelimit


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
