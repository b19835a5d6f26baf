"""A hold: 201 with the price snapshot and an expiry; the range is then taken (409)."""

from __future__ import annotations

from datetime import datetime


async def test_hold_creates_a_held_booking_with_price_and_expiry(client, conn, bearer, make_user,
                                                                 make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model(prices={60: 12345})
    start = slot()
    response = await client.post(
        "/api/bookings", headers={**bearer(client_id), "Idempotency-Key": "a1"},
        json={"model_id": model_id, "start": start.isoformat(), "duration_minutes": 60})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "held" and body["hold_user_id"] == client_id
    assert body["price_cents"] == 12345 and body["currency"] == "USD"
    assert datetime.fromisoformat(body["starts_at"]) == start
    expires = datetime.fromisoformat(body["hold_expires_at"])
    created = datetime.fromisoformat(body["created_at"])
    assert 590 <= (expires - created).total_seconds() <= 610


async def test_overlapping_hold_is_refused_by_the_constraint(client, bearer, make_user, make_model,
                                                             slot) -> None:
    first, second, model_id = await make_user(), await make_user(), await make_model()
    start = slot()
    ok = await client.post("/api/bookings", headers={**bearer(first), "Idempotency-Key": "k"},
                           json={"model_id": model_id, "start": start.isoformat(), "duration_minutes": 60})
    assert ok.status_code == 201
    later = start.replace(minute=30)
    clash = await client.post("/api/bookings", headers={**bearer(second), "Idempotency-Key": "k"},
                              json={"model_id": model_id, "start": later.isoformat(), "duration_minutes": 30})
    assert clash.status_code == 409, clash.text
    assert clash.headers["content-type"].startswith("application/problem+json")
    assert clash.json()["reason"] == "taken"


async def test_duration_without_a_price_is_422(client, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model(prices={30: 100})
    response = await client.post(
        "/api/bookings", headers={**bearer(client_id), "Idempotency-Key": "x"},
        json={"model_id": model_id, "start": slot().isoformat(), "duration_minutes": 60})
    assert response.status_code == 422
    assert "duration_minutes" in response.json()["detail"]


async def test_missing_idempotency_key_is_422(client, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model()
    response = await client.post("/api/bookings", headers=bearer(client_id),
                                 json={"model_id": model_id, "start": slot().isoformat(),
                                       "duration_minutes": 30})
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
