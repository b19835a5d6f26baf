"""Cancel and reschedule under the policy in settings: clients keep a full refund and may move a
session until `booking_cancel_cutoff_hours` before it; later, a client's cancel refunds
`booking_late_refund_share` of the price and a move is refused. Models and admins may do either
at any time, always with a full refund. A reschedule is one UPDATE of the booking's range, so the
old range is released in the very statement the exclusion constraint admits the new one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

import asyncpg

from app import audit
from app.auth.tokens import CurrentUser
from app.availability.engine import refusal_for
from app.availability.loader import load
from app.bookings import lifecycle, queries
from app.bookings.holds import refuse
from app.bookings.notices import announce
from app.bookings.service import visible_booking
from app.errors import Problem, conflict
from core.config import Settings
from core.db import Connection
from core.events import EventBus

Party = Literal["client", "model", "admin"]
PAID = frozenset({"confirmed", "in_progress"})


def party(user: CurrentUser, row: asyncpg.Record) -> Party:
    if user.role == "ADMIN":
        return "admin"
    if user.id == row["client_id"]:
        return "client"
    if user.id == row["model_user_id"]:
        return "model"
    raise Problem(403, "only the client, the model or an admin may change this booking")


def refund_for(row: asyncpg.Record, who: Party, settings: Settings, now: datetime, *,
               refund: bool = True) -> int:
    """What goes back to the client: nothing unpaid; all of it unless a client cancels late."""
    if row["status"] not in PAID or not refund:
        return 0
    cutoff = row["starts_at"] - timedelta(hours=settings.booking_cancel_cutoff_hours)
    if who == "client" and now > cutoff:
        return int(row["price_cents"] * settings.booking_late_refund_share)
    return int(row["price_cents"])


async def cancel(conn: Connection, events: EventBus, settings: Settings, *, user: CurrentUser,
                 booking_id: int, reason: str, refund: bool = True) -> asyncpg.Record:
    row = await visible_booking(conn, user, booking_id, lock=True)
    who = party(user, row)
    allowed: tuple[lifecycle.Status, ...] = ("held", "pending_payment", "confirmed")
    if who == "admin":
        allowed += ("in_progress",)
    refund_cents = refund_for(row, who, settings, datetime.now(UTC), refund=refund)
    return await lifecycle.transition(
        conn, booking_id, to="cancelled", actor_id=user.id, reason=reason or f"cancelled by the {who}",
        refund_cents=refund_cents, only_from=allowed, events=events)


async def reschedule(conn: Connection, events: EventBus, settings: Settings, *, user: CurrentUser,
                     booking_id: int, start: datetime) -> asyncpg.Record:
    seen = await visible_booking(conn, user, booking_id)
    await queries.lock_model(conn, seen["model_id"])  # the model lock first, then the row lock
    row = await visible_booking(conn, user, booking_id, lock=True)
    who = party(user, row)
    now = datetime.now(UTC)
    if row["status"] not in ("held", "pending_payment", "confirmed"):
        raise conflict(f"a {row['status']} booking cannot be moved", current=row["status"])
    if who == "client" and now > row["starts_at"] - timedelta(hours=settings.booking_cancel_cutoff_hours):
        raise conflict(f"too late to move this session: clients may reschedule until "
                       f"{settings.booking_cancel_cutoff_hours} h before it starts; cancel instead",
                       reason="cutoff")
    start = start.astimezone(UTC)
    duration = timedelta(minutes=row["duration_minutes"])
    loaded = await load(conn, row["model_id"], start=start, end=start + duration,
                        duration=row["duration_minutes"])
    if loaded is None:
        raise conflict("the model no longer exists")
    rules = loaded[1]
    rules.booked_starts = [s for s in rules.booked_starts if s != row["starts_at"]]
    refusal = refusal_for(rules, start=start, duration=duration, now=now)
    if refusal is not None and not (who == "admin" and refusal in ("unavailable", "misaligned", "notice")):
        raise refuse(refusal)
    try:
        async with conn.transaction():  # savepoint: 23P01 leaves the booking where it was
            moved = await queries.move(conn, booking_id, start)
    except (asyncpg.ExclusionViolationError, asyncpg.DeadlockDetectedError):
        raise refuse("taken") from None
    previous = row["starts_at"].isoformat()
    await audit.record(conn, actor_id=user.id, action="booking.rescheduled", entity="booking",
                       entity_id=booking_id, data={"from": previous, "to": start.isoformat(), "by": who})
    await announce(conn, events, moved, "rescheduled", previous_starts_at=previous)
    return moved
