"""iCalendar (RFC 5545) for one booking, and a secret per-model feed that calendar apps poll."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
from icalendar import Calendar, Event

from app.auth.tokens import CurrentUser
from app.bookings import queries
from app.bookings.schemas import FeedUrl
from app.bookings.service import visible_booking
from app.errors import not_found
from core.db import Connection

_STATUS = {"held": "TENTATIVE", "pending_payment": "TENTATIVE", "confirmed": "CONFIRMED",
           "in_progress": "CONFIRMED", "completed": "CONFIRMED"}


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//PNP Live//Bookings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _event(row: asyncpg.Record, summary: str, public_url: str) -> Event:
    event = Event()
    event.add("uid", f"booking-{row['id']}@pnp-live")
    event.add("dtstamp", datetime.now(UTC))
    event.add("last-modified", row["updated_at"].astimezone(UTC))
    event.add("dtstart", row["starts_at"].astimezone(UTC))
    event.add("dtend", row["ends_at"].astimezone(UTC))
    event.add("summary", summary)
    event.add("status", _STATUS.get(row["status"], "CANCELLED"))
    event.add("url", f"{public_url.rstrip('/')}/#/bookings/{row['id']}")
    return event


async def booking_ics(conn: Connection, user: CurrentUser, booking_id: int, public_url: str) -> bytes:
    row = await visible_booking(conn, user, booking_id)
    name = await queries.model_name(conn, row["model_id"])
    cal = _calendar("PNP Live")
    cal.add_component(_event(row, f"PNP Live session with {name}", public_url))
    return cal.to_ical()


async def model_feed(conn: Connection, token: str, public_url: str) -> bytes:
    """Sessions from 30 days back on; cancelled and expired ones stay as CANCELLED so calendars drop them."""
    model = await queries.model_by_feed_token(conn, token)
    if model is None:
        raise not_found("calendar")
    rows = await queries.feed_sessions(conn, model["id"])
    cal = _calendar(f"PNP Live — {model['display_name']}")
    for row in rows:
        cal.add_component(_event(row, f"Session with {row['client_name']}", public_url))
    return cal.to_ical()


async def feed_url(conn: Connection, model_id: int, public_url: str) -> FeedUrl:
    token = await queries.feed_token(conn, model_id)
    return FeedUrl(url=f"{public_url.rstrip('/')}/api/calendar/{token}.ics")
