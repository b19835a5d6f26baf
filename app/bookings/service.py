"""Reading bookings: who may see which."""

from __future__ import annotations

import asyncpg

from app.auth.tokens import CurrentUser
from app.bookings import queries
from app.bookings.schemas import BookingOut, BookingPage, booking_out
from app.errors import not_found
from core.db import Connection
from core.roles import STAFF


def may_see(user: CurrentUser, row: asyncpg.Record) -> bool:
    return user.role in STAFF or user.id in (row["client_id"], row["model_user_id"])


async def visible_booking(conn: Connection, user: CurrentUser, booking_id: int, *,
                          lock: bool = False) -> asyncpg.Record:
    """The booking if `user` is its client, its model or staff; 404 otherwise (existence is private)."""
    row = await queries.get(conn, booking_id, lock=lock)
    if row is None or not may_see(user, row):
        raise not_found("booking")
    return row


async def get_booking(conn: Connection, user: CurrentUser, booking_id: int) -> BookingOut:
    return booking_out(await visible_booking(conn, user, booking_id))


async def my_bookings(conn: Connection, user: CurrentUser, *, statuses: list[str] | None, limit: int,
                      offset: int) -> BookingPage:
    rows = await queries.list_for_client(conn, user.id, statuses=statuses, limit=limit, offset=offset)
    total = await queries.count_for_client(conn, user.id, statuses=statuses)
    return BookingPage(items=[booking_out(r) for r in rows], total=total, limit=limit, offset=offset)
