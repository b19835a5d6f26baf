from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
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


async def lock(conn: asyncpg.Connection, payment_id: int) -> asyncpg.Record:
    return await conn.fetchrow("SELECT * FROM payments WHERE id = $1 FOR UPDATE", payment_id)


async def owed_refunds(conn: asyncpg.Connection, limit: int) -> list[asyncpg.Record]:
    """Payments of cancelled or refunded bookings that owe more than was refunded, with `owed`."""
    return await conn.fetch(
        """SELECT p.id, p.booking_id, p.provider, p.provider_ref, p.amount_cents, p.refunded_cents,
        (CASE WHEN b.status = 'refunded' THEN COALESCE(b.refund_cents, b.price_cents)
              ELSE COALESCE(b.refund_cents, 0) END)
          - (SELECT COALESCE(sum(q.refunded_cents), 0) FROM payments q WHERE q.booking_id = b.id) AS owed
    FROM payments p JOIN pnp_bookings b ON b.id = p.booking_id
    WHERE p.status IN ('succeeded', 'partially_refunded') AND b.status IN ('cancelled', 'refunded')
      AND (CASE WHEN b.status = 'refunded' THEN COALESCE(b.refund_cents, b.price_cents)
                ELSE COALESCE(b.refund_cents, 0) END)
          > (SELECT COALESCE(sum(q.refunded_cents), 0) FROM payments q WHERE q.booking_id = b.id)
    ORDER BY p.id LIMIT $1
    FOR UPDATE OF p SKIP LOCKED""", limit)  # two instances never refund one payment at once


async def other_paid(conn: asyncpg.Connection, booking_id: int, *, payment_id: int) -> bool:
    """Whether another payment of the booking succeeded."""
    return await conn.fetchval(
        """SELECT EXISTS (SELECT 1 FROM payments WHERE booking_id = $1 AND id <> $2
                          AND status IN ('succeeded', 'partially_refunded'))""",
        booking_id, payment_id)


async def user_language(conn: asyncpg.Connection, user_id: int) -> str | None:
    return await conn.fetchval("SELECT language FROM users WHERE id = $1", user_id)


async def receipt_money(conn: asyncpg.Connection, booking_id: int) -> asyncpg.Record:
    return await conn.fetchrow(
        """SELECT COALESCE(sum(amount_cents) FILTER (WHERE kind = 'charge'), 0)::bigint AS paid,
                  COALESCE(-sum(amount_cents) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunded,
                  max(created_at) AS issued_at
           FROM ledger_entries WHERE booking_id = $1""", booking_id)


async def model_owner(conn: asyncpg.Connection, model_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT user_id FROM pnp_models WHERE id = $1", model_id)


async def insert_payout(conn: asyncpg.Connection, *, model_id: int, admin_id: int, amount_cents: int,
                        memo: str) -> asyncpg.Record:
    return await conn.fetchrow(
        """INSERT INTO ledger_entries (kind, model_id, user_id, amount_cents, currency, memo)
           VALUES ('payout', $1, $2, $3, 'USD', $4) RETURNING id, created_at""",
        model_id, admin_id, -amount_cents, memo)


async def earnings_series(conn: asyncpg.Connection, model_id: int, *, period: str,
                          days: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        """SELECT date_trunc($2, l.created_at, 'UTC') AS period_start,
        COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind IN ('charge', 'refund')), 0)::bigint AS gross_cents,
        COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'model_earning'), 0)::bigint AS earnings_cents,
        count(DISTINCT l.booking_id) FILTER (WHERE l.kind = 'charge') AS paid_sessions
    FROM ledger_entries l
    WHERE l.model_id = $1 AND l.kind IN ('charge', 'refund', 'model_earning')
      AND l.created_at >= date_trunc($2, now(), 'UTC') - make_interval(days => $3)
    GROUP BY 1 ORDER BY 1""", model_id, period, days)


async def dashboard(conn: asyncpg.Connection, model_id: int) -> asyncpg.Record:
    return await conn.fetchrow(
        """SELECT
        count(*) FILTER (WHERE status IN ('confirmed', 'in_progress') AND ends_at > now()) AS upcoming,
        count(*) FILTER (WHERE status = 'completed') AS completed,
        count(DISTINCT client_id) FILTER (WHERE status IN ('confirmed', 'in_progress', 'completed'))
            AS clients,
        COALESCE(sum(duration_minutes) FILTER (WHERE status = 'completed'), 0) AS minutes_completed
    FROM pnp_bookings WHERE model_id = $1""", model_id)


async def lifetime_earnings(conn: asyncpg.Connection, model_id: int) -> int:
    return int(await conn.fetchval(
        "SELECT COALESCE(sum(amount_cents), 0)::bigint FROM ledger_entries "
        "WHERE model_id = $1 AND kind = 'model_earning'", model_id))


# kind: (the columns of a row, the statement; $1 from, $2 to, $3 model id or NULL)
EXPORTS: dict[str, tuple[list[str], str]] = {
    "bookings": (
        ["id", "model_id", "model_name", "client_id", "status", "starts_at", "ends_at", "duration_minutes",
         "price_cents", "currency", "created_at"],
        """SELECT b.id, b.model_id, m.display_name, b.client_id, b.status, b.starts_at, b.ends_at,
                  b.duration_minutes, b.price_cents, b.currency, b.created_at
           FROM pnp_bookings b JOIN pnp_models m ON m.id = b.model_id
           WHERE b.starts_at >= $1 AND b.starts_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)
           ORDER BY b.starts_at, b.id"""),
    "payments": (
        ["id", "booking_id", "model_id", "user_id", "provider", "provider_ref", "status", "amount_cents",
         "refunded_cents", "currency", "created_at", "updated_at"],
        """SELECT p.id, p.booking_id, b.model_id, p.user_id, p.provider, p.provider_ref, p.status,
                  p.amount_cents, p.refunded_cents, p.currency, p.created_at, p.updated_at
           FROM payments p LEFT JOIN pnp_bookings b ON b.id = p.booking_id
           WHERE p.created_at >= $1 AND p.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)
           ORDER BY p.created_at, p.id"""),
    "earnings": (  # the ledger itself: analytics figures are sums of these lines
        ["id", "created_at", "kind", "booking_id", "payment_id", "model_id", "user_id", "amount_cents",
         "currency", "available_at", "memo"],
        """SELECT l.id, l.created_at, l.kind, l.booking_id, l.payment_id, l.model_id, l.user_id,
                  l.amount_cents, l.currency, l.available_at, l.memo
           FROM ledger_entries l
           WHERE l.created_at >= $1 AND l.created_at < $2 AND ($3::bigint IS NULL OR l.model_id = $3)
           ORDER BY l.created_at, l.id"""),
}


async def export_records(conn: asyncpg.Connection, kind: str, *, start: datetime, end: datetime,
                         model_id: int | None) -> AsyncIterator[asyncpg.Record]:
    """A server-side cursor: call inside a transaction."""
    async for record in conn.cursor(EXPORTS[kind][1], start, end, model_id, prefetch=500):
        yield record


LEDGER_IN_RANGE = "l.created_at >= $1 AND l.created_at < $2 AND ($3::bigint IS NULL OR l.model_id = $3)"
MONEY = """COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'charge'), 0)::bigint AS charges_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'refund'), 0)::bigint AS refunds_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind IN ('charge', 'refund')), 0)::bigint AS gross_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'commission'), 0)::bigint AS commission_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'model_earning'), 0)::bigint AS earnings_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'payout'), 0)::bigint AS payouts_cents"""


async def revenue(conn: asyncpg.Connection, *, start: datetime, end: datetime, model_id: int | None,
                  period: str) -> tuple[list[asyncpg.Record], asyncpg.Record]:
    """Ledger sums per `period` bucket, and over the whole range."""
    buckets = await conn.fetch(
        f"""SELECT date_trunc($4, l.created_at, 'UTC') AS period_start, {MONEY}
            FROM ledger_entries l WHERE {LEDGER_IN_RANGE} GROUP BY 1 ORDER BY 1""",
        start, end, model_id, period)
    total = await conn.fetchrow(f"SELECT {MONEY} FROM ledger_entries l WHERE {LEDGER_IN_RANGE}",
                                start, end, model_id)
    return buckets, total


async def earnings_by_model(conn: asyncpg.Connection, *, start: datetime, end: datetime,
                            model_id: int | None) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT l.model_id, m.display_name, {MONEY}
            FROM ledger_entries l JOIN pnp_models m ON m.id = l.model_id
            WHERE {LEDGER_IN_RANGE} GROUP BY l.model_id, m.display_name ORDER BY earnings_cents DESC""",
        start, end, model_id)


async def utilization(conn: asyncpg.Connection, *, start: datetime, end: datetime,
                      model_id: int | None) -> list[asyncpg.Record]:
    """Per model: minutes offered (weekly schedule by local day, one-off slots) and minutes booked."""
    return await conn.fetch(
        """WITH models AS (SELECT id, display_name, timezone FROM pnp_models
                           WHERE deleted_at IS NULL AND ($3::bigint IS NULL OR id = $3)),
            weekly AS (
                SELECT m.id, sum(s.end_minute - s.start_minute)::bigint AS minutes
                FROM models m JOIN pnp_model_schedules s ON s.model_id = m.id
                JOIN LATERAL generate_series(($1 AT TIME ZONE m.timezone)::date,
                                             ($2 AT TIME ZONE m.timezone)::date - 1, interval '1 day') d
                  ON extract(isodow FROM d) = s.weekday
                GROUP BY m.id),
            slots AS (
                SELECT a.model_id AS id,
                       sum(extract(epoch FROM least(a.ends_at, $2) - greatest(a.starts_at, $1)) / 60)::bigint
                           AS minutes
                FROM pnp_availability a JOIN models m ON m.id = a.model_id
                WHERE a.kind = 'slot' AND a.starts_at < $2 AND a.ends_at > $1 GROUP BY a.model_id),
            booked AS (
                SELECT b.model_id AS id, sum(b.duration_minutes)::bigint AS minutes
                FROM pnp_bookings b JOIN models m ON m.id = b.model_id
                WHERE b.status IN ('confirmed', 'in_progress', 'completed', 'no_show')
                  AND b.starts_at >= $1 AND b.starts_at < $2 GROUP BY b.model_id)
           SELECT m.id AS model_id, m.display_name,
                  COALESCE(w.minutes, 0) + COALESCE(s.minutes, 0) AS available_minutes,
                  COALESCE(bk.minutes, 0) AS booked_minutes
           FROM models m LEFT JOIN weekly w ON w.id = m.id LEFT JOIN slots s ON s.id = m.id
           LEFT JOIN booked bk ON bk.id = m.id ORDER BY m.id""",
        start, end, model_id)


async def hold_outcomes(conn: asyncpg.Connection, *, start: datetime, end: datetime,
                        model_id: int | None) -> asyncpg.Record:
    return await conn.fetchrow(
        """SELECT count(*) AS holds,
                  count(*) FILTER (WHERE b.status IN ('confirmed', 'in_progress', 'completed', 'no_show')
                                   OR EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id
                                              AND p.status IN ('succeeded', 'partially_refunded')))
                      AS confirmed,
                  count(*) FILTER (WHERE b.status = 'expired') AS expired,
                  count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled
           FROM pnp_bookings b
           WHERE b.created_at >= $1 AND b.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)""",
        start, end, model_id)


async def payment_conflicts(conn: asyncpg.Connection, *, start: datetime, end: datetime,
                            model_id: int | None) -> tuple[list[asyncpg.Record], int]:
    """Late reclaims and auto-refunds by reason, and the schedule conflicts kept."""
    rows = await conn.fetch(
        """SELECT a.action, COALESCE(a.data->>'reason', '') AS reason, count(*) AS count
           FROM audit_log a LEFT JOIN payments p ON p.id = a.entity_id
           LEFT JOIN pnp_bookings b ON b.id = p.booking_id
           WHERE a.entity = 'payment' AND a.action IN ('payment.late_reclaimed', 'payment.auto_refunded')
             AND a.created_at >= $1 AND a.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)
           GROUP BY 1, 2 ORDER BY 1, 2""", start, end, model_id)
    kept = await conn.fetchval(
        """SELECT count(*) FROM pnp_booking_conflict_decisions d JOIN pnp_bookings b ON b.id = d.booking_id
           WHERE d.created_at >= $1 AND d.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)""",
        start, end, model_id)
    return rows, kept


async def top_clients(conn: asyncpg.Connection, *, start: datetime, end: datetime, model_id: int | None,
                      limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT l.user_id, u.username, u.first_name,
                   COALESCE(sum(l.amount_cents), 0)::bigint AS spent_cents,
                   count(DISTINCT l.booking_id) FILTER (WHERE l.kind = 'charge') AS paid_bookings
            FROM ledger_entries l JOIN users u ON u.id = l.user_id
            WHERE l.kind IN ('charge', 'refund') AND {LEDGER_IN_RANGE}
            GROUP BY l.user_id, u.username, u.first_name
            ORDER BY spent_cents DESC, l.user_id LIMIT $4""", start, end, model_id, limit)
