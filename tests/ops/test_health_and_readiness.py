"""/healthz says the process is up; /readyz checks PostgreSQL and Redis."""

from __future__ import annotations

import httpx


async def test_healthz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}


async def test_readyz_checks_dependencies(client: httpx.AsyncClient, settings) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["postgres"] == "ok" and response.json()["redis"] == "ok"


async def test_readyz_is_503_when_redis_is_unreachable(client_with) -> None:
    async with client_with(redis_url="redis://127.0.0.1:1/0") as other:
        response = await other.get("/readyz")
    assert response.status_code == 503 and response.json()["redis"] == "down"
