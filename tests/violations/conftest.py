"""Moderation app tests: the real classifier (loaded once per process by the runtime), Redis
mute keys under a per-process prefix, and the moderators' live feed."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import msgspec
import pytest
import websockets

from core.config import Settings
from realtime.channels import channel


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Test databases of parallel runs reuse user ids: their mute counters must not meet."""
    return msgspec.structs.replace(
        settings, moderation_redis_prefix=f"pnp:test:{os.getpid()}:moderation:mute:",
        moderation_mute_blocks=3, moderation_mute_minutes=15)


class Feed:
    def __init__(self) -> None:
        self.frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def next(self, kind: str) -> dict[str, Any]:
        """The next frame of type `kind` on `moderation` (others are skipped); fails after 20 s."""
        async with asyncio.timeout(20):
            while True:
                frame = await self.frames.get()
                if frame.get("type") == kind:
                    return frame


@pytest.fixture
def moderation_feed(base_url: str, login: Any) -> Callable[[], Any]:
    """`async with moderation_feed() as feed: ...; await feed.next("violation")` — a moderator's
    live feed over the real WebSocket."""
    @asynccontextmanager
    async def listen() -> AsyncIterator[Feed]:
        feed = Feed()
        token = (await login("MODERATOR"))["Authorization"].removeprefix("Bearer ")
        async with websockets.connect(base_url.replace("http", "ws", 1) + f"/ws?token={token}") as ws:
            await ws.send(msgspec.json.encode({"type": "subscribe", "channel": channel("moderation"),
                                               "ref": "feed"}).decode())
            while msgspec.json.decode(await ws.recv()).get("ref") != "feed":
                pass

            async def pump() -> None:
                async for raw in ws:
                    await feed.frames.put(msgspec.json.decode(raw))
            task = asyncio.create_task(pump())
            try:
                yield feed
            finally:
                task.cancel()
    return listen


@pytest.fixture
def user_id(client: httpx.AsyncClient) -> Callable[[dict[str, str]], Awaitable[int]]:
    async def _id(headers: dict[str, str]) -> int:
        response = await client.get("/api/me", headers=headers)
        assert response.status_code == 200, response.text
        return int(response.json()["id"])
    return _id
