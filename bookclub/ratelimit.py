"""A small fixed-window rate limiter on the shared (database) cache, for actions allauth's
own limits do not cover: posting, reporting, invitations and join requests.

Limits are counted per account and per client address, so neither many accounts behind one
address nor one account from many addresses gets past them. `settings.RATE_LIMITS` maps an
action to "count/seconds" (environment: RATE_LIMIT_<ACTION>=count/seconds; empty turns it off).
"""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    """Too many attempts; `retry_after` is how many seconds until the window resets."""

    def __init__(self, action: str, retry_after: int):
        super().__init__(f"Too many attempts at {action}")
        self.action = action
        self.retry_after = retry_after


def parse_rate(rate: str) -> tuple[int, int] | None:
    """ "5/60" -> (5, 60); "" -> None (no limit)."""
    if not rate:
        return None
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def client_address(request) -> str:
    # REMOTE_ADDR is the proxy's address behind one; BEHIND_PROXY trusts its X-Forwarded-For.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _count(key: str, period: int, now: float) -> tuple[int, int]:
    """Add one hit to `key` in the current window; (hits so far, seconds left)."""
    window = int(now // period)
    bucket = f"ratelimit:{key}:{window}"
    cache.add(bucket, 0, timeout=period + 1)
    try:
        hits = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=period + 1)
        hits = 1
    return hits, max(1, int((window + 1) * period - now))


def check(request, action: str) -> None:
    """Count one attempt at `action`; raise RateLimited when over the limit."""
    rate = parse_rate(settings.RATE_LIMITS.get(action, ""))
    if rate is None:
        return
    limit, period = rate
    now = time.time()
    idents = [f"ip:{client_address(request)}"]
    if request.user.is_authenticated:
        idents.append(f"user:{request.user.pk}")
    for ident in idents:
        hits, retry_after = _count(f"{action}:{ident}", period, now)
        if hits > limit:
            raise RateLimited(action, retry_after)


def limit_posts(action: str):
    """Decorate a view: each POST counts towards `action`; other methods are free."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                check(request, action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
