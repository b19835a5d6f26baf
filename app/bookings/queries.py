from __future__ import annotations

from datetime import datetime

import asyncpg

LIVE = ("held", "pending_payment", "confirmed", "in_progress")

COLUMNS = """b.id, b.model_id, b.client_id, b.status, b.starts_at, b.ends_at, b.duration_minutes,
    b.hold_user_id, b.hold_expires_at, b.price_cents, b.currency, b.is_instant, b.notes,
    b.cancelled_by, b.cancel_reason, b.refund_cents, b.buffer_before_min, b.buffer_after_min,
    b.created_at, b.updated_at,
    (SELECT m.user_id FROM pnp_models m WHERE m.id = b.model_id) AS model_user_id"""


async def by_idempotency_key(conn: asyncpg.Connection, client_id: int, key: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {COLUMNS} FROM pnp_bookings b WHERE b.client_id = $1 AND b.idempotency_key = $2",
        client_id, key)


async def get(conn: asyncpg.Connection, booking_id: int, *, lock: bool = False) -> asyncpg.Record | None:
    suffix = " FOR UPDATE OF b" if lock else ""
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM pnp_bookings b WHERE b.id = $1{suffix}", booking_id)


async def lock_user_holds(conn: asyncpg.Connection, user_id: int) -> int:
    """Serializes one user's holds across instances (advisory xact lock), then counts live holds."""
    return await conn.fetchval(
        """SELECT count(*)
           FROM (SELECT pg_advisory_xact_lock(hashtextextended('pnp:holds:' || $1::bigint, 0))) l,
                pnp_bookings b
           WHERE b.hold_user_id = $1 AND b.status IN ('held', 'pending_payment')
             AND b.hold_expires_at >= now()""",
        user_id)


async def lock_model(conn: asyncpg.Connection, model_id: int) -> None:
    """Writers that make a range of this model live queue here (advisory xact lock) before the
    exclusion constraint judges them: without it, two conflicting inserts can wait on each other
    and PostgreSQL breaks the tie with a deadlock error after deadlock_timeout."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('pnp:model:' || $1::bigint, 0))",
                       model_id)


async def count_day(conn: asyncpg.Connection, model_id: int, day_start: datetime, day_end: datetime) -> int:
    """Bookings that count towards the daily maximum (call under lock_model)."""
    return await conn.fetchval(
        """SELECT count(*) FROM pnp_bookings b
           WHERE b.model_id = $1 AND b.starts_at >= $2 AND b.starts_at < $3
             AND (b.status IN ('confirmed', 'in_progress', 'completed')
                  OR (b.status IN ('held', 'pending_payment')
                      AND (b.hold_expires_at IS NULL OR b.hold_expires_at >= now())))""",
        model_id, day_start, day_end)


async def release_stale_holds(conn: asyncpg.Connection, model_id: int) -> list[asyncpg.Record]:
    # Stale holds of this model stop occupying their range before our insert meets the constraint.
    return await conn.fetch(
        f"""UPDATE pnp_bookings b SET status = 'expired'
            WHERE b.model_id = $1 AND b.status IN ('held', 'pending_payment') AND b.hold_expires_at < now()
            RETURNING {COLUMNS}""",
        model_id)


async def insert_hold(conn: asyncpg.Connection, *, model_id: int, client_id: int, start: datetime,
                      duration: int, hold_seconds: int, price_cents: int, currency: str,
                      key: str, instant: bool, notes: str, buffer_before: int,
                      buffer_after: int) -> asyncpg.Record | None:
    """None when this client's Idempotency-Key is taken (a concurrent replay).
    pnp_bookings_no_overlap(_buffered) decide who wins a range: 23P01 for everyone else."""
    return await conn.fetchrow(
        f"""INSERT INTO pnp_bookings AS b (model_id, client_id, status, starts_at, ends_at,
                duration_minutes, hold_user_id, hold_expires_at, price_cents, currency,
                idempotency_key, is_instant, notes, buffer_before_min, buffer_after_min)
            VALUES ($1, $2, 'held', $3::timestamptz, $3::timestamptz + make_interval(mins => $4), $4, $2,
                    now() + make_interval(secs => $5), $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (client_id, idempotency_key) DO NOTHING
            RETURNING {COLUMNS}""",
        model_id, client_id, start, duration, hold_seconds, price_cents, currency, key, instant,
        notes, buffer_before, buffer_after)


async def list_for_client(conn: asyncpg.Connection, client_id: int, *, statuses: list[str] | None,
                          limit: int, offset: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {COLUMNS} FROM pnp_bookings b WHERE b.client_id = $1
              AND ($2::text[] IS NULL OR b.status = ANY($2))
            ORDER BY b.starts_at DESC, b.id DESC LIMIT $3 OFFSET $4""",
        client_id, statuses, limit, offset)


async def move(conn: asyncpg.Connection, booking_id: int, start: datetime) -> asyncpg.Record:
    # The exclusion constraints decide whether the new range is free (23P01 otherwise).
    return await conn.fetchrow(
        f"""UPDATE pnp_bookings b SET starts_at = $2::timestamptz,
                ends_at = $2::timestamptz + make_interval(mins => b.duration_minutes)
            WHERE b.id = $1 RETURNING {COLUMNS}""",
        booking_id, start)
