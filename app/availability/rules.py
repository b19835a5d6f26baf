"""A model's availability rules: weekly ranges, blocked ranges, one-off slots, date overrides and
the booking settings. Overlaps are refused by the schema's exclusion constraints (23P01), mapped
here to a 409 naming the rule in the way."""

from __future__ import annotations

from typing import Any, Literal
from zoneinfo import ZoneInfo

import asyncpg
import msgspec

from app import audit
from app.auth.tokens import CurrentUser
from app.availability import queries
from app.availability.engine import local_instant
from app.availability.loader import zone
from app.availability.schemas import (
    AvailabilityRules,
    AvailabilitySettings,
    BlockedIn,
    BlockedOut,
    OneOffIn,
    OneOffOut,
    OverrideIn,
    OverrideOut,
    SettingsIn,
    WeeklyRangeIn,
    WeeklyRangeOut,
)
from app.errors import conflict, invalid, not_found
from core.db import Connection

Kind = Literal["weekly", "blocked", "slots", "overrides"]
_DAYS = ("", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


async def _settings(conn: Connection, model_id: int) -> asyncpg.Record:
    row = await queries.settings(conn, model_id)
    if row is None:
        raise not_found("model")
    return row


async def get_rules(conn: Connection, model_id: int) -> AvailabilityRules:
    settings = await _settings(conn, model_id)
    weekly = await queries.weekly_ranges(conn, model_id)
    blocked = await queries.blocked_ranges(conn, model_id)
    extra = await queries.slots_and_overrides(conn, model_id)
    return AvailabilityRules(
        model_id=model_id,
        settings=msgspec.convert(dict(settings), AvailabilitySettings),
        weekly=[msgspec.convert(dict(r), WeeklyRangeOut) for r in weekly],
        blocked=[msgspec.convert(dict(r), BlockedOut) for r in blocked],
        one_off=[OneOffOut(id=r["id"], starts_at=r["starts_at"], ends_at=r["ends_at"])
                 for r in extra if r["kind"] == "slot"],
        overrides=[OverrideOut(id=r["id"], date=r["date"], starts_at=r["starts_at"], ends_at=r["ends_at"])
                   for r in extra if r["kind"] == "override"],
    )


async def update_settings(conn: Connection, actor: CurrentUser, model_id: int,
                          data: SettingsIn) -> AvailabilityRules:
    changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    if "timezone" in changes and zone(changes["timezone"]).key != changes["timezone"]:
        raise invalid("timezone", f"{changes['timezone']!r} is not an IANA time zone such as Europe/Madrid")
    await _settings(conn, model_id)
    if changes:
        await queries.update_settings(conn, model_id, changes)
    await audit.record(conn, actor_id=actor.id, action="availability.settings_changed", entity="model",
                       entity_id=model_id, data=changes)
    return await get_rules(conn, model_id)


def _check_range(start: Any, end: Any) -> None:
    if end <= start:
        raise invalid("ends_at", "must be after starts_at")


async def _overlap_message(conn: Connection, kind: Kind, model_id: int, values: tuple[Any, ...],
                           rule_id: int | None) -> str:
    if kind == "weekly":
        weekday, start_minute, end_minute = values
        row = await queries.overlapping_weekly(conn, model_id, weekday=weekday, start_minute=start_minute,
                                               end_minute=end_minute, except_id=rule_id)
        if row:
            return (f"overlaps the weekly range #{row['id']} ({_DAYS[row['weekday']]} "
                    f"{_hm(row['start_minute'])}–{_hm(row['end_minute'])})")
    else:
        row = await queries.overlapping_slot(conn, model_id, starts_at=values[-2], ends_at=values[-1],
                                             except_id=rule_id)
        if row:
            what = f"override of {row['local_date']}" if row["kind"] == "override" else "one-off slot"
            return (f"overlaps the {what} #{row['id']} "
                    f"({row['starts_at']:%Y-%m-%d %H:%M}–{row['ends_at']:%Y-%m-%d %H:%M} UTC)")
    return "overlaps another rule"


async def _write(conn: Connection, kind: Kind, model_id: int, values: tuple[Any, ...],
                 rule_id: int | None) -> int:
    try:
        async with conn.transaction():  # savepoint: on 23P01 we still read which rule is in the way
            found = await queries.save_rule(conn, model_id, kind=kind, values=values, rule_id=rule_id)
    except asyncpg.ExclusionViolationError:
        detail = await _overlap_message(conn, kind, model_id, values, rule_id)
        raise conflict(detail, rule=kind) from None
    if found is None:
        raise not_found("rule")
    return int(found)


def _override_values(tz: ZoneInfo, data: OverrideIn) -> tuple[Any, ...]:
    if data.end_minute <= data.start_minute:
        raise invalid("end_minute", "must be after start_minute")
    return (data.date, local_instant(data.date, data.start_minute, tz),
            local_instant(data.date, data.end_minute, tz))


async def save_rule(conn: Connection, actor: CurrentUser, model_id: int, kind: Kind,
                    data: WeeklyRangeIn | BlockedIn | OneOffIn | OverrideIn,
                    rule_id: int | None = None) -> AvailabilityRules:
    """Insert (rule_id None) or replace one rule."""
    settings = await _settings(conn, model_id)
    values: tuple[Any, ...]
    if isinstance(data, WeeklyRangeIn):
        if data.end_minute <= data.start_minute:
            raise invalid("end_minute", "must be after start_minute")
        values = (data.weekday, data.start_minute, data.end_minute)
    elif isinstance(data, BlockedIn):
        _check_range(data.starts_at, data.ends_at)
        values = (data.starts_at, data.ends_at, data.reason)
        await _refuse_overlapping_block(conn, model_id, data, rule_id)
    elif isinstance(data, OneOffIn):
        _check_range(data.starts_at, data.ends_at)
        values = (data.starts_at, data.ends_at)
    else:
        values = _override_values(zone(settings["timezone"]), data)
    saved = await _write(conn, kind, model_id, values, rule_id)
    await audit.record(conn, actor_id=actor.id, action=f"availability.{kind}_saved", entity="model",
                       entity_id=model_id, data={"rule_id": saved})
    return await get_rules(conn, model_id)


async def _refuse_overlapping_block(conn: Connection, model_id: int, data: BlockedIn,
                                    rule_id: int | None) -> None:
    other = await queries.overlapping_block(conn, model_id, starts_at=data.starts_at, ends_at=data.ends_at,
                                            except_id=rule_id)
    if other is not None:
        raise conflict(f"overlaps the blocked range #{other['id']} "
                       f"({other['starts_at']:%Y-%m-%d %H:%M}–{other['ends_at']:%Y-%m-%d %H:%M} UTC); "
                       "change that one instead", rule="blocked")


async def delete_rule(conn: Connection, actor: CurrentUser, model_id: int, kind: Kind, rule_id: int) -> None:
    if not await queries.delete_rule(conn, model_id, kind=kind, rule_id=rule_id):
        raise not_found("rule")
    await audit.record(conn, actor_id=actor.id, action=f"availability.{kind}_deleted", entity="model",
                       entity_id=model_id, data={"rule_id": rule_id})
