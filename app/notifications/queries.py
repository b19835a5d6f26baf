from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from core.db import Connection


async def list_for(conn: asyncpg.Connection, user_id: int, *, unread_only: bool, limit: int,
                   before_id: int | None) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT id, kind, payload, created_at, read_at FROM notifications
            WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL) AND ($4::bigint IS NULL OR id < $4)
            ORDER BY id DESC LIMIT $3""", user_id, unread_only, limit, before_id)


async def unread_count(conn: asyncpg.Connection, user_id: int) -> int:
    return int(await conn.fetchval(
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", user_id))


async def unread_and_newest(conn: asyncpg.Connection, user_id: int, *,
                            limit: int) -> list[asyncpg.Record]:
    """One round trip: a row per newest unread notification (one row of NULLs when none), each
    with the unread count."""
    return await conn.fetch(
        """SELECT (SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL) AS unread,
                  n.id, n.kind, n.payload, n.created_at
             FROM (VALUES (1)) AS one
             LEFT JOIN LATERAL (SELECT id, kind, payload, created_at FROM notifications
                                 WHERE user_id = $1 AND read_at IS NULL
                                 ORDER BY id DESC LIMIT $2) n ON true
            ORDER BY n.id DESC""", user_id, limit)


async def mark_read(conn: Connection, user_id: int, ids: list[int] | None) -> int:
    conn.touch(f"unread:{user_id}")  # the count a socket is sent on connect (service.UnreadInbox)
    result = await conn.execute(
        """UPDATE notifications SET read_at = now()
            WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2))""",
        user_id, ids)
    return int(result.split()[-1])


async def bookings_starting(conn: asyncpg.Connection, *, within_min: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT b.id, b.client_id, m.user_id AS model_user_id, b.starts_at, m.display_name
             FROM pnp_bookings b JOIN pnp_models m ON m.id = b.model_id
            WHERE b.status = 'confirmed' AND b.starts_at > now()
              AND b.starts_at <= now() + make_interval(mins => $1)""", within_min)


async def telegram_outbox(conn: asyncpg.Connection, *, kinds: list[str],
                          limit: int) -> list[asyncpg.Record]:
    # SKIP LOCKED: each instance sends a different batch; the row lock lasts until marked sent.
    return await conn.fetch(
        """SELECT n.id, n.kind, n.payload, u.telegram_id, u.language FROM notifications n
             JOIN users u ON u.id = n.user_id
            WHERE n.telegram_sent_at IS NULL AND n.kind = ANY($1)
            ORDER BY n.created_at LIMIT $2 FOR UPDATE OF n SKIP LOCKED""", kinds, limit)


async def mark_telegram_sent(conn: asyncpg.Connection, notification_id: int, at: datetime) -> None:
    await conn.execute("UPDATE notifications SET telegram_sent_at = $2 WHERE id = $1",
                       notification_id, at)


async def insert_notification(conn: Connection, *, user_id: int, kind: str,
                              payload: dict[str, Any], dedupe_key: str | None) -> asyncpg.Record | None:
    conn.touch(f"unread:{user_id}")
    return await conn.fetchrow(
        # UNIQUE (user_id, dedupe_key): a retried event notifies once.
        """INSERT INTO notifications (user_id, kind, payload, dedupe_key) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, created_at""",
        user_id, kind, payload, dedupe_key)


async def insert_notifications(conn: Connection, *, user_ids: list[int], kind: str,
                               payload: dict[str, Any]) -> list[asyncpg.Record]:
    for user_id in set(user_ids):
        conn.touch(f"unread:{user_id}")
    return await conn.fetch(
        """INSERT INTO notifications (user_id, kind, payload)
           SELECT u, $2, $3 FROM unnest($1::bigint[]) WITH ORDINALITY AS t(u, n) ORDER BY n
           RETURNING id, user_id, created_at""",
        user_ids, kind, payload)
