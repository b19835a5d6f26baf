"""Per-user token bucket for chat: `burst` messages at once, refilled at `per_second`."""

from __future__ import annotations

import math
import time

from core.redis_client import RedisClient

# Atomic in Redis: one bucket per user shared by every instance. Returns 0 or ms to wait.
_BUCKET_LUA = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 't', 'n')
local tokens = tonumber(state[2]) or burst
local last = tonumber(state[1]) or now
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
if tokens < 1 then return math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 't', tostring(now), 'n', tostring(tokens - 1))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return 0
"""


class TokenBucket:
    def __init__(self, redis: RedisClient | None, *, prefix: str, burst: int, per_second: float) -> None:
        self._redis, self._prefix = redis, f"{prefix}:rate:"
        self._burst, self._per_second = burst, per_second
        self._script = redis.register_script(_BUCKET_LUA) if redis is not None else None
        self._local: dict[int, tuple[float, float]] = {}

    async def take(self, user_id: int) -> int:
        """0 when the message may go, else the milliseconds until it may."""
        if self._script is not None:
            return int(await self._script(keys=[f"{self._prefix}{user_id}"],
                                          args=[self._burst, self._per_second]))
        now = time.monotonic()
        last, tokens = self._local.get(user_id, (now, float(self._burst)))
        tokens = min(self._burst, tokens + (now - last) * self._per_second)
        if tokens < 1:
            return math.ceil((1 - tokens) / self._per_second * 1000)
        self._local[user_id] = (now, tokens - 1)
        return 0
