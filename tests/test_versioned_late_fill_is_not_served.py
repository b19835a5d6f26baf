"""A reader that read the database before a write committed stores its answer after the
writer's touch: that answer carries the old token and is never served."""

from __future__ import annotations

from tests.counting import versions


async def test_a_fill_that_lost_the_race_is_a_miss() -> None:
    cache = versions()
    stamp, hit = await cache.get("live:1", ["live:1"])
    assert hit is None
    await cache.touch("live:1")
    await cache.put("live:1", stamp, b"before the write")
    stamp, hit = await cache.get("live:1", ["live:1"])
    assert hit is None
    await cache.put("live:1", stamp, b"after the write")
    assert (await cache.get("live:1", ["live:1"]))[1] == b"after the write"
