"""Publishing events to channels, only once the transaction that caused them has committed."""

from __future__ import annotations

import msgspec
from litestar.channels import ChannelsPlugin

from app.db import Connection

_encoder = msgspec.json.Encoder()


class EventBus:
    def __init__(self, channels: ChannelsPlugin) -> None:
        self._channels = channels

    async def publish(self, channel: str, frame: msgspec.Struct) -> None:
        """Frames travel pre-encoded: subscribers forward the bytes without decoding them."""
        self._channels.publish(_encoder.encode(frame), [channel])

    def after_commit(self, conn: Connection, channel: str, frame: msgspec.Struct) -> None:
        async def send() -> None:
            await self.publish(channel, frame)

        conn.on_commit(send)
