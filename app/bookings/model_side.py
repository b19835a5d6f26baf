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
    when = {"upcoming": "AND b.ends_at > now()", "past": "AND b.ends_at <= now()", "range": ""}[scope]
    order = "b.starts_at DESC, b.id DESC" if scope == "past" else "b.starts_at, b.id"
    sql = f"""FROM pnp_bookings b WHERE b.model_id = $1 {when}
        AND ($2::timestamptz IS NULL OR b.starts_at >= $2)
        AND ($3::timestamptz IS NULL OR b.starts_at < $3)"""
    rows = await conn.fetch(f"SELECT {queries.COLUMNS}, {queries.PARTIES} {sql} ORDER BY {order} "
                            "LIMIT $4 OFFSET $5",
                            model_id, start, end, limit, offset)
    total = await conn.fetchval(f"SELECT count(*) {sql}", model_id, start, end)
    return BookingPage(items=[booking_out(r) for r in rows], total=total, limit=limit, offset=offset)


async def clients(conn: Connection, model_id: int, *, limit: int, offset: int) -> ClientPage:
    """Total spent: confirmed and completed sessions at their booked price (the ledger will refine it)."""
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
    return ClientPage(items=[msgspec.convert(dict(r), ClientSummary, strict=False) for r in rows],
                      total=total, limit=limit, offset=offset)
