from __future__ import annotations

import asyncio

from litestar import Response, Router, get
from litestar.datastructures import State
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from app.auth.guards import public
from app.bookings.lifecycle import STATUSES
from app.ops import worker_metrics
from core.metrics import BOOKINGS

_CHECK_TIMEOUT = 2.0
_BOOKINGS_BY_STATUS = "SELECT status::text AS status, count(*) AS n FROM pnp_bookings GROUP BY status"


@get("/healthz", guards=[public], tags=["ops"])
async def healthz() -> dict[str, str]:
    """The process is up; says nothing about its dependencies."""
    return {"status": "ok"}


async def _postgres(state: State) -> bool:
    async with state.db.acquire() as conn:
        return bool(await conn.fetchval("SELECT true"))


async def _redis(state: State) -> bool:
    """Redis through the key-value seam (core/kv.py): always up when the app runs without it."""
    return await state.cache.ping()


@get("/readyz", guards=[public], tags=["ops"])
async def readyz(state: State) -> Response[dict[str, str]]:
    """503 until PostgreSQL and (when configured) Redis answer, so a balancer routes around us."""
    checks: dict[str, str] = {}
    for name, probe in (("postgres", _postgres), ("redis", _redis)):
        try:
            ok = await asyncio.wait_for(probe(state), _CHECK_TIMEOUT)
        except Exception:
            ok = False
        checks[name] = "ok" if ok else "down"
    ready = all(v == "ok" for v in checks.values())
    return Response({"status": "ready" if ready else "unavailable", **checks},
                    status_code=200 if ready else 503)


@get("/metrics", guards=[public], include_in_schema=False)
async def metrics(state: State) -> Response[bytes]:
    """Scraped from inside the network (block /metrics at the edge). Bookings by status are counted
    at scrape time, every status (a status no longer in the table must read 0, not its last count
    kept in a worker's file); a database that does not answer leaves the last counts."""
    try:
        async with state.db.acquire() as conn:
            rows = await asyncio.wait_for(conn.fetch(_BOOKINGS_BY_STATUS), _CHECK_TIMEOUT)
    except Exception:
        rows = None
    if rows is not None:
        counts = {row["status"]: row["n"] for row in rows}
        for status in STATUSES:
            BOOKINGS.labels(status).set(counts.get(status, 0))
    return Response(generate_latest(worker_metrics.registry()), media_type=CONTENT_TYPE_LATEST)


router = Router(path="/", route_handlers=[healthz, readyz, metrics])
