"""A call room's cached booking follows its status changes and reschedules, and a profile
linked to another account changes who the call's model is."""

from __future__ import annotations

from datetime import timedelta

from app.bookings import queries as bookings
from app.calls.rooms import RoomCache
from app.catalog import queries as catalog
from core.db import transaction
from tests.counting import lend, versions


async def test_cached_call_room_follows_the_booking(conn) -> None:
    cache = versions()
    db, counting = lend(conn, cache)
    rooms = RoomCache(cache)
    client, first, second = [await conn.fetchval(
        "INSERT INTO users (telegram_id, role) VALUES ((random() * 1e12)::bigint + 1e12, $1) RETURNING id",
        role) for role in ("PRIME", "MODEL", "MODEL")]
    model_id = await conn.fetchval(
        "INSERT INTO pnp_models (display_name, user_id) VALUES ('Call', $1) RETURNING id", first)
    booking_id = await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, 'pending_payment', now() + interval '1 day',
                   now() + interval '1 day 30 minutes', 30, 3000, 'USD') RETURNING id""",
        model_id, client)
    cached = await rooms.call_booking(db, booking_id)
    assert cached is not None and (cached.status, cached.model_user_id) == ("pending_payment", first)
    assert await rooms.call_booking(db, booking_id) == cached
    assert counting.queries == 1
    async with transaction(db) as tx:
        await bookings.transition(tx, booking_id, to="confirmed", allowed=["pending_payment"],
                                  actor_id=None, reason=None, refund_cents=None, hold_seconds=None,
                                  data={}, notify=False)
    assert (await rooms.call_booking(db, booking_id)).status == "confirmed"
    async with transaction(db) as tx:
        await bookings.move(tx, booking_id, cached.starts_at + timedelta(hours=1))
    assert (await rooms.call_booking(db, booking_id)).starts_at == cached.starts_at + timedelta(hours=1)
    async with transaction(db) as tx:
        await catalog.update_model(tx, model_id, {"user_id": second})
    assert (await rooms.call_booking(db, booking_id)).model_user_id == second
