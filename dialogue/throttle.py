"""How often one visitor may use a public form of the dialogue, counted per address and
per session (so neither a new session nor a shared address escapes it) with the core's
throttle (``ketenoverleg.ratelimit``)."""

from ketenoverleg import ratelimit

# scope -> (attempts allowed, window in seconds)
LIMITS = {
    "question": (5, 3600),
    "report": (10, 3600),
}


def allow(request, scope: str) -> bool:
    """Count one attempt; False when this visitor is over the limit for ``scope``."""
    limit, window = LIMITS[scope]
    if not request.session.session_key:
        request.session.save()
    keys = [
        f"dialogue:{scope}:ip:{ratelimit.client_ip(request)}",
        f"dialogue:{scope}:session:{request.session.session_key}",
    ]
    # Both are counted, also when the first is already over.
    results = [ratelimit.hit(key, limit=limit, window=window) for key in keys]
    return all(results)
