"""The per-client token bucket, on a fake clock."""

from __future__ import annotations

import pytest

from ui.errors import ApiError
from ui.ratelimit import RateLimiter


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
