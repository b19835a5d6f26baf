"""SQL the gateway runs: chat authors and presence."""

from __future__ import annotations

import asyncpg


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
