"""A small fixed-window rate limit in Django's cache, for the pages anyone may use
without an account (joining a workshop, looking up a code, posting).

The limits that must hold whatever the cache does (how many people join one
workshop, how much one participant posts) are checked in the database by the
services; these windows only slow down a flood from one address or session.
"""

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit on ``key``; False when more than ``limit`` hits fell in the
    current window of ``window`` seconds."""
    full_key = f"workshops-rl:{key}"
    cache.add(full_key, 0, timeout=window)
    try:
        count = cache.incr(full_key)
    except ValueError:  # the window expired between add and incr
        cache.set(full_key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(key: str, *, limit: int) -> bool:
    """Whether ``key`` already had more than ``limit`` hits in its current window."""
    return (cache.get(f"workshops-rl:{key}") or 0) >= limit
