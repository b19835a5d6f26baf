"""A burst of takes in one moment (one Lua call on Redis, keys under one hash tag) is answered as
the in-memory buckets answer it: the same takes refused, for about the same wait."""

from __future__ import annotations

import asyncio
import uuid

from core.ratelimit import TokenBucket
from core.redis_client import create_redis

KEYS = (1, 1, "10.0.0.1", 1, 1, 2, "10.0.0.1", 1, "10.0.0.2", 2)


async def test_batched_redis_and_memory_buckets_agree(redis_topology) -> None:
    url, cluster = redis_topology
    assert url is not None, "this test compares with Redis: run it where Redis is (REDIS_URL)"
    redis = create_redis(url, cluster=cluster)
    assert redis is not None
    prefix = f"pnp:test:{uuid.uuid4().hex}"
    shared = TokenBucket(redis, prefix=prefix, burst=3, per_second=1 / 60)
    local = TokenBucket(None, prefix=prefix, burst=3, per_second=1 / 60)
    try:
        in_redis = await asyncio.gather(*(shared.take(key) for key in KEYS))
        in_memory = await asyncio.gather(*(local.take(key) for key in KEYS))
        again = await asyncio.gather(shared.take(2), shared.take(1)), \
            await asyncio.gather(local.take(2), local.take(1))
    finally:
        await redis.aclose()
    refused = [i for i, wait in enumerate(in_memory) if wait]
    assert refused == [4, 7]
    assert [i for i, wait in enumerate(in_redis) if wait] == refused
    assert all(abs(a - b) < 1000 and 59_000 < a <= 60_000 for a, b in zip(in_redis, in_memory, strict=True)
               if a or b)
    assert [bool(w) for w in again[0]] == [bool(w) for w in again[1]] == [False, True]
