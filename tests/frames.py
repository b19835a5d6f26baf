"""What a test's WebSocket receives, read in order by one field's value."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec


class FrameQueue:
    def __init__(self, field: str) -> None:
        self.field = field
        self.frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def next(self, value: str) -> dict[str, Any]:
        """The next frame whose `field` is `value` (others are skipped); fails after 20 s."""
        async with asyncio.timeout(20):
            while True:
                frame = await self.frames.get()
                if frame.get(self.field) == value:
                    return frame


@asynccontextmanager
async def received(socket: Any, *, field: str) -> AsyncIterator[FrameQueue]:
    """Every frame `socket` receives from here on, queued until the context closes."""
    queue = FrameQueue(field)

    async def pump() -> None:
        async for raw in socket:
            await queue.frames.put(msgspec.json.decode(raw))
    task = asyncio.create_task(pump())
    try:
        yield queue
    finally:
        task.cancel()
