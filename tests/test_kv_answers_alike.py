"""Redis and the in-process store of core/kv.py answer the same calls the same way."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from core.config import Settings
from core.kv import KeyValue, key_value
from core.redis_client import create_redis


@pytest.fixture(params=["redis", "memory"])
async def kv(request: pytest.FixtureRequest, settings: Settings) -> AsyncIterator[KeyValue]:
    if request.param == "memory":
        yield key_value(None)
        return
    assert settings.redis_url, "the Redis side needs Redis"
    redis = create_redis(settings.redis_url)
    assert redis is not None
    try:
        yield key_value(redis)
    finally:
        await redis.delete(*[f"{PREFIX}{k}" for k in ("a", "b")])
        await redis.aclose()


PREFIX = f"pnp:test{os.getpid()}:kv:"


async def test_get_set_and_overwrite(kv: KeyValue) -> None:
    assert await kv.ping() is True
    assert await kv.get(f"{PREFIX}a") is None
    await kv.set(f"{PREFIX}a", b"one", px=60_000)
    await kv.set(f"{PREFIX}b", b"\x00bytes\xff", px=60_000)
    await kv.set(f"{PREFIX}a", b"two", px=60_000)
    assert [await kv.get(f"{PREFIX}{k}") for k in ("a", "b")] == [b"two", b"\x00bytes\xff"]
