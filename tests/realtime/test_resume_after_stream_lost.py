"""A Redis that restarts empty loses a room's stream; the next message starts a new one. An offset
from the old stream then gets `reset` (None), not a replay that silently skips what was lost."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from realtime.broker import RedisBroker, stream_key

REDIS = "redis://127.0.0.1:6379/15"


PREFIX = f"pnp:rt:lost{os.getpid()}"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS)
    yield client
    await client.aclose()


async def test_an_offset_from_a_lost_stream_is_reset(redis: Redis) -> None:
    broker = RedisBroker(redis, prefix=PREFIX, max_messages=100, max_age=60)
    first = await broker.publish_chat("room:live:1", b'{"type":"chat","text":"one","offset":')
    second = await broker.publish_chat("room:live:1", b'{"type":"chat","text":"two","offset":')
    assert len(await broker.history("room:live:1", first) or []) == 1
    await redis.delete(stream_key(PREFIX, "room:live:1"))  # what a restart with nothing on disk does
    while (await redis.time())[0] * 1000 + (await redis.time())[1] // 1000 <= int(second.split("-")[0]):
        pass  # a restart takes longer than a millisecond: the new stream's ids are past the old ones
    await broker.publish_chat("room:live:1", b'{"type":"chat","text":"three","offset":')
    assert await broker.history("room:live:1", second) is None
