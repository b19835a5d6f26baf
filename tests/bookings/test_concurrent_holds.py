"""Many clients race for one slot, and for partly overlapping slots, through a real server with a
real pool: exactly one wins each round and no two live rows of the model ever overlap."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

CLIENTS = 24
ROUNDS = 4


async def _no_overlap(pool, model_id: int) -> None:
    async with pool.acquire() as conn:
        overlapping = await conn.fetchval(
            """SELECT count(*) FROM pnp_bookings a JOIN pnp_bookings b
                 ON a.model_id = b.model_id AND a.id < b.id AND a.occupied && b.occupied
               WHERE a.model_id = $1 AND a.status IN ('held', 'pending_payment', 'confirmed', 'in_progress')
                 AND b.status IN ('held', 'pending_payment', 'confirmed', 'in_progress')""", model_id)
    assert overlapping == 0


@pytest.mark.parametrize("shape", ["same_slot", "overlapping_slots"])
async def test_exactly_one_winner_per_round(live_client, world, bearer, slot, shape) -> None:
    model_id = await world.model(buffer_after_min=0)
    clients = [await world.user() for _ in range(CLIENTS)]
    for round_ in range(ROUNDS):
        base = slot(3 + round_ * 3)

        def body(i: int, base=base) -> dict:
            start = base if shape == "same_slot" else base + timedelta(minutes=30 * (i % 3))
            return {"model_id": model_id, "start": start.isoformat(), "duration_minutes": 30 * (1 + i % 2)}

        responses = await asyncio.gather(*(
            live_client.post("/api/bookings", json=body(i),
                             headers={**bearer(c), "Idempotency-Key": f"r{round_}-{i}"})
            for i, c in enumerate(clients)))
        codes = sorted(r.status_code for r in responses)
        assert set(codes) <= {201, 409}, [r.text for r in responses if r.status_code not in (201, 409)]
        if shape == "same_slot":
            assert codes.count(201) == 1, codes
        else:
            assert codes.count(201) >= 1
        await _no_overlap(world.pool, model_id)
