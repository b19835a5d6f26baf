"""Hold attempts per user per minute, counted in Redis so every instance shares the count."""

from __future__ import annotations

import time
from typing import Any

from app.errors import Problem

WINDOW_S = 60


class AttemptLimiter:
    """Fixed one-minute windows: one pipelined INCR+EXPIRE per attempt. Without Redis the count is
    per process (a single instance, as `make run` without REDIS_URL)."""

    def __init__(self, redis: Any, namespace: str) -> None:
        self._redis = redis
        self._namespace = namespace
        self._local: dict[tuple[int, int], int] = {}

    async def _count(self, user_id: int, window: int) -> int:
        if self._redis is None:
            self._local = {k: v for k, v in self._local.items() if k[1] >= window}
            self._local[(user_id, window)] = self._local.get((user_id, window), 0) + 1
            return self._local[(user_id, window)]
        key = f"pnp:booking:attempts:{self._namespace}:{user_id}:{window}"
        pipe = self._redis.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, WINDOW_S + 1)
        count, _ = await pipe.execute()
        return int(count)

    async def hit(self, user_id: int, limit: int) -> None:
        """Count one attempt; 429 problem with Retry-After once `limit` is passed this minute."""
        now = time.time()
        window = int(now // WINDOW_S)
        if await self._count(user_id, window) > limit:
            retry = max(1, int((window + 1) * WINDOW_S - now) + 1)
            raise Problem(429, f"too many booking attempts; at most {limit} a minute",
                          headers={"Retry-After": str(retry)}, retry_after=retry)
