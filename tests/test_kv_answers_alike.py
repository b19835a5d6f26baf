"""Redis, Redis Cluster and the in-process store of core/kv.py answer the same calls alike."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from core.config import Settings
from core.kv import KeyValue, key_value
from core.redis_client import create_redis

PREFIX = f"pnp:test{os.getpid()}:kv:"


@pytest.fixture(params=["memory", "redis", "cluster"])
async def kv(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[KeyValue]:
    if request.param == "memory":
        yield key_value(None)
        return
    assert settings.redis_url, "the Redis side needs Redis"
    cluster = request.param == "cluster"
    redis = create_redis(request.getfixturevalue("redis_cluster") if cluster else settings.redis_url,
                         cluster=cluster)
    assert redis is not None
    try:
        yield key_value(redis)
    finally:
        for key in ("a", "b"):  # one key a command: on a cluster they may live on two shards
            await redis.delete(f"{PREFIX}{key}")
        await redis.aclose()


async def test_get_set_and_overwrite(kv: KeyValue) -> None:
    assert await kv.ping() is True
    assert await kv.get(f"{PREFIX}a") is None
    await kv.set(f"{PREFIX}a", b"one", px=60_000)
    await kv.set(f"{PREFIX}b", b"\x00bytes\xff", px=60_000)
    await kv.set(f"{PREFIX}a", b"two", px=60_000)
    assert [await kv.get(f"{PREFIX}{k}") for k in ("a", "b")] == [b"two", b"\x00bytes\xff"]
    keys = [f"{PREFIX}{k}" for k in ("a", "missing", "b")]  # a and b may live on two shards
    assert await kv.get_many(keys) == [b"two", None, b"\x00bytes\xff"]
