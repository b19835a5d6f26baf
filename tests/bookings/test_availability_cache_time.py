"""A cached answer never offers a slot that passing time has made unbookable (minimum notice)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from app.availability.service import slots
from core.kv import RedisKeyValue
from core.metrics import CACHE


async def test_a_hit_drops_slots_now_inside_the_notice(conn, settings, make_model) -> None:
    assert settings.redis_url, "the cache needs Redis"
    model_id = await make_model(prices={30: 100}, min_notice_min=60)
    t0 = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=1)
    start = t0.replace(minute=0) + timedelta(hours=2)
    ask = {"viewer": None, "model_id": model_id, "start": start, "end": start + timedelta(hours=3),
           "duration": 30, "tz": None}
    redis = Redis.from_url(settings.redis_url)
    try:
        fresh = await slots(conn, **ask, now=t0, cache=RedisKeyValue(redis))
        assert fresh.slots[0].start == start
        hits = CACHE.labels("availability", "hit")._value.get()
        later = await slots(conn, **ask, now=start - timedelta(minutes=45), cache=RedisKeyValue(redis))
        assert CACHE.labels("availability", "hit")._value.get() == hits + 1
        cutoff = start + timedelta(minutes=15)  # 60 min notice from 45 min before the first slot
        assert [s.start for s in later.slots] == [s.start for s in fresh.slots if s.start >= cutoff]
    finally:
        await redis.aclose()
