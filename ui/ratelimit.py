"""A per-client rate limit: one token bucket per key (the client's IP address).

A bucket holds up to ``per_minute`` tokens and refills at ``per_minute / 60`` a second, so a
client may burst up to ``per_minute`` requests and then go on at the steady rate. Thread-safe;
the number of buckets is bounded (full, idle buckets are dropped first), so a flood of addresses
cannot grow memory without end.

Behind a reverse proxy the client address is the proxy's unless uvicorn is told to trust it
(``FORWARDED_ALLOW_IPS``), which then reads X-Forwarded-For.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from ui.errors import ApiError


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        *,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.per_minute = per_minute
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens a second
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def acquire(self, key: str) -> float:
        """Take one token for ``key``: 0.0 if allowed, else the seconds until one is free."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            b = self._buckets.get(key)
            if b is None:
                if len(self._buckets) >= self.max_keys:
                    self._evict(now)
                b = self._buckets[key] = _Bucket(self.capacity, now)
            b.tokens = min(self.capacity, b.tokens + (now - b.stamp) * self.rate)
            b.stamp = now
            if b.tokens >= 1.0:
                b.tokens -= 1.0
                return 0.0
            return (1.0 - b.tokens) / self.rate

    def refund(self, key: str) -> None:
        """Give back the token ``key`` took last (a password check that succeeded)."""
        if not self.enabled:
            return
        with self._lock:
            b = self._buckets.get(key)
            if b is not None:
                b.tokens = min(self.capacity, b.tokens + 1.0)

    def _evict(self, now: float) -> None:
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.stamp) * self.rate >= self.capacity
        ]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.max_keys:  # all busy: drop the oldest half
            for k, _ in sorted(self._buckets.items(), key=lambda kv: kv[1].stamp)[
                : self.max_keys // 2
            ]:
                del self._buckets[k]

    def check(self, key: str) -> None:
        """Raise the 429 ApiError (with Retry-After) when ``key`` is over its limit."""
        wait = self.acquire(key)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise ApiError(
                429,
                "rate_limited",
                f"请求过于频繁（每个客户端每分钟最多 {self.per_minute} 次），请 {seconds} 秒后再试。",
                {"Retry-After": str(seconds)},
            )


def client_key(request: Request) -> str:
    """The key of the client that sent ``request``: its address as the server sees it."""
    return request.client.host if request.client else "unknown"
