"""PostgreSQL stopped mid-service: requests get a clear 503 and recover on their own."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import msgspec
import pgserver
import pytest
from pgserver._commands import pg_ctl

from app.main import create_app
from app.migrate import migrate


@pytest.fixture
def own_server() -> Iterator[pgserver.PostgresServer]:
    """A PostgreSQL of this test's own (pgserver), so stopping it disturbs nobody else. Its data
    lives outside pytest's temp root, which concurrent pytest sessions prune."""
    with tempfile.TemporaryDirectory(prefix="pnp-pg-") as directory:
        server = pgserver.get_server(Path(directory) / "pg", cleanup_mode="stop")
        yield server
        server.cleanup()


async def test_requests_fail_with_503_then_recover(own_server: pgserver.PostgresServer, settings,
                                                   serve_app) -> None:
    settings = msgspec.structs.replace(settings, database_url=own_server.get_uri("postgres"),
                                       redis_url=None)
    conn = await asyncpg.connect(settings.database_url)
    await migrate(conn)
    await conn.close()
    async with serve_app(create_app(settings)) as url, httpx.AsyncClient(base_url=url) as client:
        assert (await client.get("/api/models")).status_code == 200
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=own_server.pgdata, user=own_server.system_user)
        down = await client.get("/api/models")
        assert down.status_code == 503 and down.headers["retry-after"] == "5"
        assert down.headers["content-type"].startswith("application/problem+json")
        assert (await client.get("/readyz")).status_code == 503
        own_server.ensure_postgres_running()
        recovered = [(await client.get("/api/models")).status_code for _ in range(3)]
        assert recovered == [200, 200, 200], recovered
