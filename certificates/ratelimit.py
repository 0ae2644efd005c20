"""A small fixed-window rate limit per client address, kept in the cache."""

import time

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """True while this address has made fewer than ``limit`` calls in the current window."""
    key = f"ratelimit:{scope}:{client_address(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 5)
        count = 1
    return count <= limit
