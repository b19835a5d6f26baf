from __future__ import annotations

import asyncpg

from core.db import Connection


async def live_model(conn: Connection, model_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT user_id, visibility FROM pnp_models WHERE id = $1 AND deleted_at IS NULL", model_id)


async def call_booking(conn: Connection, booking_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT b.status, b.client_id, m.user_id AS model_user_id, b.starts_at, b.ends_at
             FROM pnp_bookings b JOIN pnp_models m ON m.id = b.model_id WHERE b.id = $1""",
        booking_id)


async def log_join(conn: Connection, *, room: str, booking_id: int | None, user_id: int,
                   action: str) -> None:
    await conn.execute(
        "INSERT INTO pnp_room_joins (room, booking_id, user_id, action) VALUES ($1, $2, $3, $4)",
        room, booking_id, user_id, action)


async def log_leave(conn: Connection, *, room: str, user_id: int, action: str) -> None:
    await conn.execute(
        """UPDATE pnp_room_joins SET left_at = now()
            WHERE id = (SELECT id FROM pnp_room_joins
                         WHERE room = $1 AND user_id = $2 AND action = $3 AND left_at IS NULL
                         ORDER BY joined_at DESC LIMIT 1)""",
        room, user_id, action)


async def ended_calls(conn: Connection, *, limit: int = 50) -> list[asyncpg.Record]:
    """Booked calls whose time is over, with who of the two ever joined. SKIP LOCKED lets several
    instances run the closer at once, each booking handled by one."""
    return await conn.fetch(
        """SELECT b.id, b.status,
                  EXISTS (SELECT 1 FROM pnp_room_joins j WHERE j.booking_id = b.id
                                                         AND j.user_id = b.client_id) AS client_joined,
                  EXISTS (SELECT 1 FROM pnp_room_joins j JOIN pnp_models m ON m.id = b.model_id
                           WHERE j.booking_id = b.id AND j.user_id = m.user_id) AS model_joined
             FROM pnp_bookings b
            WHERE b.status IN ('confirmed', 'in_progress') AND b.ends_at <= now()
            ORDER BY b.ends_at LIMIT $1 FOR UPDATE OF b SKIP LOCKED""",
        limit)
