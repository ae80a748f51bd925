"""The per-client limits on a fake clock: the token bucket in memory, and the fixed window in
PostgreSQL shared by several hosts."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from reportqa.index.postgres import PostgresFactsDB
from ui.errors import ApiError
from ui.ratelimit import Limiter, PostgresRateLimiter, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_the_steady_rate():
    clock = Clock()
    limiter = RateLimiter(6, clock=clock)  # 6 a minute: one token every 10 s
    assert [limiter.acquire("a") for _ in range(6)] == [0.0] * 6
    assert limiter.acquire("a") == pytest.approx(10.0)
    assert limiter.acquire("b") == 0.0  # another client has its own bucket
    clock.now += 5
    assert limiter.acquire("a") == pytest.approx(5.0)
    clock.now += 5
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") == pytest.approx(10.0)


def test_check_raises_429_with_retry_after():
    clock = Clock()
    limiter = RateLimiter(1, clock=clock)
    limiter.check("a")
    with pytest.raises(ApiError) as e:
        limiter.check("a")
    assert e.value.status == 429 and e.value.code == "rate_limited"
    assert e.value.headers == {"Retry-After": "60"}
    assert "每分钟最多 1 次" in e.value.message


def test_zero_disables_the_limit():
    limiter = RateLimiter(0)
    assert not limiter.enabled
    assert all(limiter.acquire("a") == 0.0 for _ in range(1000))


def test_the_number_of_buckets_is_bounded():
    clock = Clock()
    limiter = RateLimiter(60, max_keys=100, clock=clock)
    for i in range(1000):
        limiter.acquire(f"10.0.{i // 256}.{i % 256}")
        clock.now += 0.001
    assert len(limiter._buckets) <= 100
    clock.now += 120  # all refilled: dropped first when room is needed
    limiter.acquire("new")
    assert len(limiter._buckets) == 1


def test_a_refund_gives_back_the_token_taken():
    limiter = RateLimiter(2, clock=Clock())
    assert [limiter.acquire("a"), limiter.acquire("a")] == [0.0, 0.0]
    limiter.refund("a")  # the second attempt succeeded: it does not count
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0
    limiter.refund("a")
    limiter.refund("a")
    limiter.refund("a")  # never above the capacity
    waits = [limiter.acquire("a") for _ in range(3)]
    assert waits[:2] == [0.0, 0.0] and waits[2] == pytest.approx(30.0)
    limiter.refund("unknown")  # a key never seen: nothing to give back
    assert "unknown" not in limiter._buckets


# -- the shared limiter: one counter per key and minute in PostgreSQL ------------------------

WINDOW_START = 1_000_020.0  # a multiple of 60: the start of a window


@pytest.fixture
def two_hosts(database_url) -> Iterator[Callable[..., tuple[Limiter, Limiter]]]:
    """Opens two limiters (two hosts, each with its own connections) on one database, on one
    fake wall clock."""
    opened: list[PostgresFactsDB] = []

    def make(per_minute: int, clock: Clock, scope: str = "public") -> tuple[Limiter, Limiter]:
        limiters = []
        for _ in range(2):
            opened.append(PostgresFactsDB(database_url))
            limiters.append(PostgresRateLimiter(opened[-1], per_minute, scope=scope, clock=clock))
        return limiters[0], limiters[1]

    yield make
    for db in opened:
        db.close()


def test_two_hosts_together_allow_exactly_the_limit(two_hosts):
    clock = Clock()
    clock.now = WINDOW_START + 15
    a, b = two_hosts(5, clock)
    for i in range(5):  # alternately on each host
        (a if i % 2 else b).check("10.0.0.1")
    for host in (a, b):
        with pytest.raises(ApiError) as e:
            host.check("10.0.0.1")
        assert (e.value.status, e.value.code) == (429, "rate_limited")
        assert e.value.message == "请求过于频繁（每个客户端每分钟最多 5 次），请 45 秒后再试。"
        assert e.value.headers == {"Retry-After": "45"}
    a.check("10.0.0.2")  # another client has its own count
    clock.now = WINDOW_START + 60  # the next window
    b.check("10.0.0.1")


def test_a_refund_on_one_host_is_seen_by_the_other(two_hosts):
    clock = Clock()
    clock.now = WINDOW_START
    a, b = two_hosts(2, clock, scope="login")
    assert [a.acquire("c"), b.acquire("c")] == [0.0, 0.0]
    a.refund("c")  # the second attempt succeeded: it does not count
    assert b.acquire("c") == 0.0
    assert a.acquire("c") == pytest.approx(60.0)
    public = PostgresRateLimiter(a.db, 2, scope="public", clock=clock)  # type: ignore[attr-defined]
    assert public.acquire("c") == 0.0  # the public limit counts apart from the logins


def test_past_windows_are_deleted(two_hosts):
    clock = Clock()
    clock.now = WINDOW_START
    a, _ = two_hosts(3, clock)
    a.acquire("c")
    clock.now += 60
    a.acquire("c")
    clock.now += 60  # two windows on: the first one's row goes
    a.acquire("c")
    with a.db.reading() as conn:  # type: ignore[attr-defined]
        wins = [r[0] for r in conn.execute("SELECT win FROM rate_limits ORDER BY win")]
    assert wins == [WINDOW_START // 60 + 1, WINDOW_START // 60 + 2]


def test_zero_disables_the_shared_limit(database_url):
    db = PostgresFactsDB(database_url)
    try:
        limiter = PostgresRateLimiter(db, 0)
        assert all(limiter.acquire("a") == 0.0 for _ in range(100))
    finally:
        db.close()
