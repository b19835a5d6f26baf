"""SQL of accounts: roles and their changes."""

from __future__ import annotations

import asyncpg


async def ensure_user(conn: asyncpg.Connection, telegram_id: int) -> int:
    """The account of a Telegram id, created (FREE, not onboarded) when it is not known yet."""
    await conn.execute(
        "INSERT INTO users (telegram_id) VALUES ($1) ON CONFLICT (telegram_id) DO NOTHING", telegram_id)
    return await conn.fetchval("SELECT id FROM users WHERE telegram_id = $1", telegram_id)


async def lock_admins(conn: asyncpg.Connection) -> list[int]:
    rows = await conn.fetch("SELECT id FROM users WHERE role = 'ADMIN' ORDER BY id FOR UPDATE")
    return [r["id"] for r in rows]


async def lock_user(conn: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT role, banned_until, COALESCE(banned_until > now(), false) AS banned
             FROM users WHERE id = $1 FOR UPDATE""", user_id)


async def set_role(conn: asyncpg.Connection, user_id: int, role: str) -> None:
    await conn.execute("UPDATE users SET role = $2 WHERE id = $1", user_id, role)


async def record_change(conn: asyncpg.Connection, *, user_id: int, by: int | None, before: str,
                        after: str, reason: str) -> None:
    await conn.execute(
        """INSERT INTO role_changes (user_id, changed_by, from_role, to_role, reason)
           VALUES ($1, $2, $3, $4, $5)""", user_id, by, before, after, reason)
