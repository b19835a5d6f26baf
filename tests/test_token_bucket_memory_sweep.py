"""Without Redis the buckets live in a dict; full buckets (the same as absent) are swept once it
holds 1,024, so one process's memory follows the active keys, not every key ever seen, and a
bucket that is still empty keeps refusing through a sweep."""

from __future__ import annotations

import pytest

from core import ratelimit
from core.ratelimit import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_full_buckets_swept_empty_ones_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(ratelimit.time, "monotonic", clock)
    bucket = TokenBucket(None, prefix="sweep", burst=1, per_second=1.0)
    for key in range(1023):
        assert await bucket.take(key) == 0
    clock.now += 0.5
    assert await bucket.take("busy") == 0
    assert len(bucket._local) == 1024
    clock.now += 0.75  # the 1,023 refilled (1.25 s ago); "busy" still empty (0.75 s ago)
    assert await bucket.take("newcomer") == 0
    assert set(bucket._local) == {"busy", "newcomer"}
    assert await bucket.take("busy") == 250
