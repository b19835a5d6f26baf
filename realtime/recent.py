"""The server's copy of every delivered chat message for an hour, by message id: a report names
a message and its text, author and scores come from here, never from the reporter."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.kv import KeyValue


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
    """Kept in `kv` (core/kv.py): Redis, where every instance sees every message, or without
    Redis this process's bounded store, the newest messages kept."""

    def __init__(self, kv: KeyValue, *, prefix: str, ttl_seconds: int = 3600) -> None:
        self._kv, self._prefix, self.ttl_seconds = kv, f"{prefix}:msg:", ttl_seconds

    async def keep(self, message: KeptMessage) -> None:
        await self._kv.set(f"{self._prefix}{message.id}", _encode(message), px=self.ttl_seconds * 1000)

    async def get(self, message_id: str) -> KeptMessage | None:
        raw = await self._kv.get(f"{self._prefix}{message_id}")
        return _decode(raw) if raw is not None else None
