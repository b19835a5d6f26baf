"""Hold attempts per user per minute, counted in Redis so every instance shares the count."""

from __future__ import annotations

import time
from typing import Any

from app.errors import Problem
from core.batching import Batched

WINDOW_S = 60
# Each key counted once, with EXPIRE on its window's first attempt: one call for a whole batch.
_COUNT_LUA = """local counts = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  counts[i] = n
end
return counts"""


class AttemptLimiter:
    """Fixed one-minute windows. The attempts counted in one turn of the event loop (a burst of
    holds refused together, app/bookings/races.py) go to Redis as one Lua call; their keys share
    a hash tag, so on a cluster that call runs on one shard. Without Redis the count is per
    process (a single instance, as `make run` without REDIS_URL)."""

    def __init__(self, redis: Any, namespace: str) -> None:
        self._prefix = f"pnp:booking:attempts:{{{namespace}}}"
        self._local: dict[int, int] = {}
        self._local_window = 0
        self._script = None if redis is None else redis.register_script(_COUNT_LUA)
        self._counts: Batched[str, int] = Batched(self._count_many)

    async def _count_many(self, keys: list[str]) -> list[int]:
        assert self._script is not None
        return [int(n) for n in await self._script(keys=keys, args=[WINDOW_S + 1])]

    async def _count(self, user_id: int, window: int) -> int:
        if self._script is None:
            if window != self._local_window:
                self._local, self._local_window = {}, window
            self._local[user_id] = self._local.get(user_id, 0) + 1
            return self._local[user_id]
        return await self._counts.load(f"{self._prefix}:{user_id}:{window}")

    async def hit(self, user_id: int, limit: int) -> None:
        """Count one attempt; 429 problem with Retry-After once `limit` is passed this minute."""
        now = time.time()
        window = int(now // WINDOW_S)
        if await self._count(user_id, window) > limit:
            retry = max(1, int((window + 1) * WINDOW_S - now) + 1)
            raise Problem(429, f"too many booking attempts; at most {limit} a minute",
                          headers={"Retry-After": str(retry)}, retry_after=retry)
