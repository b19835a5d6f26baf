"""A replayed Idempotency-Key answers with the same booking (200), never a second one."""

from __future__ import annotations


async def test_replay_returns_the_same_booking(client, conn, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model()
    body = {"model_id": model_id, "start": slot().isoformat(), "duration_minutes": 30}
    headers = {**bearer(client_id), "Idempotency-Key": "pay-once-123"}
    first = await client.post("/api/bookings", headers=headers, json=body)
    again = await client.post("/api/bookings", headers=headers, json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert await conn.fetchval("SELECT count(*) FROM pnp_bookings WHERE client_id = $1", client_id) == 1


async def test_key_reused_for_another_request_is_422(client, bearer, make_user, make_model, slot) -> None:
    client_id, model_id = await make_user(), await make_model()
    headers = {**bearer(client_id), "Idempotency-Key": "k"}
    await client.post("/api/bookings", headers=headers,
                      json={"model_id": model_id, "start": slot().isoformat(), "duration_minutes": 30})
    moved = {"model_id": model_id, "start": slot(5).isoformat(), "duration_minutes": 30}
    other = await client.post("/api/bookings", headers=headers, json=moved)
    assert other.status_code == 422
