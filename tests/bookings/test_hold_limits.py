"""Per-user limits: live holds (SQL under an advisory lock) and attempts a minute (Redis) → 429."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import pytest


@pytest.fixture
def settings(settings):
    return msgspec.structs.replace(settings, booking_max_live_holds=2, booking_attempts_per_minute=4)


async def test_live_hold_limit(client, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model()
    codes = []
    for i in range(3):
        response = await client.post(
            "/api/bookings", headers={**bearer(client_id), "Idempotency-Key": f"h{i}"},
            json={"model_id": model_id, "start": (slot() + timedelta(hours=i)).isoformat(),
                  "duration_minutes": 30})
        codes.append(response.status_code)
    assert codes == [201, 201, 429]
    assert response.headers["retry-after"]


async def test_attempts_a_minute(client, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model()
    body = {"model_id": model_id, "start": slot().isoformat(), "duration_minutes": 45}  # no such tier
    codes = [(await client.post("/api/bookings", headers={**bearer(client_id), "Idempotency-Key": f"a{i}"},
                                json=body)) for i in range(5)]
    assert [r.status_code for r in codes] == [422, 422, 422, 422, 429]
    assert 1 <= int(codes[-1].headers["retry-after"]) <= 61
    assert codes[-1].headers["content-type"].startswith("application/problem+json")
