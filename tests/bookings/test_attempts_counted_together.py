"""Attempts counted in the same moment (one Lua call for all of them) still count per user,
on one Redis and on a Redis Cluster (the keys share a hash tag)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from app.bookings.limits import attempt_limiter, count_attempt
from app.errors import Problem
from core.redis_client import create_redis


@pytest.mark.parametrize("cluster", [False, True], ids=["redis", "cluster"])
async def test_a_burst_of_attempts_counts_each_users_own(request, cluster: bool) -> None:
    url = request.getfixturevalue("redis_cluster") if cluster else "redis://127.0.0.1:6379/14"
    redis = create_redis(url, cluster=cluster)
    limiter = attempt_limiter(redis, f"test-{uuid.uuid4().hex}", per_minute=2)
    try:
        results = await asyncio.gather(*(count_attempt(limiter, user) for user in (1, 1, 1, 2, 2, 3)),
                                       return_exceptions=True)
        refused = [user for user, r in zip((1, 1, 1, 2, 2, 3), results, strict=True) if r is not None]
        assert refused == [1]
        assert isinstance(results[2], Problem) and results[2].status_code == 429
        with pytest.raises(Problem):
            await count_attempt(limiter, 2)
    finally:
        assert redis is not None
        await redis.aclose()
