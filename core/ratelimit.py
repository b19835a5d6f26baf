"""The one rate limiter: a token bucket per key (a user id, a client address) holding `burst`
takes, refilled at `per_second`. Chat, message reports, hold attempts and sign-in use it."""

from __future__ import annotations

import math
import time
from collections.abc import Hashable

from core.batching import Batched
from core.redis_client import RedisClient

# Atomic in Redis: every instance shares the buckets. Keys in order, as one batch; a key named
# twice is taken twice. Returns, per key, 0 or the milliseconds to wait.
_BUCKET_LUA = """
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 1000
local ttl = math.ceil(burst / rate) + 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local waits = {}
for i, key in ipairs(KEYS) do
  local state = redis.call('HMGET', key, 't', 'n')
  local tokens = tonumber(state[2]) or burst
  local last = tonumber(state[1]) or now
  tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
  if tokens < 1 then
    waits[i] = math.ceil((1 - tokens) / rate)
  else
    redis.call('HSET', key, 't', tostring(now), 'n', tostring(tokens - 1))
    redis.call('PEXPIRE', key, ttl)
    waits[i] = 0
  end
end
return waits
"""
# The in-memory buckets are swept of full ones (the same as absent) once they reach this many.
_SWEEP_FLOOR = 1024


class TokenBucket:
    """The takes made in one turn of the event loop (a burst of holds, of chat messages) go to
    Redis as one Lua call; a bucket's keys share the hash tag `{prefix}`, so on a cluster that
    call runs on one shard. Without Redis the buckets are per process (a single instance)."""

    def __init__(self, redis: RedisClient | None, *, prefix: str, burst: int, per_second: float) -> None:
        self.burst, self.per_second = burst, per_second
        self._prefix = f"{{{prefix}}}:rate:"
        self._script = redis.register_script(_BUCKET_LUA) if redis is not None else None
        self._waits: Batched[str, int] = Batched(self._take_many)
        self._local: dict[Hashable, tuple[float, float]] = {}
        self._sweep_at = _SWEEP_FLOOR

    async def take(self, key: Hashable) -> int:
        """0 when the take may go, else the milliseconds until it may."""
        if self._script is None:
            return self._take_local(key)
        return await self._waits.load(f"{self._prefix}{key}")

    async def _take_many(self, keys: list[str]) -> list[int]:
        assert self._script is not None
        return [int(wait) for wait in await self._script(keys=keys, args=[self.burst, self.per_second])]

    def _take_local(self, key: Hashable) -> int:
        now = time.monotonic()
        if len(self._local) >= self._sweep_at:
            refill_s = self.burst / self.per_second
            self._local = {k: v for k, v in self._local.items() if now - v[0] < refill_s}
            self._sweep_at = max(_SWEEP_FLOOR, 2 * len(self._local))
        last, tokens = self._local.get(key, (now, float(self.burst)))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        if tokens < 1:
            return math.ceil((1 - tokens) / self.per_second * 1000)
        self._local[key] = (now, tokens - 1)
        return 0
