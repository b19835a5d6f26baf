"""Every booking status change goes through here.

held → pending_payment → confirmed → in_progress → completed, with the side exits cancelled,
expired, refunded and no_show. A transition is one conditional UPDATE (`status = ANY(allowed
sources)`), so two racing changes cannot both apply: the loser sees 409.

Payments call `transition(conn, booking_id, to="confirmed", events=events)` once money arrived,
and `reclaim_expired(conn, booking_id)` when it arrived after the hold expired.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

import asyncpg

from app import audit
from app.bookings import queries
from app.bookings.notices import publish_stored
from app.errors import conflict, not_found
from core.db import Connection
from core.events import EventBus

Status = Literal["held", "pending_payment", "confirmed", "in_progress", "completed",
                 "cancelled", "expired", "refunded", "no_show"]
STATUSES: tuple[Status, ...] = get_args(Status)
LIVE: frozenset[Status] = frozenset(queries.LIVE)  # type: ignore[arg-type]

TRANSITIONS: dict[Status, frozenset[Status]] = {
    "held": frozenset({"pending_payment", "confirmed", "cancelled", "expired"}),
    "pending_payment": frozenset({"confirmed", "cancelled", "expired"}),
    "confirmed": frozenset({"in_progress", "cancelled", "no_show", "refunded"}),
    "in_progress": frozenset({"completed", "cancelled", "no_show"}),
    "completed": frozenset({"refunded"}),
    "cancelled": frozenset({"refunded"}),
    "no_show": frozenset({"refunded"}),
    "expired": frozenset(),
    "refunded": frozenset(),
}
ALLOWED_FROM: dict[Status, tuple[Status, ...]] = {
    to: tuple(s for s in STATUSES if to in TRANSITIONS[s]) for to in STATUSES
}
_ANNOUNCED = frozenset({"confirmed", "cancelled", "expired", "completed", "refunded", "no_show"})


def can_transition(from_: Status, to: Status) -> bool:
    return to in TRANSITIONS[from_]


async def transition(conn: Connection, booking_id: int, *, to: Status, actor_id: int | None = None,
                     reason: str | None = None, refund_cents: int | None = None,
                     only_from: Iterable[Status] | None = None, hold_seconds: int | None = None,
                     events: EventBus | None = None) -> asyncpg.Record:
    """Move a booking to `to`; 409 problem when its current status does not allow it, 404 when absent.
    `only_from` narrows the legal sources (e.g. a client may cancel only before the session runs);
    `hold_seconds` restarts the payment window (held/pending_payment only). Writes the audit log and,
    with `events`, notifies the client and the model after commit."""
    allowed = [s for s in ALLOWED_FROM[to] if only_from is None or s in set(only_from)]
    data: dict[str, object] = {"to": to}
    if reason:
        data["reason"] = reason
    if refund_cents is not None:
        data["refund_cents"] = refund_cents
    row = await queries.transition(conn, booking_id, to=to, allowed=allowed, actor_id=actor_id, reason=reason,
                                   refund_cents=refund_cents, hold_seconds=hold_seconds, data=data,
                                   notify=events is not None and to in _ANNOUNCED)
    if row is None:
        current = await queries.status(conn, booking_id)
        if current is None:
            raise not_found("booking")
        raise conflict(f"a {current} booking cannot become {to}", current=current, to=to)
    publish_stored(conn, events, row)
    return row


async def reclaim_expired(conn: Connection, booking_id: int, *, hold_seconds: int = 600,
                          actor_id: int | None = None) -> bool:
    """A payment arrived for a hold that expired: take its range back as `pending_payment`, if it
    is still free. False when another booking took it (the exclusion constraint, 23P01); True when
    reclaimed or already live. 404/409 problem when the booking is missing or ended otherwise."""
    model_id = await queries.model_of(conn, booking_id)
    if model_id is None:
        raise not_found("booking")
    await queries.lock_model(conn, model_id)
    try:
        async with conn.transaction():  # a savepoint: a lost race leaves the caller's transaction usable
            status = await queries.reclaim(conn, booking_id, hold_seconds=hold_seconds)
    except (asyncpg.ExclusionViolationError, asyncpg.DeadlockDetectedError):
        return False
    if status is None:
        current = await queries.status(conn, booking_id)
        if current in LIVE:
            return True
        raise conflict(f"a {current} booking cannot be reclaimed", current=current)
    await audit.record(conn, actor_id=actor_id, action="booking.reclaimed", entity="booking",
                       entity_id=booking_id, data={"to": "pending_payment"})
    return True
