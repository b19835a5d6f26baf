"""The app's lifespan runs the sweeper: an expired hold is released and its client hears of it."""

from __future__ import annotations

import asyncio

import msgspec
import websockets

from app.auth.tokens import CurrentUser, issue_tokens
from app.main import create_app


async def test_sweeper_started_by_the_app_expires_and_notifies(world, live_settings, serve_app) -> None:
    model_id, client_id = await world.model(), await world.user()
    settings = msgspec.structs.replace(live_settings, booking_sweep_interval_s=0.05)
    token = issue_tokens(CurrentUser(id=client_id, role="PRIME", onboarded=True),
                         secret=settings.jwt_secret, access_ttl=600, refresh_ttl=600).access_token
    async with serve_app(create_app(settings)) as url:
        async with websockets.connect(url.replace("http", "ws", 1) + f"/ws?token={token}") as socket_:
            await socket_.recv()  # the unread summary: the client's channel is subscribed
            async with world.pool.acquire() as conn:
                booking_id = await conn.fetchval(
                    """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at,
                           duration_minutes, hold_user_id, hold_expires_at, price_cents, currency)
                       VALUES ($1, $2, 'held', now() + interval '1 day', now() + interval '1 day 30 minutes',
                               30, $2, now() - interval '1 second', 100, 'USD') RETURNING id""",
                    model_id, client_id)
            async with asyncio.timeout(20):
                while (frame := msgspec.json.decode(await socket_.recv()))["type"] != "notification":
                    pass
    assert frame["kind"] == "booking.expired" and frame["payload"]["booking_id"] == booking_id
    async with world.pool.acquire() as conn:
        assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id) == "expired"
