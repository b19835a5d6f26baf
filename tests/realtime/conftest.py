"""WebSocket clients (the `websockets` library) against the real server of `base_url`.

Every realtime test runs twice when Redis is at hand: on one Redis and on a three-primary Redis
Cluster (sharded pub/sub) started for the session."""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
import pytest
import websockets

from core.config import Settings


@pytest.fixture
def settings(settings: Settings, redis_topology: tuple[str | None, bool]) -> Settings:
    """Own Redis names per run (pub/sub ignores the db number) and quick background loops."""
    url, cluster = redis_topology
    return msgspec.structs.replace(
        settings, redis_url=url, redis_cluster=cluster, realtime_prefix=f"pnp:rt:test{os.getpid()}",
        presence_reconcile_every=3600,
        viewers_every=0.2, reminder_every=3600, chat_burst=20, chat_per_second=20.0)


@dataclass
class Client:
    ws: Any
    user_id: int

    async def send(self, **frame: Any) -> None:
        await self.ws.send(msgspec.json.encode(frame).decode())

    async def expect(self, type_: str, *, within: float = 5, **match: Any) -> dict[str, Any]:
        """The next frame of that type whose fields match; other frames are skipped."""
        async with asyncio.timeout(within):
            while True:
                frame = msgspec.json.decode(await self.ws.recv())
                if frame["type"] == type_ and all(frame.get(k) == v for k, v in match.items()):
                    return frame

    async def subscribe(self, channel: str, **extra: Any) -> dict[str, Any]:
        await self.send(type="subscribe", channel=channel, ref=channel, **extra)
        async with asyncio.timeout(5):
            while True:
                frame = msgspec.json.decode(await self.ws.recv())
                if frame.get("ref") == channel and frame["type"] in ("subscribed", "error"):
                    return frame


Connect = Callable[..., Awaitable[Client]]


async def who(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/api/me", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def token_user_id(headers: dict[str, str]) -> int:
    payload = headers["Authorization"].removeprefix("Bearer ").split(".")[1]
    return int(msgspec.json.decode(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"])


@pytest.fixture
async def open_ws() -> AsyncIterator[Connect]:
    """`await open_ws(headers, url)` → a Client on `url`/ws, authenticated by the subprotocol."""
    opened: list[Any] = []

    async def _open(headers: dict[str, str], url: str, **options: Any) -> Client:
        token = headers["Authorization"].removeprefix("Bearer ")
        ws = await websockets.connect(url.replace("http://", "ws://") + "/ws",
                                      subprotocols=["pnp.v1", f"bearer.{token}"],  # type: ignore[list-item]
                                      **options)
        opened.append(ws)
        return Client(ws=ws, user_id=token_user_id(headers))

    yield _open
    for ws in opened:
        await ws.close()


@pytest.fixture
def connect(base_url: str, open_ws: Connect) -> Connect:
    """`await connect(headers)` → a Client on the test's server."""

    async def _connect(headers: dict[str, str], **options: Any) -> Client:
        return await open_ws(headers, base_url, **options)

    return _connect


@pytest.fixture
def me(client: httpx.AsyncClient) -> Callable[[dict[str, str]], Awaitable[dict[str, Any]]]:
    async def _me(headers: dict[str, str]) -> dict[str, Any]:
        return await who(client, headers)

    return _me


@pytest.fixture
def sql(app: Any) -> Callable[..., Awaitable[Any]]:
    """`await sql("SELECT ...", *args)` → fetchval, through the app's lock on the shared connection
    (background loops use it too)."""

    async def _sql(query: str, *args: Any, fetch: str = "fetchval") -> Any:
        async with app.state.db.acquire() as conn:
            return await getattr(conn, fetch)(query, *args)

    return _sql


@pytest.fixture
def book(sql: Any) -> Callable[..., Awaitable[int]]:
    """`await book(model_id, client_id, starts_in=timedelta)` → a confirmed booking's id."""
    from datetime import UTC, datetime, timedelta

    async def _book(model_id: int, client_id: int, *, starts_in: timedelta = timedelta(days=1),
                    minutes: int = 30) -> int:
        starts = datetime.now(UTC) + starts_in
        return await sql(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at,
                                         duration_minutes, price_cents, currency)
               VALUES ($1, $2, 'confirmed', $3, $4, $5, 5000, 'USD') RETURNING id""",
            model_id, client_id, starts, starts + timedelta(minutes=minutes), minutes)

    return _book
