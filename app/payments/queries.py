from __future__ import annotations

from typing import Any

import asyncpg

PAYMENT = """p.id, p.booking_id, p.membership_plan, p.user_id, p.provider, p.provider_ref, p.status,
    p.amount_cents, p.refunded_cents, p.currency, p.client_data, p.created_at, p.updated_at"""
OPEN = ("created", "pending")


async def open_for_booking(conn: asyncpg.Connection, booking_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {PAYMENT} FROM payments p WHERE p.booking_id = $1 AND p.status = ANY($2::text[])"
        " FOR UPDATE", booking_id, list(OPEN))


async def insert(conn: asyncpg.Connection, *, booking_id: int, user_id: int, provider: str, ref: str,
                 amount_cents: int, currency: str, client_data: dict[str, Any]) -> asyncpg.Record:
    # payments_one_open_per_booking: a concurrent second checkout of one booking fails here (23505).
    return await conn.fetchrow(
        f"""INSERT INTO payments AS p (booking_id, user_id, provider, provider_ref, status, amount_cents,
                currency, client_data)
            VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) RETURNING {PAYMENT}""",
        booking_id, user_id, provider, ref, amount_cents, currency, client_data)


async def by_ref(conn: asyncpg.Connection, provider: str, ref: str, *,
                 lock: bool = False) -> asyncpg.Record | None:
    suffix = " FOR UPDATE" if lock else ""
    return await conn.fetchrow(
        f"SELECT {PAYMENT} FROM payments p WHERE p.provider = $1 AND p.provider_ref = $2{suffix}",
        provider, ref)


async def set_status(conn: asyncpg.Connection, payment_id: int, status: str, *,
                     refunded_cents: int | None = None) -> asyncpg.Record:
    return await conn.fetchrow(
        f"""UPDATE payments p SET status = $2, refunded_cents = COALESCE($3, p.refunded_cents)
            WHERE p.id = $1 RETURNING {PAYMENT}""", payment_id, status, refunded_cents)


async def record_event(conn: asyncpg.Connection, *, provider: str, event_id: str, event_type: str,
                       payment_id: int | None, payload: dict[str, Any]) -> bool:
    """False when this provider event was seen before: UNIQUE (provider, event_id) decides."""
    row = await conn.fetchval(
        """INSERT INTO payment_events (provider, event_id, event_type, payment_id, payload)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider, event_id) DO NOTHING RETURNING id""",
        provider, event_id, event_type, payment_id, payload)
    return row is not None


async def for_user(conn: asyncpg.Connection, user_id: int, *, limit: int,
                   offset: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {PAYMENT}, b.starts_at, b.duration_minutes, b.status AS booking_status,
                   m.display_name AS model_name
            FROM payments p LEFT JOIN pnp_bookings b ON b.id = p.booking_id
            LEFT JOIN pnp_models m ON m.id = b.model_id
            WHERE p.user_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3""",
        user_id, limit, offset)


async def for_booking(conn: asyncpg.Connection, booking_id: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"SELECT {PAYMENT} FROM payments p WHERE p.booking_id = $1 ORDER BY p.created_at, p.id", booking_id)


async def open_of_ended_bookings(conn: asyncpg.Connection, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {PAYMENT} FROM payments p JOIN pnp_bookings b ON b.id = p.booking_id
            WHERE p.status IN ('created', 'pending')
              AND (b.status NOT IN ('held', 'pending_payment') OR b.hold_expires_at < now())
            ORDER BY p.id LIMIT $1
            FOR UPDATE OF p SKIP LOCKED""",  # another instance's canceller skips rows we hold
        limit)
