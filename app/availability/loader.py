"""Reads a model's rules for a time range into the engine's `Rules`."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import asyncpg

from app.availability import queries
from app.availability.engine import Range, Rules
from core.db import Connection


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _ranges(values: list[asyncpg.Range]) -> list[Range]:
    return [(r.lower, r.upper) for r in values]


def rules_from_row(row: asyncpg.Record) -> Rules:
    tz = zone(row["timezone"])
    overrides: dict = {}
    for day, rng in zip(row["override_dates"], row["override_ranges"], strict=True):
        overrides.setdefault(day, []).append((rng.lower, rng.upper))
    return Rules(
        tz=tz, buffer_before_min=row["buffer_before_min"], buffer_after_min=row["buffer_after_min"],
        min_notice_min=row["min_notice_min"], booking_window_days=row["booking_window_days"],
        slot_interval_min=row["slot_interval_min"], max_bookings_per_day=row["max_bookings_per_day"],
        weekly=[(v // 100_000_000, v // 10_000 % 10_000, v % 10_000) for v in row["weekly"]],
        overrides=overrides, one_off=_ranges(row["one_off"]), blocked=_ranges(row["blocked"]),
        busy=_ranges(row["busy"]), booked_starts=list(row["booked_starts"]),
    )


async def load(conn: Connection, model_id: int, *, start: datetime, end: datetime, duration: int,
               client_id: int | None = None, key: str | None = None,
               busy: bool = True) -> tuple[asyncpg.Record, Rules] | None:
    """Rules for [start, end), widened by two days each side so whole local days are covered
    (daily maximum, ranges crossing midnight)."""
    wide_start, wide_end = start - timedelta(days=2), end + timedelta(days=2)
    row = await queries.load_rules(
        conn, model_id, start=wide_start, end=wide_end, first_day=wide_start.date(),
        last_day=wide_end.date(), duration=duration, client_id=client_id, key=key, busy=busy)
    if row is None:
        return None
    return row, rules_from_row(row)
