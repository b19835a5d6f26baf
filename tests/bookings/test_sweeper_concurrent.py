"""Two sweepers at once on committed holds: every due hold is expired exactly once."""

from __future__ import annotations

import asyncio

from app.bookings.sweeper import sweep_once

HOLDS = 60


async def test_two_sweepers_expire_each_hold_once(world) -> None:
    model_id = await world.model()
    client_id = await world.user()
    async with world.pool.acquire() as conn:
        await conn.execute(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
                   hold_user_id, hold_expires_at, price_cents, currency)
               SELECT $1, $2, 'held', now() + make_interval(hours => 24 + i),
                      now() + make_interval(hours => 24 + i, mins => 30), 30, $2,
                      now() - interval '1 second', 100, 'USD'
               FROM generate_series(1, $3) i""", model_id, client_id, HOLDS)
    counts = await asyncio.gather(*(sweep_once(world.pool, None, batch=7) for _ in range(2)))
    assert sum(counts) == HOLDS
    async with world.pool.acquire() as conn:
        assert await conn.fetchval(
            "SELECT count(*) FROM pnp_bookings WHERE model_id = $1 AND status = 'expired'", model_id) == HOLDS
        audited = await conn.fetchval(
            """SELECT count(*) FROM audit_log WHERE action = 'booking.expired' AND entity_id IN
                 (SELECT id FROM pnp_bookings WHERE model_id = $1)""", model_id)
    assert audited == HOLDS
