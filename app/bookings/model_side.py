"""A model's own bookings and its clients."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from app.bookings import queries
from app.bookings.schemas import BookingPage, booking_out
from app.errors import invalid
from app.paging import Page, component
from core.db import Connection

Scope = Literal["upcoming", "past", "range"]


class ClientSummary(msgspec.Struct):
    client_id: int
    username: str | None
    first_name: str
    name: str | None
    photo_url: str | None
    bookings: int
    completed: int
    cancelled: int
    last_session_at: datetime | None
    next_session_at: datetime | None
    last_seen_at: datetime | None
    total_spent_cents: int


ClientPage = Annotated[Page[ClientSummary], component("ClientPage")]


async def bookings(conn: Connection, model_id: int, *, scope: Scope, start: datetime | None,
                   end: datetime | None, limit: int, offset: int) -> BookingPage:
    """upcoming: not yet ended, soonest first; past: ended, latest first; range: starting in
    [from, to), which also narrows the other two."""
    if scope == "range" and (start is None or end is None):
        raise invalid("from", "a range needs from and to")
    if start is not None and end is not None and end <= start:
        raise invalid("to", "must be after from")
    rows, total = await queries.for_model(conn, model_id, scope=scope, start=start, end=end, limit=limit,
                                          offset=offset)
    return BookingPage(items=[booking_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def clients(conn: Connection, model_id: int, *, limit: int, offset: int) -> ClientPage:
    """Total spent: confirmed and completed sessions at their booked price (the ledger will refine it)."""
    rows, total = await queries.clients_of(conn, model_id, limit=limit, offset=offset)
    return ClientPage(items=[msgspec.convert(dict(r), ClientSummary, strict=False) for r in rows],
                      total=total, limit=limit, offset=offset)
