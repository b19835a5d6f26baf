"""Admin views of bookings: search, edit, and the queue of bookings that later rule changes put in
conflict (blocked time, hours no longer open), with their resolutions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import asyncpg
import msgspec

from app import audit
from app.auth.tokens import CurrentUser
from app.availability.engine import conflict_reasons
from app.availability.loader import load
from app.bookings import changes, lifecycle, queries
from app.bookings.schemas import AdminBookingUpdate, AwareDateTime, BookingOut, BookingPage, booking_out
from app.errors import invalid, not_found
from app.paging import Page, component
from core.config import Settings
from core.db import Connection
from core.events import EventBus

SCAN_LIMIT = 5000


class Conflict(msgspec.Struct):
    booking: BookingOut
    reasons: list[str]


ConflictPage = Annotated[Page[Conflict], component("ConflictPage")]


class Resolution(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    action: Literal["keep", "cancel", "reschedule"]
    start: AwareDateTime | None = None
    refund: bool = True
    note: Annotated[str, msgspec.Meta(max_length=500)] = ""


async def search(conn: Connection, *, statuses: list[str] | None, model_id: int | None,
                 client_id: int | None, start: datetime | None, end: datetime | None, limit: int,
                 offset: int) -> BookingPage:
    if start is not None and end is not None and end <= start:
        raise invalid("to", "must be after from")
    rows, total = await queries.search(conn, statuses=statuses, model_id=model_id, client_id=client_id,
                                       start=start, end=end, limit=limit, offset=offset)
    return BookingPage(items=[booking_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def update(conn: Connection, events: EventBus, settings: Settings, *, user: CurrentUser,
                 booking_id: int, data: AdminBookingUpdate) -> BookingOut:
    """Notes, then a move, then a status change; each step audited. Returns the final booking."""
    row = None
    if data.notes is not None:
        row = await queries.set_notes(conn, booking_id, data.notes)
        if row is None:
            raise not_found("booking")
        await audit.record(conn, actor_id=user.id, action="booking.edited", entity="booking",
                           entity_id=booking_id, data={"notes": data.notes})
    if data.start is not None:
        row = await changes.reschedule(conn, events, settings, user=user, booking_id=booking_id,
                                       start=data.start)
    if data.status == "cancelled":
        row = await changes.cancel(conn, events, settings, user=user, booking_id=booking_id,
                                   reason=data.reason, refund=data.refund)
    elif data.status is not None:
        row = await lifecycle.transition(conn, booking_id, to=data.status, actor_id=user.id,
                                         reason=data.reason or None, events=events)
    row = row or await queries.get(conn, booking_id)
    if row is None:
        raise not_found("booking")
    return booking_out(row)


async def _future_live(conn: Connection) -> list[asyncpg.Record]:
    return await queries.future_live_undecided(conn, limit=SCAN_LIMIT)

async def conflicts(conn: Connection, *, limit: int, offset: int) -> ConflictPage:
    """Live future bookings checked against their model's current rules, a model at a time."""
    found: list[Conflict] = []
    by_model: dict[int, list[asyncpg.Record]] = {}
    for row in await _future_live(conn):
        by_model.setdefault(row["model_id"], []).append(row)
    for model_id, rows in by_model.items():
        loaded = await load(conn, model_id, start=rows[0]["starts_at"], end=rows[-1]["ends_at"],
                            duration=rows[0]["duration_minutes"])
        for row in rows:
            reasons = ["model_deleted"] if loaded is None else \
                conflict_reasons(loaded[1], row["starts_at"], row["ends_at"])
            if reasons:
                found.append(Conflict(booking=booking_out(row), reasons=reasons))
    found.sort(key=lambda c: c.booking.starts_at)
    return ConflictPage(items=found[offset:offset + limit], total=len(found), limit=limit, offset=offset)


async def resolve(conn: Connection, events: EventBus, settings: Settings, *, user: CurrentUser,
                  booking_id: int, data: Resolution) -> BookingOut:
    row = await queries.get(conn, booking_id)
    if row is None:
        raise not_found("booking")
    if data.action == "keep":
        await queries.keep_in_conflict(conn, booking_id, starts_at=row["starts_at"], actor_id=user.id,
                                       note=data.note)
        await audit.record(conn, actor_id=user.id, action="booking.conflict_kept", entity="booking",
                           entity_id=booking_id, data={"note": data.note})
    elif data.action == "cancel":
        await changes.cancel(conn, events, settings, user=user, booking_id=booking_id,
                             reason=data.note or "schedule conflict", refund=data.refund)
    else:
        if data.start is None:
            raise invalid("start", "required to reschedule")
        await changes.reschedule(conn, events, settings, user=user, booking_id=booking_id, start=data.start)
    fresh = await queries.get(conn, booking_id)
    assert fresh is not None
    return booking_out(fresh)

