from __future__ import annotations

from datetime import datetime

import asyncpg

LIVE = ("held", "pending_payment", "confirmed", "in_progress")

COLUMNS = """b.id, b.model_id, b.client_id, b.status, b.starts_at, b.ends_at, b.duration_minutes,
    b.hold_user_id, b.hold_expires_at, b.price_cents, b.currency, b.is_instant, b.notes,
    b.cancelled_by, b.cancel_reason, b.refund_cents, b.buffer_before_min, b.buffer_after_min,
    b.created_at, b.updated_at,
    (SELECT m.user_id FROM pnp_models m WHERE m.id = b.model_id) AS model_user_id"""
# Who the booking is between, by name (migrations/0085 person), for the pages that show it.
PARTIES = """(SELECT m.display_name FROM pnp_models m WHERE m.id = b.model_id) AS model_name,
    (SELECT person(u) FROM users u WHERE u.id = b.client_id) AS client"""


async def by_idempotency_key(conn: asyncpg.Connection, client_id: int, key: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {COLUMNS} FROM pnp_bookings b WHERE b.client_id = $1 AND b.idempotency_key = $2",
        client_id, key)


async def by_idempotency_keys(conn: asyncpg.Connection,
                              keys: list[tuple[int, str]]) -> list[asyncpg.Record | None]:
    """`by_idempotency_key` for many (client_id, key) pairs in one round trip, in their order."""
    rows = await conn.fetch(
        f"""SELECT k.i, {COLUMNS} FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY k(client_id, key, i)
            JOIN pnp_bookings b ON b.client_id = k.client_id AND b.idempotency_key = k.key""",
        [c for c, _ in keys], [k for _, k in keys])
    found = {row["i"]: row for row in rows}
    return [found.get(i) for i in range(1, len(keys) + 1)]


async def get(conn: asyncpg.Connection, booking_id: int, *, lock: bool = False) -> asyncpg.Record | None:
    suffix = " FOR UPDATE OF b" if lock else ""
    return await conn.fetchrow(f"SELECT {COLUMNS}, {PARTIES} FROM pnp_bookings b WHERE b.id = $1{suffix}",
                               booking_id)


async def lock_model(conn: asyncpg.Connection, model_id: int) -> None:
    """Writers that move a range of this model (reschedule, reclaim) or count its day queue here
    (advisory xact lock): a plain UPDATE checked by the exclusion constraint could otherwise wait
    on a racing writer that waits on it, which PostgreSQL breaks with a deadlock error."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('pnp:model:' || $1::bigint, 0))",
                       model_id)


async def get_many(conn: asyncpg.Connection, ids: list[int]) -> list[asyncpg.Record]:
    return await conn.fetch(f"SELECT {COLUMNS} FROM pnp_bookings b WHERE b.id = ANY($1) ORDER BY b.id", ids)


async def place_hold(conn: asyncpg.Connection, *, model_id: int, client_id: int, start: datetime,
                     duration: int, hold_seconds: int, price_cents: int, currency: str, key: str,
                     instant: bool, notes: str, buffer_before: int, buffer_after: int, max_live: int,
                     max_per_day: int | None, day: tuple[datetime, datetime] | None) -> asyncpg.Record:
    """outcome, released and the COLUMNS of the booking placed or replayed (migrations/0011, 0012).
    The exclusion constraints pnp_bookings_no_overlap(_buffered) decide `held` versus `taken`."""
    return await conn.fetchrow(
        "SELECT * FROM pnp_hold($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        model_id, client_id, start, duration, hold_seconds, price_cents, currency, key, instant, notes,
        buffer_before, buffer_after, max_live, max_per_day, *(day or (None, None)))


async def list_for_client(conn: asyncpg.Connection, client_id: int, *, statuses: list[str] | None,
                          limit: int, offset: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {COLUMNS}, {PARTIES} FROM pnp_bookings b WHERE b.client_id = $1
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
