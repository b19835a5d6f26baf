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


_SUMMARY = """u.id, u.telegram_id, person_name(u.first_name, u.username) AS name, u.username,
    u.photo_url, u.language, u.role,
    u.onboarding_complete, u.muted_until, u.banned_until, u.last_seen_at, u.created_at,
    (SELECT m.id FROM pnp_models m WHERE m.user_id = u.id AND m.deleted_at IS NULL) AS model_id"""

# Each search term is NULL when unused; all NULL means no search.
_SEARCH = """($1::text IS NULL OR u.role = $1)
    AND (($2::text IS NULL AND $3::text IS NULL AND $4::bigint IS NULL)
         OR (u.first_name || ' ' || u.last_name) ILIKE $2 OR u.username ILIKE $3
         OR u.telegram_id = $4)"""


async def search_users(conn: asyncpg.Connection, *, role: str | None, name_like: str | None,
                       username_like: str | None, telegram_id: int | None, limit: int,
                       offset: int) -> tuple[list[asyncpg.Record], int]:
    args = (role, name_like, username_like, telegram_id)
    rows = await conn.fetch(
        f"""SELECT {_SUMMARY} FROM users u WHERE {_SEARCH}
             ORDER BY u.created_at DESC, u.id DESC LIMIT $5 OFFSET $6""", *args, limit, offset)
    total = await conn.fetchval(f"SELECT count(*) FROM users u WHERE {_SEARCH}", *args)
    return rows, total


async def user_summary(conn: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_SUMMARY} FROM users u WHERE u.id = $1", user_id)


async def role_history(conn: asyncpg.Connection, user_id: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT c.from_role, c.to_role, c.reason, c.changed_at, person(b) AS changed_by
              FROM role_changes c LEFT JOIN users b ON b.id = c.changed_by
             WHERE c.user_id = $1 ORDER BY c.id DESC""", user_id)


async def bookings(conn: asyncpg.Connection, user_id: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT b.id, b.model_id, m.display_name AS model_name, b.status, b.starts_at, b.ends_at,
                  b.price_cents, b.currency
             FROM pnp_bookings b JOIN pnp_models m ON m.id = b.model_id
            WHERE b.client_id = $1 ORDER BY b.starts_at DESC, b.id DESC LIMIT 50""", user_id)


async def payments(conn: asyncpg.Connection, user_id: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT id, booking_id, membership_plan, provider, status, amount_cents, refunded_cents, currency,
                  created_at
             FROM payments WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50""", user_id)


async def sanctions(conn: asyncpg.Connection, user_id: int) -> list[asyncpg.Record]:
    """Mutes and bans as moderation recorded them (app/violations writes them to audit_log)."""
    return await conn.fetch(
        """SELECT split_part(a.action, '.', 2) AS action, (a.data->>'until')::timestamptz AS until,
                   a.data->>'reason' AS reason, a.created_at AS at, person(b) AS by
              FROM audit_log a LEFT JOIN users b ON b.id = a.actor_id
             WHERE a.entity = 'user' AND a.entity_id = $1
               AND a.action IN ('user.muted', 'user.unmuted', 'user.banned', 'user.unbanned')
             ORDER BY a.id DESC""", user_id)


async def has_model_profile(conn: asyncpg.Connection, user_id: int) -> bool:
    return bool(await conn.fetchval(
        "SELECT true FROM pnp_models WHERE user_id = $1 AND deleted_at IS NULL", user_id))
