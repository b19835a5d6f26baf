"""The server's copy of every delivered chat message for an hour, by message id: a report names
a message and its text, author, scores and the chat said before it come from here, never from
the reporter."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.kv import KeyValue
from realtime.frames import ChatLine


class KeptMessage(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """`before`: the ids of the messages said before it in its room (up to five, oldest first),
    as the room's resume stream held them when it was sent."""

    id: str
    room: str
    user_id: int
    author: str
    text: str
    sent_at: datetime
    action: str
    scores: dict[str, float]
    classifier_version: str
    before: list[str] = msgspec.field(default_factory=list)


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

    async def context(self, message: KeptMessage) -> list[ChatLine]:
        """The chat said before `message` in its room, oldest first: those of its `before` still
        kept (the oldest may have gone first)."""
        lines = []
        for message_id in message.before:
            earlier = await self.get(message_id)
            if earlier is not None and earlier.room == message.room:
                lines.append(ChatLine(author=earlier.author, text=earlier.text, sent_at=earlier.sent_at))
        return lines
