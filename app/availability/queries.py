from __future__ import annotations

from datetime import date, datetime
from typing import Any

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


async def durations(conn: asyncpg.Connection, model_id: int) -> list[int]:
    return [r["duration_minutes"] for r in await conn.fetch(
        "SELECT duration_minutes FROM pnp_model_prices WHERE model_id = $1 ORDER BY duration_minutes",
        model_id)]


SETTINGS = ("timezone", "buffer_before_min", "buffer_after_min", "min_notice_min", "booking_window_days",
            "slot_interval_min", "max_bookings_per_day")


async def settings(conn: asyncpg.Connection, model_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {', '.join(SETTINGS)} FROM pnp_models WHERE id = $1 AND deleted_at IS NULL", model_id)


async def update_settings(conn: asyncpg.Connection, model_id: int, changes: dict[str, Any]) -> None:
    """`changes` keys are names from SETTINGS."""
    sets = ", ".join(f"{name} = ${i}" for i, name in enumerate(changes, start=2))
    await conn.execute(f"UPDATE pnp_models SET {sets} WHERE id = $1", model_id, *changes.values())


async def weekly_ranges(conn: asyncpg.Connection, model_id: int) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT id, weekday, start_minute, end_minute FROM pnp_model_schedules "
                            "WHERE model_id = $1 ORDER BY weekday, start_minute", model_id)


async def blocked_ranges(conn: asyncpg.Connection, model_id: int) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT id, starts_at, ends_at, reason FROM pnp_model_blocked_dates "
                            "WHERE model_id = $1 ORDER BY starts_at", model_id)


async def slots_and_overrides(conn: asyncpg.Connection, model_id: int) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT id, kind, local_date AS date, starts_at, ends_at FROM pnp_availability "
                            "WHERE model_id = $1 ORDER BY starts_at", model_id)


async def overlapping_weekly(conn: asyncpg.Connection, model_id: int, *, weekday: int, start_minute: int,
                             end_minute: int, except_id: int | None) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT id, weekday, start_minute, end_minute FROM pnp_model_schedules
           WHERE model_id = $1 AND id <> $5 AND weekday = $2
             AND int4range(start_minute, end_minute) && int4range($3, $4) LIMIT 1""",
        model_id, weekday, start_minute, end_minute, except_id or 0)


async def overlapping_slot(conn: asyncpg.Connection, model_id: int, *, starts_at: datetime,
                           ends_at: datetime, except_id: int | None) -> asyncpg.Record | None:
    """A one-off slot or an override (both live in pnp_availability)."""
    return await conn.fetchrow(
        """SELECT id, kind, local_date, starts_at, ends_at FROM pnp_availability
           WHERE model_id = $1 AND id <> $4 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
           LIMIT 1""", model_id, starts_at, ends_at, except_id or 0)


async def overlapping_block(conn: asyncpg.Connection, model_id: int, *, starts_at: datetime,
                            ends_at: datetime, except_id: int | None) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """SELECT id, starts_at, ends_at FROM pnp_model_blocked_dates
           WHERE model_id = $1 AND id <> $4 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3) LIMIT 1""",
        model_id, starts_at, ends_at, except_id or 0)


# kind: (table, columns in the order of the values, pnp_availability.kind or None)
RULE_TABLES: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "weekly": ("pnp_model_schedules", ("weekday", "start_minute", "end_minute"), None),
    "blocked": ("pnp_model_blocked_dates", ("starts_at", "ends_at", "reason"), None),
    "slots": ("pnp_availability", ("starts_at", "ends_at"), "slot"),
    "overrides": ("pnp_availability", ("local_date", "starts_at", "ends_at"), "override"),
}


async def save_rule(conn: asyncpg.Connection, model_id: int, *, kind: str, values: tuple[Any, ...],
                    rule_id: int | None) -> int | None:
    """Insert (rule_id None) or replace one rule; None when there is no such rule to replace.
    Raises ExclusionViolationError on an overlap (the schema's exclusion constraints)."""
    table, columns, sort = RULE_TABLES[kind]
    marks = [f"${i}" for i in range(2, len(columns) + 2)]
    if rule_id is None:
        kind_col, kind_val = (", kind", f", '{sort}'") if sort else ("", "")
        sql = (f"INSERT INTO {table} (model_id, {', '.join(columns)}{kind_col}) "
               f"VALUES ($1, {', '.join(marks)}{kind_val}) RETURNING id")
    else:
        sets = ", ".join(f"{c} = {m}" for c, m in zip(columns, marks, strict=True))
        extra = f" AND kind = '{sort}'" if sort else ""
        sql = (f"UPDATE {table} SET {sets} WHERE model_id = $1 AND id = ${len(columns) + 2}{extra} "
               "RETURNING id")
    return await conn.fetchval(sql, model_id, *values, *([rule_id] if rule_id else []))


async def delete_rule(conn: asyncpg.Connection, model_id: int, *, kind: str, rule_id: int) -> bool:
    table, _, sort = RULE_TABLES[kind]
    extra = f" AND kind = '{sort}'" if sort else ""
    status = await conn.execute(f"DELETE FROM {table} WHERE model_id = $1 AND id = $2{extra}",
                                model_id, rule_id)
    return status != "DELETE 0"
