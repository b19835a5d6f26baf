from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import asyncpg

from core.db import Connection

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


def iso_sql(column: str) -> str:
    """`datetime.isoformat()` of a UTC timestamptz, as app/bookings/notices.payload writes it."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (f"""to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN date_part('microseconds', {column})"""
            f"""::bigint % 1000000 = 0 THEN '' ELSE to_char({utc}, '.US') END || '+00:00'""")


def _payload(alias: str, status: str) -> str:
    """notices.payload() of a booking row, in SQL."""
    return (f"jsonb_build_object('booking_id', {alias}.id, 'model_id', {alias}.model_id, 'status', {status}, "
            f"'starts_at', {iso_sql(alias + '.starts_at')}, 'ends_at', {iso_sql(alias + '.ends_at')})")


# One notification per party (client, model's account) of each due notice, the way
# notifications.service.notify_many stores them; the statement returns them for publishing.
_SEND = """sent AS (
      INSERT INTO notifications (user_id, kind, payload)
      SELECT r.u, d.kind, d.payload FROM due d
      CROSS JOIN LATERAL (SELECT DISTINCT u FROM unnest(ARRAY[d.client_id, d.model_user_id]) u
                          WHERE u IS NOT NULL) r
      ORDER BY d.ord, d.booking, r.u
      RETURNING id, user_id, kind, payload, created_at)"""
NOTICES = """(SELECT array_agg(s.id ORDER BY s.id) FROM sent s) AS notice_ids,
    (SELECT array_agg(s.user_id ORDER BY s.id) FROM sent s) AS notice_users,
    (SELECT array_agg(s.kind ORDER BY s.id) FROM sent s) AS notice_kinds,
    (SELECT array_agg(s.payload ORDER BY s.id) FROM sent s) AS notice_payloads,
    (SELECT array_agg(s.created_at ORDER BY s.id) FROM sent s) AS notice_times"""

PLACE_HOLD = f"""WITH h AS (
      SELECT * FROM pnp_hold($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)),
    stale AS (
      SELECT b.id, b.model_id, b.client_id, b.starts_at, b.ends_at, m.user_id AS model_user_id
      FROM h, pnp_bookings b JOIN pnp_models m ON m.id = b.model_id WHERE b.id = ANY(h.released)),
    audited AS (
      INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
      SELECT NULL, 'booking.expired', 'booking', s.id, '{{"by": "hold"}}'::jsonb FROM stale s),
    due AS (
      SELECT 0 AS ord, s.id AS booking, 'booking.expired' AS kind, {_payload('s', "'expired'")} AS payload,
             s.client_id, s.model_user_id FROM stale s WHERE $17
      UNION ALL
      SELECT 1, h.id, 'booking.held', {_payload('h', 'h.status')}, h.client_id, h.model_user_id
      FROM h WHERE h.outcome = 'held' AND $17),
    {_SEND}
SELECT h.*, {NOTICES} FROM h"""


async def place_hold(conn: Connection, *, model_id: int, client_id: int, start: datetime,
                     duration: int, hold_seconds: int, price_cents: int, currency: str, key: str,
                     instant: bool, notes: str, buffer_before: int, buffer_after: int, max_live: int,
                     max_per_day: int | None, day: tuple[datetime, datetime] | None,
                     notify: bool) -> asyncpg.Record:
    """outcome, released, the COLUMNS of the booking placed or replayed (migrations/0011, 0012) and
    NOTICES, in one statement that commits by itself: the exclusion constraints
    pnp_bookings_no_overlap(_buffered) decide `held` versus `taken`, the advisory locks of pnp_hold
    serialise a client's holds and a model's day. The stale holds it expired are audited, and with
    `notify` they and the new hold are announced (notices.announce's notifications)."""
    row = await conn.fetchrow(PLACE_HOLD, model_id, client_id, start, duration, hold_seconds, price_cents,
                              currency, key, instant, notes, buffer_before, buffer_after, max_live,
                              max_per_day, *(day or (None, None)), notify)
    for released in row["released"] or ():
        conn.touch(f"call:{released}")  # the stale holds it expired (app/calls/rooms.py)
    return row


async def list_for_client(conn: asyncpg.Connection, client_id: int, *, statuses: list[str] | None,
                          limit: int, offset: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {COLUMNS}, {PARTIES} FROM pnp_bookings b WHERE b.client_id = $1
              AND ($2::text[] IS NULL OR b.status = ANY($2))
            ORDER BY b.starts_at DESC, b.id DESC LIMIT $3 OFFSET $4""",
        client_id, statuses, limit, offset)


async def move(conn: Connection, booking_id: int, start: datetime) -> asyncpg.Record:
    conn.touch(f"call:{booking_id}")  # the call room's window (app/calls/rooms.py)
    # The exclusion constraints decide whether the new range is free (23P01 otherwise).
    return await conn.fetchrow(
        f"""UPDATE pnp_bookings b SET starts_at = $2::timestamptz,
                ends_at = $2::timestamptz + make_interval(mins => b.duration_minutes)
            WHERE b.id = $1 RETURNING {COLUMNS}""",
        booking_id, start)


async def count_for_client(conn: asyncpg.Connection, client_id: int, *, statuses: list[str] | None) -> int:
    return await conn.fetchval(
        "SELECT count(*) FROM pnp_bookings WHERE client_id = $1 AND ($2::text[] IS NULL OR status = ANY($2))",
        client_id, statuses)


async def status(conn: asyncpg.Connection, booking_id: int) -> str | None:
    return await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id)


async def model_of(conn: asyncpg.Connection, booking_id: int) -> int | None:
    return await conn.fetchval("SELECT model_id FROM pnp_bookings WHERE id = $1", booking_id)


# Conditional on the current status: concurrent transitions serialize on the row lock. The audit row
# (app/audit.py's columns) and, with $9, the notifications are written by the same statement, only
# if a row moved.
TRANSITION = f"""WITH moved AS (
      UPDATE pnp_bookings b SET status = $2,
        cancelled_by = CASE WHEN $2 = 'cancelled' THEN $4 ELSE b.cancelled_by END,
        cancel_reason = CASE WHEN $2 = 'cancelled' THEN $5 ELSE b.cancel_reason END,
        refund_cents = COALESCE($6, b.refund_cents),
        hold_expires_at = CASE WHEN $7::int IS NOT NULL AND $2 IN ('held', 'pending_payment')
                               THEN now() + make_interval(secs => $7) ELSE b.hold_expires_at END
      WHERE b.id = $1 AND b.status = ANY($3::text[])
      RETURNING {COLUMNS}),
    audited AS (
      INSERT INTO audit_log (actor_id, action, entity, entity_id, data)
      SELECT $4, 'booking.' || $2, 'booking', moved.id, $8::jsonb FROM moved),
    due AS (
      SELECT 0 AS ord, moved.id AS booking, 'booking.' || $2 AS kind,
             {_payload('moved', 'moved.status')} AS payload, moved.client_id, moved.model_user_id
      FROM moved WHERE $9::boolean),
    {_SEND}
SELECT moved.*, {NOTICES} FROM moved"""


async def transition(conn: Connection, booking_id: int, *, to: str, allowed: Sequence[str],
                     actor_id: int | None, reason: str | None, refund_cents: int | None,
                     hold_seconds: int | None, data: dict[str, object],
                     notify: bool) -> asyncpg.Record | None:
    """None when the booking is absent or not in one of the `allowed` statuses; with `notify` the
    `booking.{to}` notifications come back as NOTICES."""
    conn.touch(f"call:{booking_id}")  # the call room's status (app/calls/rooms.py)
    return await conn.fetchrow(TRANSITION, booking_id, to, allowed, actor_id, reason, refund_cents,
                               hold_seconds, data, notify)


async def reclaim(conn: Connection, booking_id: int, *, hold_seconds: int) -> str | None:
    """None when the booking is not expired. Raises ExclusionViolationError when its range is taken."""
    conn.touch(f"call:{booking_id}")
    return await conn.fetchval(
        """UPDATE pnp_bookings SET status = 'pending_payment',
               hold_expires_at = now() + make_interval(secs => $2)
           WHERE id = $1 AND status = 'expired' RETURNING status""",
        booking_id, hold_seconds)


async def expire_due(conn: Connection, *, limit: int) -> list[asyncpg.Record]:
    rows = await conn.fetch(
        f"""UPDATE pnp_bookings b SET status = 'expired'
    FROM (SELECT id FROM pnp_bookings
          WHERE status IN ('held', 'pending_payment') AND hold_expires_at < now()
          ORDER BY hold_expires_at LIMIT $1
          FOR UPDATE SKIP LOCKED) due  -- rows another sweeper or a hold path holds are skipped
    WHERE b.id = due.id
    RETURNING {COLUMNS}""", limit)
    for row in rows:
        conn.touch(f"call:{row['id']}")
    return rows


async def database_name(conn: asyncpg.Connection) -> str:
    return await conn.fetchval("SELECT current_database()")


_SEARCH = """($1::text[] IS NULL OR b.status = ANY($1)) AND ($2::bigint IS NULL OR b.model_id = $2)
    AND ($3::bigint IS NULL OR b.client_id = $3) AND ($4::timestamptz IS NULL OR b.starts_at >= $4)
    AND ($5::timestamptz IS NULL OR b.starts_at < $5)"""


async def search(conn: asyncpg.Connection, *, statuses: list[str] | None, model_id: int | None,
                 client_id: int | None, start: datetime | None, end: datetime | None, limit: int,
                 offset: int) -> tuple[list[asyncpg.Record], int]:
    args = (statuses, model_id, client_id, start, end)
    rows = await conn.fetch(f"SELECT {COLUMNS}, {PARTIES} FROM pnp_bookings b WHERE {_SEARCH} "
                            "ORDER BY b.starts_at DESC, b.id DESC LIMIT $6 OFFSET $7", *args, limit, offset)
    total = await conn.fetchval(f"SELECT count(*) FROM pnp_bookings b WHERE {_SEARCH}", *args)
    return rows, total


async def set_notes(conn: asyncpg.Connection, booking_id: int, notes: str) -> asyncpg.Record | None:
    return await conn.fetchrow(f"UPDATE pnp_bookings b SET notes = $2 WHERE b.id = $1 RETURNING {COLUMNS}",
                               booking_id, notes)


async def future_live_undecided(conn: asyncpg.Connection, *, limit: int) -> list[asyncpg.Record]:
    """Live future bookings without a conflict decision at their current start."""
    return await conn.fetch(
        f"""SELECT {COLUMNS}, {PARTIES} FROM pnp_bookings b
            WHERE b.starts_at > now() AND (b.status = 'confirmed'
                  OR (b.status IN ('held', 'pending_payment') AND b.hold_expires_at >= now()))
              AND NOT EXISTS (SELECT 1 FROM pnp_booking_conflict_decisions d
                              WHERE d.booking_id = b.id AND d.starts_at = b.starts_at)
            ORDER BY b.model_id, b.starts_at LIMIT $1""", limit)


async def keep_in_conflict(conn: asyncpg.Connection, booking_id: int, *, starts_at: datetime,
                           actor_id: int, note: str) -> None:
    await conn.execute(
        """INSERT INTO pnp_booking_conflict_decisions (booking_id, starts_at, decision, actor_id, note)
           VALUES ($1, $2, 'kept', $3, $4) ON CONFLICT (booking_id, starts_at) DO NOTHING""",
        booking_id, starts_at, actor_id, note)


async def for_model(conn: asyncpg.Connection, model_id: int, *, scope: str, start: datetime | None,
                    end: datetime | None, limit: int, offset: int) -> tuple[list[asyncpg.Record], int]:
    """scope upcoming: not yet ended, soonest first; past: ended, latest first; range: neither."""
    when = {"upcoming": "AND b.ends_at > now()", "past": "AND b.ends_at <= now()", "range": ""}[scope]
    order = "b.starts_at DESC, b.id DESC" if scope == "past" else "b.starts_at, b.id"
    sql = f"""FROM pnp_bookings b WHERE b.model_id = $1 {when}
        AND ($2::timestamptz IS NULL OR b.starts_at >= $2)
        AND ($3::timestamptz IS NULL OR b.starts_at < $3)"""
    rows = await conn.fetch(f"SELECT {COLUMNS}, {PARTIES} {sql} ORDER BY {order} LIMIT $4 OFFSET $5",
                            model_id, start, end, limit, offset)
    total = await conn.fetchval(f"SELECT count(*) {sql}", model_id, start, end)
    return rows, total


async def clients_of(conn: asyncpg.Connection, model_id: int, *, limit: int,
                     offset: int) -> tuple[list[asyncpg.Record], int]:
    rows = await conn.fetch(
        """SELECT b.client_id, u.username, u.first_name, person_name(u.first_name, u.username) AS name,
                  u.photo_url, u.last_seen_at, count(*) AS bookings,
                  count(*) FILTER (WHERE b.status = 'completed') AS completed,
                  count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled,
                  max(b.starts_at) FILTER (WHERE b.status IN ('completed', 'in_progress')
                                           OR (b.status = 'confirmed' AND b.starts_at <= now()))
                      AS last_session_at,
                  min(b.starts_at) FILTER (WHERE b.status IN ('confirmed', 'held', 'pending_payment')
                                           AND b.starts_at > now()) AS next_session_at,
                  coalesce(sum(b.price_cents) FILTER (
                      WHERE b.status IN ('confirmed', 'in_progress', 'completed')), 0) AS total_spent_cents
           FROM pnp_bookings b JOIN users u ON u.id = b.client_id
           WHERE b.model_id = $1 AND b.status <> 'expired'
           GROUP BY b.client_id, u.username, u.first_name, u.photo_url, u.last_seen_at
           ORDER BY max(b.starts_at) DESC LIMIT $2 OFFSET $3""", model_id, limit, offset)
    total = await conn.fetchval("SELECT count(DISTINCT client_id) FROM pnp_bookings "
                                "WHERE model_id = $1 AND status <> 'expired'", model_id)
    return rows, total


async def model_name(conn: asyncpg.Connection, model_id: int) -> str | None:
    return await conn.fetchval("SELECT display_name FROM pnp_models WHERE id = $1", model_id)


async def model_by_feed_token(conn: asyncpg.Connection, token: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT id, display_name FROM pnp_models WHERE ics_token = $1 AND deleted_at IS NULL", token)


async def feed_sessions(conn: asyncpg.Connection, model_id: int) -> list[asyncpg.Record]:
    """From 30 days back on, every status."""
    return await conn.fetch(
        """SELECT b.*, coalesce(nullif(u.first_name, ''), u.username, 'client') AS client_name
           FROM pnp_bookings b JOIN users u ON u.id = b.client_id
           WHERE b.model_id = $1 AND b.ends_at > now() - interval '30 days'
           ORDER BY b.starts_at LIMIT 2000""", model_id)


async def feed_token(conn: asyncpg.Connection, model_id: int) -> str | None:
    return await conn.fetchval("SELECT ics_token FROM pnp_models WHERE id = $1", model_id)


REVIEW = """r.id, r.booking_id, r.model_id, r.rating, r.body, r.created_at,
    NULLIF(btrim(u.first_name), '') AS author"""


async def reviewable(conn: asyncpg.Connection, booking_id: int, *, client_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT model_id, status FROM pnp_bookings WHERE id = $1 AND client_id = $2", booking_id, client_id)


async def lock_model_row(conn: asyncpg.Connection, model_id: int) -> None:
    """The model row (FOR UPDATE): its rating is recomputed under it."""
    await conn.execute("SELECT 1 FROM pnp_models WHERE id = $1 FOR UPDATE", model_id)


async def insert_review(conn: asyncpg.Connection, *, booking_id: int, model_id: int, client_id: int,
                        rating: int, body: str) -> int | None:
    """None when the booking already has a review."""
    return await conn.fetchval(
        # UNIQUE (booking_id): one review per booking, whoever races.
        """INSERT INTO pnp_reviews (booking_id, model_id, client_id, rating, body) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (booking_id) DO NOTHING RETURNING id""",
        booking_id, model_id, client_id, rating, body)


async def get_review(conn: asyncpg.Connection, review_id: int) -> asyncpg.Record:
    return await conn.fetchrow(f"SELECT {REVIEW} FROM pnp_reviews r JOIN users u ON u.id = r.client_id "
                               "WHERE r.id = $1", review_id)


async def refresh_rating(conn: asyncpg.Connection, model_id: int) -> None:
    """Recompute from the visible reviews (call with the model row locked): avg NULL ⇔ count 0."""
    await conn.execute(
        """UPDATE pnp_models m SET (rating_avg, rating_count) = (
               SELECT round(avg(r.rating), 2), count(*) FROM pnp_reviews r
               WHERE r.model_id = m.id AND NOT r.hidden)
           WHERE m.id = $1""", model_id)


async def model_rating(conn: asyncpg.Connection, model_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT visibility, rating_avg::float8 AS rating_avg, rating_count FROM pnp_models "
        "WHERE id = $1 AND deleted_at IS NULL", model_id)


async def visible_reviews(conn: asyncpg.Connection, model_id: int, *, limit: int,
                          offset: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""SELECT {REVIEW} FROM pnp_reviews r JOIN users u ON u.id = r.client_id
            WHERE r.model_id = $1 AND NOT r.hidden
            ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3""",
        model_id, limit, offset)
