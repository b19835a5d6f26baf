"""Publishing events to channels, only once the transaction that caused them has committed."""

from __future__ import annotations

from typing import Protocol

import msgspec

from core.db import Connection

_encoder = msgspec.json.Encoder()


class Publisher(Protocol):
    async def publish(self, channel: str, data: bytes) -> None: ...


class EventBus:
    """Hands encoded frames to the realtime broker (Redis pub/sub, or in-process without Redis)."""

    def __init__(self, publisher: Publisher) -> None:
        self._publisher = publisher

    async def publish(self, channel: str, frame: msgspec.Struct) -> None:
        """Frames travel pre-encoded: subscribers forward the bytes without decoding them."""
        await self._publisher.publish(channel, _encoder.encode(frame))

    def after_commit(self, conn: Connection, channel: str, frame: msgspec.Struct) -> None:
        async def send() -> None:
            await self.publish(channel, frame)

        conn.on_commit(send)
