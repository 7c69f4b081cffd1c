"""A fixed-window counter in the cache: "at most N times per window for this key".

Used wherever strangers could make the application write on every request (refusals and
failed logins go to the audit log, and every audit event takes the chain's lock). The cache is
shared by every web process when ``CACHE_URL`` points to Redis.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def throttle_allow(*, key: str, limit: int, window_seconds: int) -> bool:
    """Count one more event for ``key``; ``False`` once ``limit`` events happened in the
    current window of ``window_seconds``."""
    if limit <= 0:
        return False
    bucket = int(time.time() // window_seconds)
    cache_key = f"throttle:{key}:{bucket}"
    if cache.add(cache_key, 1, window_seconds + 5):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, window_seconds + 5)
        return True
    return count <= limit
