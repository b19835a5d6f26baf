from __future__ import annotations

from datetime import date, datetime

import asyncpg

# Live and not stale: a held or pending booking past its expiry no longer occupies anything.
LIVE_NOW = """(b.status IN ('confirmed', 'in_progress')
    OR (b.status IN ('held', 'pending_payment')
        AND (b.hold_expires_at IS NULL OR b.hold_expires_at >= now())))"""

# $1 model, $2 from, $3 to, $4 first local date, $5 last local date, $6 duration (price lookup),
# $7 client and $8 Idempotency-Key (the hold path's replay lookup, in the same round trip), $9 whether
# to read the busy ranges (the hold path leaves overlaps to the exclusion constraints). Starts for the
# daily maximum only when the model has one.
RULES = f"""SELECT m.id, m.user_id, m.visibility, m.is_online, m.timezone, m.buffer_before_min,
    m.buffer_after_min, m.min_notice_min, m.booking_window_days, m.slot_interval_min,
    m.max_bookings_per_day, m.rating_avg::float8 AS rating_avg, m.rating_count, m.languages,
    (SELECT p.price_cents FROM pnp_model_prices p WHERE p.model_id = m.id AND p.duration_minutes = $6)
        AS price_cents,
    (SELECT p.currency FROM pnp_model_prices p WHERE p.model_id = m.id AND p.duration_minutes = $6)
        AS currency,
    (SELECT b.id FROM pnp_bookings b WHERE b.client_id = $7 AND b.idempotency_key = $8) AS replay_id,
    (SELECT coalesce(array_agg(s.weekday * 100000000 + s.start_minute * 10000 + s.end_minute), '{{}}')
       FROM pnp_model_schedules s WHERE s.model_id = m.id) AS weekly,
    (SELECT coalesce(array_agg(a.local_date ORDER BY a.starts_at), '{{}}') FROM pnp_availability a
      WHERE a.model_id = m.id AND a.kind = 'override' AND a.local_date BETWEEN $4 AND $5) AS override_dates,
    (SELECT coalesce(array_agg(tstzrange(a.starts_at, a.ends_at) ORDER BY a.starts_at), '{{}}')
       FROM pnp_availability a WHERE a.model_id = m.id AND a.kind = 'override'
        AND a.local_date BETWEEN $4 AND $5) AS override_ranges,
    (SELECT coalesce(array_agg(tstzrange(a.starts_at, a.ends_at)), '{{}}') FROM pnp_availability a
      WHERE a.model_id = m.id AND a.kind = 'slot' AND a.starts_at < $3 AND a.ends_at > $2) AS one_off,
    (SELECT coalesce(array_agg(tstzrange(d.starts_at, d.ends_at)), '{{}}') FROM pnp_model_blocked_dates d
      WHERE d.model_id = m.id AND d.starts_at < $3 AND d.ends_at > $2) AS blocked,
    CASE WHEN $9 THEN (SELECT coalesce(array_agg(b.occupied), '{{}}') FROM pnp_bookings b
      WHERE b.model_id = m.id AND b.occupied && tstzrange($2, $3) AND {LIVE_NOW}) ELSE '{{}}' END AS busy,
    CASE WHEN m.max_bookings_per_day IS NOT NULL THEN (
      SELECT coalesce(array_agg(b.starts_at), '{{}}') FROM pnp_bookings b
      WHERE b.model_id = m.id AND b.starts_at >= $2 AND b.starts_at < $3
        AND ({LIVE_NOW} OR b.status = 'completed')) ELSE '{{}}' END AS booked_starts
FROM pnp_models m WHERE m.id = $1 AND m.deleted_at IS NULL"""


async def load_rules(conn: asyncpg.Connection, model_id: int, *, start: datetime, end: datetime,
                     first_day: date, last_day: date, duration: int, client_id: int | None = None,
                     key: str | None = None, busy: bool = True) -> asyncpg.Record | None:
    """A model's settings and every rule and booking that can matter between `start` and `end`."""
    return await conn.fetchrow(RULES, model_id, start, end, first_day, last_day, duration, client_id, key,
                               busy)


# Writers bump availability_state in their own transaction (triggers of migrations/0075), so this
# snapshot's version covers every write it can see; `lapse` is when the next live hold frees its slot.
CACHE_STATE = """SELECT (SELECT epoch FROM catalog_state) AS epoch,
    (SELECT version FROM availability_state WHERE model_id = $1) AS version,
    (SELECT min(b.hold_expires_at) FROM pnp_bookings b WHERE b.model_id = $1
        AND b.status IN ('held', 'pending_payment') AND b.hold_expires_at >= now()) AS lapse"""


async def cache_state(conn: asyncpg.Connection, model_id: int) -> asyncpg.Record:
    return await conn.fetchrow(CACHE_STATE, model_id)
