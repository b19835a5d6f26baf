"""An expired hold frees its range at once: the next hold releases it in its own transaction."""

from __future__ import annotations


async def test_expired_hold_is_bookable_at_once(client, conn, bearer, make_user, make_model, slot) -> None:
    first, second, model_id = await make_user(), await make_user(), await make_model()
    body = {"model_id": model_id, "start": slot().isoformat(), "duration_minutes": 60}
    held = await client.post("/api/bookings", headers={**bearer(first), "Idempotency-Key": "a"}, json=body)
    assert held.status_code == 201
    await conn.execute("UPDATE pnp_bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1",
                       held.json()["id"])
    again = await client.post("/api/bookings", headers={**bearer(second), "Idempotency-Key": "b"}, json=body)
    assert again.status_code == 201, again.text
    statuses = await conn.fetch("SELECT client_id, status FROM pnp_bookings WHERE model_id = $1 ORDER BY id",
                                model_id)
    assert [(r["client_id"], r["status"]) for r in statuses] == [(first, "expired"), (second, "held")]
    kinds = await conn.fetch("SELECT kind FROM notifications WHERE user_id = $1 ORDER BY id", first)
    assert [k["kind"] for k in kinds] == ["booking.held", "booking.expired"]
