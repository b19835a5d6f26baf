"""Bookable slots of one model, in UTC and in the zone the client asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from app.auth.tokens import CurrentUser
from app.availability.cache import Entry, cached_slots
from app.availability.engine import bookable
from app.availability.loader import load, zone
from app.availability.schemas import Slot, SlotList
from app.catalog.service import visible_to
from app.errors import invalid, not_found
from core.db import Connection
from core.kv import KeyValue

MAX_SPAN = timedelta(days=62)


def _utc(moment: datetime) -> datetime:
    """A time without an offset is read as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def asked_zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    found = zone(name)
    if found.key != name:
        raise invalid("tz", f"{name!r} is not an IANA time zone such as America/New_York")
    return found


async def model_durations(conn: Connection, model_id: int) -> list[int]:
    return [r["duration_minutes"] for r in await conn.fetch(
        "SELECT duration_minutes FROM pnp_model_prices WHERE model_id = $1 ORDER BY duration_minutes",
        model_id)]


async def slots(conn: Connection, *, viewer: CurrentUser | None, model_id: int, start: datetime | None,
                end: datetime | None, duration: int | None, tz: str | None,
                now: datetime | None = None, cache: KeyValue) -> SlotList:
    now = now or datetime.now(UTC)
    params = (start and _utc(start), end and _utc(end), duration, tz)
    start = _utc(start or now)
    end = _utc(end or start + timedelta(days=7))
    if end <= start:
        raise invalid("to", "must be after from")
    if end - start > MAX_SPAN:
        raise invalid("to", "at most 62 days after from")
    asked = asked_zone(tz)
    visibilities = visible_to(viewer)

    async def compute() -> Entry:
        return await _compute(conn, model_id=model_id, start=start, end=end, duration=duration,
                              asked=asked, now=now, visibilities=visibilities)

    return await cached_slots(conn, cache, model_id=model_id, params=params, visibilities=visibilities,
                              now=now, load=compute)


async def _compute(conn: Connection, *, model_id: int, start: datetime, end: datetime,
                   duration: int | None, asked: ZoneInfo | None, now: datetime,
                   visibilities: list[str]) -> Entry:
    if duration is None:
        durations = await model_durations(conn, model_id)
        if not durations:
            raise invalid("duration", "the model has no prices yet, so nothing is bookable")
        duration = durations[0]
    loaded = await load(conn, model_id, start=start, end=end, duration=duration)
    if loaded is None or loaded[0]["visibility"] not in visibilities:
        raise not_found("model")
    model, rules = loaded
    if model["price_cents"] is None:
        raise invalid("duration", "the model offers no session of that length")
    out_zone = asked or rules.tz
    length = timedelta(minutes=duration)
    found = bookable(rules, start=start, end=end, duration=length, now=now)
    page = SlotList(
        model_id=model_id, model_timezone=rules.tz.key, tz=out_zone.key, duration_minutes=duration,
        price_cents=model["price_cents"], currency=model["currency"],
        slots=[Slot(start=s, end=s + length, start_local=s.astimezone(out_zone).isoformat(),
                    end_local=(s + length).astimezone(out_zone).isoformat()) for s in found],
    )
    return Entry(visibility=model["visibility"], min_notice_min=rules.min_notice_min, page=page)
