"""SQL of memberships: periods of PRIME, chained per user, and the payments that buy them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import asyncpg

from app.payments.queries import PAYMENT

# A period counts while it is not cut (a full refund) and now lies inside it.
_ACTIVE = "m.cut_at IS NULL AND m.starts_at <= now() AND m.ends_at > now()"


async def lock_member(conn: asyncpg.Connection, user_id: int) -> None:
    """Purchases, grants, refunds and expiry of one user queue here (advisory xact lock), so the
    chain end read below is current. Taken before app.accounts locks admins and the user row."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('pnp:membership:' || $1::bigint, 0))",
                       user_id)


async def account(conn: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT role, banned_until, COALESCE(banned_until > now(), false) AS banned
             FROM users WHERE id = $1""", user_id)


async def chain_end(conn: asyncpg.Connection, user_id: int) -> datetime | None:
    """When PRIME ends for this user: the end of the last period not cut, if still ahead."""
    return await conn.fetchval(
        """SELECT max(m.ends_at) FROM memberships m
            WHERE m.user_id = $1 AND m.cut_at IS NULL AND m.ends_at > now()""", user_id)


async def role(conn: asyncpg.Connection, user_id: int) -> str | None:
    return await conn.fetchval("SELECT role FROM users WHERE id = $1", user_id)


async def is_active(conn: asyncpg.Connection, user_id: int) -> bool:
    return bool(await conn.fetchval(
        f"SELECT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = $1 AND {_ACTIVE})", user_id))


async def periods(conn: asyncpg.Connection, user_id: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT starts_at, ends_at, plan, cut_at FROM memberships
            WHERE user_id = $1 ORDER BY starts_at DESC, id DESC LIMIT 20""", user_id)


async def chain_period(conn: asyncpg.Connection, *, user_id: int, length: timedelta, payment_id: int,
                       plan: str) -> int | None:
    """The period a payment bought, starting when the chain ends (or now). None when this payment
    has its period already (memberships.payment_id is UNIQUE)."""
    return await conn.fetchval(
        """INSERT INTO memberships (user_id, payment_id, plan, starts_at, ends_at)
           SELECT $1, $2, $3, s, s + $4 FROM GREATEST(now(), (
               SELECT max(ends_at) FROM memberships WHERE user_id = $1 AND cut_at IS NULL)) AS t(s)
           ON CONFLICT (payment_id) DO NOTHING RETURNING id""", user_id, payment_id, plan, length)


async def grant_period(conn: asyncpg.Connection, *, user_id: int, until: datetime, granted_by: int,
                       reason: str) -> None:
    await conn.execute(
        """INSERT INTO memberships (user_id, granted_by, reason, starts_at, ends_at)
           VALUES ($1, $2, $3, now(), $4)""", user_id, granted_by, reason, until)


async def cut(conn: asyncpg.Connection, payment_id: int) -> asyncpg.Record | None:
    """Cut the period this payment bought; the periods chained after it move earlier by what
    was left of it, so the chain stays without a gap."""
    period = await conn.fetchrow(
        """UPDATE memberships SET cut_at = now() WHERE payment_id = $1 AND cut_at IS NULL
           RETURNING user_id, starts_at, ends_at""", payment_id)
    if period is not None:
        await conn.execute(
            """UPDATE memberships
                  SET starts_at = starts_at - ($2 - GREATEST($3, now())),
                      ends_at = ends_at - ($2 - GREATEST($3, now()))
                WHERE user_id = $1 AND cut_at IS NULL AND starts_at >= $2 AND $2 > now()""",
            period["user_id"], period["ends_at"], period["starts_at"])
    return period


async def lapsed_members(conn: asyncpg.Connection, limit: int) -> list[int]:
    """PRIME accounts that had a membership and have no period running now. Accounts made PRIME
    by a role change alone (no period ever) are not touched."""
    rows = await conn.fetch(
        f"""SELECT u.id FROM users u
             WHERE u.role = 'PRIME'
               AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)
               AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND {_ACTIVE})
             ORDER BY u.id LIMIT $1""", limit)
    return [r["id"] for r in rows]


async def ending_soon(conn: asyncpg.Connection, *, days: int, limit: int) -> list[asyncpg.Record]:
    """Running periods that end within `days` with nothing chained after them."""
    return await conn.fetch(
        f"""SELECT m.id, m.user_id, m.ends_at, m.plan FROM memberships m JOIN users u ON u.id = m.user_id
             WHERE {_ACTIVE} AND u.role = 'PRIME' AND m.ends_at <= now() + make_interval(days => $1)
               AND NOT EXISTS (SELECT 1 FROM memberships n WHERE n.user_id = m.user_id
                               AND n.cut_at IS NULL AND n.ends_at > m.ends_at)
             ORDER BY m.ends_at LIMIT $2""", days, limit)


async def open_payment(conn: asyncpg.Connection, user_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"""SELECT {PAYMENT} FROM payments p
             WHERE p.user_id = $1 AND p.membership_plan IS NOT NULL AND p.status IN ('created', 'pending')
             FOR UPDATE""", user_id)


async def insert_payment(conn: asyncpg.Connection, *, user_id: int, plan: str, provider: str, ref: str,
                         amount_cents: int, currency: str, client_data: dict[str, Any]) -> asyncpg.Record:
    # payments_one_open_membership: a concurrent second checkout of one user fails here (23505).
    return await conn.fetchrow(
        f"""INSERT INTO payments AS p (membership_plan, user_id, provider, provider_ref, status,
                amount_cents, currency, client_data)
            VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING {PAYMENT}""",
        plan, user_id, provider, ref, amount_cents, currency, client_data)
