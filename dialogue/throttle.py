"""A simple limit on how often one visitor may use a public form, counted in the cache.

Counted per IP address and per session, so neither a new session nor a shared address
escapes it; a window that has passed starts again from zero.
"""

from django.core.cache import cache

# scope -> (attempts allowed, window in seconds)
LIMITS = {
    "question": (5, 3600),
    "report": (10, 3600),
}


def _keys(request, scope: str) -> list[str]:
    keys = [f"dialogue-throttle:{scope}:ip:{request.META.get('REMOTE_ADDR', '')}"]
    if request.session.session_key:
        keys.append(f"dialogue-throttle:{scope}:session:{request.session.session_key}")
    return keys


def allow(request, scope: str) -> bool:
    """Count one attempt; False when this visitor is over the limit for ``scope``."""
    limit, window = LIMITS[scope]
    if not request.session.session_key:
        request.session.save()
    allowed = True
    for key in _keys(request, scope):
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        allowed = allowed and count <= limit
    return allowed
