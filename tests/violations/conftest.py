"""Moderation app tests: the real classifier (loaded once per process by the runtime), Redis
mute keys under a per-process prefix, and the moderators' live feed."""

from __future__ import annotations

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
from tests.frames import FrameQueue, received


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Test databases of parallel runs reuse user ids: their mute counters must not meet."""
    return msgspec.structs.replace(
        settings, moderation_redis_prefix=f"pnp:test:{os.getpid()}:moderation:mute:",
        moderation_mute_blocks=3, moderation_mute_minutes=15)


@pytest.fixture
def moderation_feed(base_url: str, login: Any) -> Callable[[], Any]:
    """`async with moderation_feed() as feed: ...; await feed.next("violation")` — a moderator's
    live feed over the real WebSocket."""
    @asynccontextmanager
    async def listen() -> AsyncIterator[FrameQueue]:
        token = (await login("MODERATOR"))["Authorization"].removeprefix("Bearer ")
        async with websockets.connect(base_url.replace("http", "ws", 1) + f"/ws?token={token}") as ws:
            await ws.send(msgspec.json.encode({"type": "subscribe", "channel": channel("moderation"),
                                               "ref": "feed"}).decode())
            while msgspec.json.decode(await ws.recv()).get("ref") != "feed":
                pass
            async with received(ws, field="type") as feed:
                yield feed
    return listen


@pytest.fixture
def user_id(client: httpx.AsyncClient) -> Callable[[dict[str, str]], Awaitable[int]]:
    async def _id(headers: dict[str, str]) -> int:
        response = await client.get("/api/me", headers=headers)
        assert response.status_code == 200, response.text
        return int(response.json()["id"])
    return _id
