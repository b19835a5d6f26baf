import uuid
from collections.abc import AsyncIterator

import pytest

from core.redis_client import create_redis
from moderation.mute import InMemoryMuteTracker, MuteSettings, MuteTracker, RedisMuteTracker

SETTINGS = MuteSettings(blocks=3, window_seconds=60, mute_seconds=300)


class ManualClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(params=["memory", "redis", "cluster"])
async def tracker(request, clock) -> AsyncIterator[MuteTracker]:
    """In memory, on one Redis, and on a Redis Cluster (a user's two keys share a hash tag, so
    its MULTI runs on one shard)."""
    if request.param == "memory":
        yield InMemoryMuteTracker(SETTINGS, clock=clock)
        return
    cluster = request.param == "cluster"
    client = create_redis(request.getfixturevalue("redis_cluster") if cluster else "redis://127.0.0.1:6379/14",
                          cluster=cluster)
    assert client is not None
    prefix = f"pnp:test:mute:{uuid.uuid4().hex}:"
    yield RedisMuteTracker(client, SETTINGS, prefix=prefix, clock=clock)
    for key in [key async for key in client.scan_iter(match=f"{prefix}*")]:
        await client.delete(key)
    await client.aclose()


async def test_user_is_muted_after_repeated_blocks_in_the_window(tracker, clock):
    assert await tracker.record_block(42) is None
    clock.now += 10
    assert await tracker.record_block(42) is None
    clock.now += 10
    until = await tracker.record_block(42)
    assert until == clock.now + SETTINGS.mute_seconds
    assert await tracker.muted_until(42) == until
    assert await tracker.muted_until(43) is None


async def test_blocks_older_than_the_window_do_not_count(tracker, clock):
    await tracker.record_block("u1")
    await tracker.record_block("u1")
    clock.now += SETTINGS.window_seconds + 1
    assert await tracker.record_block("u1") is None
    assert await tracker.muted_until("u1") is None


async def test_mute_ends_after_its_duration(tracker, clock):
    for _ in range(3):
        await tracker.record_block(7)
    clock.now += SETTINGS.mute_seconds - 1
    assert await tracker.muted_until(7) is not None
    clock.now += 2
    assert await tracker.muted_until(7) is None


async def test_unmute_lifts_the_mute_and_forgets_blocks(tracker):
    for _ in range(3):
        await tracker.record_block(9)
    await tracker.unmute(9)
    assert await tracker.muted_until(9) is None
    assert await tracker.record_block(9) is None
