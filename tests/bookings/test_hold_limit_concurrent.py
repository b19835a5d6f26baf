"""One user firing many holds at once on free slots still gets at most N live holds."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import msgspec
import pytest


@pytest.fixture
def live_settings(live_settings):
    return msgspec.structs.replace(live_settings, booking_max_live_holds=2)


async def test_live_hold_limit_holds_under_concurrency(live_client, world, bearer, slot) -> None:
    model_id, user = await world.model(), await world.user()
    responses = await asyncio.gather(*(
        live_client.post("/api/bookings", headers={**bearer(user), "Idempotency-Key": f"c{i}"},
                         json={"model_id": model_id, "start": (slot(3) + timedelta(hours=i)).isoformat(),
                               "duration_minutes": 30})
        for i in range(8)))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 201] + [429] * 6, [r.text for r in responses]
