"""Rate limits kept in the shared cache (Redis in production, so every worker counts together),
and the one rule for who the client is behind the trust's proxies."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address.

    With ``BRIDGE_TRUSTED_PROXIES = n`` (the number of proxies in front of the site, each of which
    appends the address it received from to ``X-Forwarded-For``), the client is the nth address
    from the right; anything further left was written by the client and is not trusted. A
    request that did not pass through every proxy, or names no valid address, is keyed by the
    address that connected. None when even that is not a valid address (django-axes, which stores
    it, then records none).
    """
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = getattr(settings, "BRIDGE_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < proxies:
        return remote
    return _valid(chain[-proxies]) or remote


def _hit(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return 1


def _clock() -> float:
    return time.time()


def _window_key(scope: str, subject: str, window: int) -> str:
    return f"ratelimit:{scope}:{subject}:{int(_clock() // window)}"


def allow(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """True while this client has made fewer than ``limit`` calls in the current window."""
    subject = client_address(request) or "unknown"
    return _hit(_window_key(scope, subject, window), window) <= limit


def count(*, scope: str, subject: str, window: int) -> int:
    """Add one to a subject's count (an account, or everyone) and return the new count."""
    return _hit(_window_key(scope, subject, window), window)


def current(*, scope: str, subject: str, window: int) -> int:
    return cache.get(_window_key(scope, subject, window), 0)


def clear(*, scope: str, subject: str, window: int) -> None:
    cache.delete(_window_key(scope, subject, window))
