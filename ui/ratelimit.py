"""A per-client rate limit, per key (the client's IP address). Two limiters, chosen by the
composition root:

* :class:`RateLimiter`: one token bucket per key in this process's memory (no database URL).
* :class:`PostgresRateLimiter`: a fixed-window counter per key and minute in the PostgreSQL
  database of the facts (``REPORTQA_DATABASE_URL``), so every instance on every host counts the
  same client once.

A bucket holds up to ``per_minute`` tokens and refills at ``per_minute / 60`` a second, so a
client may burst up to ``per_minute`` requests and then go on at the steady rate. Thread-safe;
the number of buckets is bounded (full, idle buckets are dropped first), so a flood of addresses
cannot grow memory without end.

Behind a reverse proxy the client address is the proxy's unless uvicorn is told to trust it
(``FORWARDED_ALLOW_IPS``), which then reads X-Forwarded-For.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from ui.errors import ApiError

if TYPE_CHECKING:
    from reportqa.index.postgres import PostgresFactsDB

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60  # the shared limiter's window: the limit is per minute


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class Limiter:
    """What the web layer asks: ``acquire`` (0.0, or the seconds to wait), ``refund``, ``check``."""

    per_minute: int

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def acquire(self, key: str) -> float:
        """Take one request for ``key``: 0.0 if allowed, else the seconds until one is."""
        raise NotImplementedError

    def refund(self, key: str) -> None:
        """Give back the request ``key`` took last (a password check that succeeded)."""
        raise NotImplementedError

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


class RateLimiter(Limiter):
    """Token buckets in this process's memory."""

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

    def acquire(self, key: str) -> float:
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


class PostgresRateLimiter(Limiter):
    """A fixed window per key and minute, counted in the ``rate_limits`` table of the facts
    database on PostgreSQL (connections and errors are the facts database's). Every instance on
    every host adds to the same row, so N instances allow a client ``per_minute`` requests a
    minute, not N times that. ``scope`` keeps two limiters (public, staff logins) apart.

    The window is taken from ``clock`` (the wall clock; hosts keep theirs in step with NTP). A
    fixed window lets a client make up to twice the limit across a window's edge, where a bucket
    would not; the rows of past windows are deleted at most once a window by each instance. The
    table is UNLOGGED: counters are not worth a write-ahead log, and a crash only forgets them.
    """

    def __init__(
        self,
        db: PostgresFactsDB,
        per_minute: int,
        *,
        scope: str = "public",
        clock: Callable[[], float] = time.time,
    ):
        from reportqa.index.postgres import SCHEMA_LOCK_KEY

        self.db = db
        self.per_minute = per_minute
        self.scope = scope
        self._clock = clock
        self._swept = -1  # the last window whose predecessors this instance deleted
        if not self.enabled:
            return
        with db.writing() as conn:  # several hosts starting at once create the table once
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            conn.execute(
                "CREATE UNLOGGED TABLE IF NOT EXISTS rate_limits (scope TEXT NOT NULL, "
                "client TEXT NOT NULL, win BIGINT NOT NULL, count INTEGER NOT NULL, "
                "PRIMARY KEY (scope, client, win))"
            )
            conn.execute("CREATE INDEX IF NOT EXISTS rate_limits_win ON rate_limits (win)")

    def acquire(self, key: str) -> float:
        if not self.enabled:
            return 0.0
        now = self._clock()
        win = int(now // WINDOW_SECONDS)
        if win != self._swept:
            self._swept = win
            self._sweep(win)
        with self.db.writing() as conn:
            row = conn.execute(
                "INSERT INTO rate_limits (scope, client, win, count) VALUES (%s, %s, %s, 1) "
                "ON CONFLICT (scope, client, win) DO UPDATE SET count = rate_limits.count + 1 "
                "RETURNING count",
                (self.scope, key, win),
            ).fetchone()
        if row[0] <= self.per_minute:
            return 0.0
        return (win + 1) * WINDOW_SECONDS - now

    def _sweep(self, win: int) -> None:
        """Delete the rows of windows before the last one: best effort, a failure (another
        instance deleting the same rows) only leaves them for the next window."""
        try:
            with self.db.reading() as conn:  # autocommit: a statement of its own
                conn.execute("DELETE FROM rate_limits WHERE win < %s", (win - 1,))
        except Exception:
            log.warning("rate limits: could not delete the past windows", exc_info=True)

    def refund(self, key: str) -> None:
        if not self.enabled:
            return
        win = int(self._clock() // WINDOW_SECONDS)
        with self.db.writing() as conn:
            conn.execute(
                "UPDATE rate_limits SET count = count - 1 "
                "WHERE scope = %s AND client = %s AND win = %s AND count > 0",
                (self.scope, key, win),
            )


def client_key(request: Request) -> str:
    """The key of the client that sent ``request``: its address as the server sees it."""
    return request.client.host if request.client else "unknown"
