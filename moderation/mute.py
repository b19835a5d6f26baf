"""Repeated blocks mute a user for a while. Storage-agnostic: in memory or in Redis."""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Protocol

import msgspec
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

Clock = Callable[[], float]


class MuteSettings(msgspec.Struct, frozen=True):
    blocks: int = 3
    window_seconds: float = 600.0
    mute_seconds: float = 900.0


class MuteTracker(Protocol):
    async def record_block(self, user_id: int | str) -> float | None:
        """Count a block; return the unix time the user is muted until, if now muted."""
        ...

    async def muted_until(self, user_id: int | str) -> float | None: ...

    async def unmute(self, user_id: int | str) -> None:
        """Lift a mute and forget recent blocks (a moderator overturned a block)."""
        ...


class InMemoryMuteTracker:
    def __init__(self, settings: MuteSettings | None = None, clock: Clock = time.time) -> None:
        self.settings = settings or MuteSettings()
        self.clock = clock
        self._blocks: dict[str, deque[float]] = {}
        self._muted_until: dict[str, float] = {}

    async def record_block(self, user_id: int | str) -> float | None:
        now, user = self.clock(), str(user_id)
        recent = self._blocks.setdefault(user, deque())
        recent.append(now)
        while recent and recent[0] <= now - self.settings.window_seconds:
            recent.popleft()
        if len(recent) >= self.settings.blocks:
            self._muted_until[user] = now + self.settings.mute_seconds
            recent.clear()
        return await self.muted_until(user)

    async def muted_until(self, user_id: int | str) -> float | None:
        until = self._muted_until.get(str(user_id))
        return until if until is not None and until > self.clock() else None

    async def unmute(self, user_id: int | str) -> None:
        self._muted_until.pop(str(user_id), None)
        self._blocks.pop(str(user_id), None)


def mute_key(prefix: str, user_id: int | str, kind: str) -> str:
    """The one place Redis keys are named: `{prefix}{kind}:{{user_id}}`, kind blocks|muted. The
    user id is the hash tag, so on a Redis Cluster both keys of a user share a slot (and one
    MULTI may touch both)."""
    return f"{prefix}{kind}:{{{user_id}}}"


class RedisMuteTracker:
    """Blocks are a sorted set scored by time, trimmed to the window; the mute is a string
    holding its end time, with a TTL so Redis forgets it."""

    def __init__(
        self,
        redis: Redis | RedisCluster,
        settings: MuteSettings | None = None,
        prefix: str = "pnp:moderation:mute:",
        clock: Clock = time.time,
    ) -> None:
        self.redis = redis
        self.settings = settings or MuteSettings()
        self.prefix = prefix
        self.clock = clock

    async def record_block(self, user_id: int | str) -> float | None:
        now = self.clock()
        blocks = mute_key(self.prefix, user_id, "blocks")
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(blocks, {uuid.uuid4().hex: now})
            pipe.zremrangebyscore(blocks, "-inf", now - self.settings.window_seconds)
            pipe.zcard(blocks)
            pipe.expire(blocks, max(1, int(self.settings.window_seconds) + 1))
            count = (await pipe.execute())[2]
        if count >= self.settings.blocks:
            until = now + self.settings.mute_seconds
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(
                    mute_key(self.prefix, user_id, "muted"),
                    repr(until),
                    px=max(1, int(self.settings.mute_seconds * 1000)),
                )
                pipe.delete(blocks)
                await pipe.execute()
        return await self.muted_until(user_id)

    async def muted_until(self, user_id: int | str) -> float | None:
        raw = await self.redis.get(mute_key(self.prefix, user_id, "muted"))
        if raw is None:
            return None
        until = float(raw)
        return until if until > self.clock() else None

    async def unmute(self, user_id: int | str) -> None:
        await self.redis.delete(
            mute_key(self.prefix, user_id, "muted"), mute_key(self.prefix, user_id, "blocks")
        )
