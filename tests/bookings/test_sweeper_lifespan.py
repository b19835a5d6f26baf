"""The app's lifespan runs the sweeper: an expired hold is released and its client hears of it."""

from __future__ import annotations

import asyncio

import msgspec

from app.main import create_app
from realtime.channels import channel


async def test_sweeper_started_by_the_app_expires_and_notifies(world, live_settings) -> None:
    model_id, client_id = await world.model(), await world.user()
    app = create_app(msgspec.structs.replace(live_settings, booking_sweep_interval_s=0.05))
    async with app.lifespan():
        async with app.state.channels.start_subscription([channel("user", client_id)]) as subscriber:
            async with world.pool.acquire() as conn:
                booking_id = await conn.fetchval(
                    """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at,
                           duration_minutes, hold_user_id, hold_expires_at, price_cents, currency)
                       VALUES ($1, $2, 'held', now() + interval '1 day', now() + interval '1 day 30 minutes',
                               30, $2, now() - interval '1 second', 100, 'USD') RETURNING id""",
                    model_id, client_id)
            frame = msgspec.json.decode(await asyncio.wait_for(anext(subscriber.iter_events()), 20))
    assert frame["type"] == "notification" and frame["kind"] == "booking.expired"
    assert frame["payload"]["booking_id"] == booking_id
    async with world.pool.acquire() as conn:
        assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id) == "expired"
