from __future__ import annotations

import asyncpg


async def answers(conn: asyncpg.Connection) -> bool:
    return bool(await conn.fetchval("SELECT true"))


async def bookings_by_status(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT status::text AS status, count(*) AS n FROM pnp_bookings GROUP BY status")
