"""/healthz says the process is up; /readyz checks PostgreSQL and Redis."""

from __future__ import annotations

import httpx
from redis.asyncio import Redis

from core.kv import RedisKeyValue


async def test_healthz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_readyz_checks_dependencies(client: httpx.AsyncClient, settings) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["postgres"] == "ok" and response.json()["redis"] == "ok"


async def test_readyz_is_503_when_redis_stops_answering(client: httpx.AsyncClient, app) -> None:
    """Redis going away after start-up (the app itself waits for Redis before it serves)."""
    working, gone = app.state.cache, Redis.from_url("redis://127.0.0.1:1/0")
    app.state.cache = RedisKeyValue(gone)
    try:
        response = await client.get("/readyz")
    finally:
        await gone.aclose()
        app.state.cache = working
    assert response.status_code == 503 and response.json()["redis"] == "down"
    assert (await client.get("/readyz")).status_code == 200
