"""The one Redis-or-memory seam for plain keys with a TTL: caches and kept copies.

`key_value(redis)` is the one place that chooses: the shared Redis (or Redis Cluster) client
when the app has one, so every instance sees the same keys; else this process's bounded store,
the oldest key dropped first. Callers built on their own scripts, sorted sets or pub/sub
(fan-out, presence, rate limits, mutes, media room claims) keep their own two implementations."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from typing import Protocol, cast

from redis.asyncio.cluster import RedisCluster

from core.redis_client import RedisClient


class KeyValue(Protocol):
    async def get(self, key: str) -> bytes | None: ...

    async def get_many(self, keys: list[str]) -> list[bytes | None]:
        """One round trip; on a cluster, one per shard the keys live on."""
        ...

    async def set(self, key: str, value: bytes, *, px: int) -> None:
        """Store `value` under `key` for `px` milliseconds (at least 1)."""
        ...

    async def ping(self) -> bool: ...


class RedisKeyValue:
    def __init__(self, redis: RedisClient) -> None:
        self.redis = redis

    async def get(self, key: str) -> bytes | None:
        return cast("bytes | None", await self.redis.get(key))  # the client does not decode

    async def get_many(self, keys: list[str]) -> list[bytes | None]:
        if isinstance(self.redis, RedisCluster):
            return cast("list[bytes | None]", await self.redis.mget_nonatomic(keys))
        return cast("list[bytes | None]", await self.redis.mget(keys))

    async def set(self, key: str, value: bytes, *, px: int) -> None:
        await self.redis.set(key, value, px=px)

    async def ping(self) -> bool:
        return bool(await self.redis.ping())


class MemoryKeyValue:
    """At most `max_keys` keys; a write beyond that drops the least recently written one."""

    def __init__(self, *, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._max_keys, self._clock = max_keys, clock
        self._items: collections.OrderedDict[str, tuple[float, bytes]] = collections.OrderedDict()

    async def get(self, key: str) -> bytes | None:
        kept = self._items.get(key)
        if kept is None:
            return None
        if kept[0] <= self._clock():
            del self._items[key]
            return None
        return kept[1]

    async def get_many(self, keys: list[str]) -> list[bytes | None]:
        return [await self.get(key) for key in keys]

    async def set(self, key: str, value: bytes, *, px: int) -> None:
        if px < 1:
            raise ValueError("px must be at least 1 millisecond")
        self._items.pop(key, None)
        self._items[key] = (self._clock() + px / 1000, value)
        while len(self._items) > self._max_keys:
            self._items.popitem(last=False)

    async def ping(self) -> bool:
        return True


def key_value(redis: RedisClient | None, *, max_keys: int = 10_000) -> KeyValue:
    """`max_keys` bounds the in-process store only (Redis has its own memory policy)."""
    return MemoryKeyValue(max_keys=max_keys) if redis is None else RedisKeyValue(redis)
