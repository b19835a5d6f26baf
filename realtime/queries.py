"""SQL the gateway runs: permissions, chat authors, violations and presence."""

from __future__ import annotations

import asyncpg


async def booking_parties(conn: asyncpg.Connection, booking_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT b.client_id, m.user_id AS model_user_id
             FROM pnp_bookings b JOIN pnp_models m ON m.id = b.model_id
            WHERE b.id = $1""", booking_id)


async def model_visibility(conn: asyncpg.Connection, model_id: int) -> str | None:
    return await conn.fetchval(
        "SELECT visibility FROM pnp_models WHERE id = $1 AND deleted_at IS NULL", model_id)


async def chat_author(conn: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT COALESCE(person_name(first_name, username), '') AS name,
                  COALESCE(muted_until > now(), false) AS muted,
                  COALESCE(banned_until > now(), false) AS banned
             FROM users WHERE id = $1""", user_id)


async def set_model_online(conn: asyncpg.Connection, model_id: int,
                           online: bool) -> asyncpg.Record | None:
    """The row when the flag changed, else None: only a change is announced."""
    return await conn.fetchrow(
        """UPDATE pnp_models SET is_online = $2, last_seen_at = now()
            WHERE id = $1 AND is_online IS DISTINCT FROM $2 RETURNING id, last_seen_at""",
        model_id, online)


async def online_model_ids(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(
        "SELECT id FROM pnp_models WHERE is_online AND deleted_at IS NULL")]


async def mark_offline(conn: asyncpg.Connection, model_ids: list[int]) -> list[asyncpg.Record]:
    # `WHERE is_online`: when several instances reconcile at once, one of them wins each row.
    return await conn.fetch(
        """UPDATE pnp_models SET is_online = false, last_seen_at = now()
            WHERE id = ANY($1::bigint[]) AND is_online RETURNING id, last_seen_at""", model_ids)
