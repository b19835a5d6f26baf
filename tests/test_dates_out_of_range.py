"""Well-formed dates at the ends of the calendar, where a few days' arithmetic overflows, are the
user's mistake: 422 problem details, never a 500 (found by the OpenAPI fuzzer)."""

from __future__ import annotations

import httpx
import pytest

EXTREMES = ["9999-12-31T23:30:00+00:00", "0001-01-01T00:00:00+05:00", "9999-12-31T20:00:00-05:00"]


@pytest.mark.parametrize("start", EXTREMES)
async def test_a_hold_at_the_end_of_time_is_refused(client: httpx.AsyncClient, login, start: str) -> None:
    body = {"model_id": 1, "start": start, "duration_minutes": 480}
    response = await client.post("/api/bookings", json=body,
                                 headers={**await login("PRIME"), "Idempotency-Key": "far"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("start", EXTREMES)
async def test_slots_from_the_end_of_time_are_refused(client: httpx.AsyncClient, start: str) -> None:
    response = await client.get("/api/models/1/availability", params={"from": start})
    assert response.status_code == 422, response.text
