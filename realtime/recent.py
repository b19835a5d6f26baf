"""The server's copy of every delivered chat message for an hour, by message id: a report names
a message and its text, author and scores come from here, never from the reporter."""

from __future__ import annotations

import collections
import time
from datetime import datetime
from typing import Any, Protocol

import msgspec


class KeyValueStore(Protocol):
    """The two commands of an asyncio Redis (or Redis Cluster) client this needs; each returns
    an awaitable (redis-py types them as plain methods)."""

    def get(self, name: str) -> Any: ...

    def set(self, name: str, value: bytes, ex: int | None = None) -> Any: ...


class KeptMessage(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    room: str
    user_id: int
    author: str
    text: str
    sent_at: datetime
    action: str
    scores: dict[str, float]
    classifier_version: str


_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(KeptMessage).decode


class RecentMessages:
    """Redis (every instance sees every message) or, without Redis, this process's newest
    `local_max` messages."""

    def __init__(self, redis: KeyValueStore | None, *, prefix: str, ttl_seconds: int = 3600,
                 local_max: int = 10_000) -> None:
        self._redis, self._prefix, self.ttl_seconds = redis, f"{prefix}:msg:", ttl_seconds
        self._local: collections.OrderedDict[str, tuple[float, KeptMessage]] = collections.OrderedDict()
        self._local_max = local_max

    async def keep(self, message: KeptMessage) -> None:
        if self._redis is not None:
            await self._redis.set(f"{self._prefix}{message.id}", _encode(message), ex=self.ttl_seconds)
            return
        self._local[message.id] = (time.monotonic() + self.ttl_seconds, message)
        while len(self._local) > self._local_max:
            self._local.popitem(last=False)

    async def get(self, message_id: str) -> KeptMessage | None:
        if self._redis is not None:
            raw = await self._redis.get(f"{self._prefix}{message_id}")
            return _decode(raw) if raw is not None else None
        kept = self._local.get(message_id)
        if kept is None or kept[0] < time.monotonic():
            return None
        return kept[1]
