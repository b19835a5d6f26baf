"""Reschedule: one transaction, the constraint decides the new range, the old one is freed; clients
cannot move a session inside the cut-off."""

from __future__ import annotations

from datetime import timedelta


async def _hold(client, bearer, user, model_id, start):
    body = {"model_id": model_id, "start": start.isoformat(), "duration_minutes": 60}
    response = await client.post("/api/bookings", headers={**bearer(user), "Idempotency-Key": str(start)},
                                 json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_move_frees_the_old_range(client, conn, bearer, make_user, make_model, slot) -> None:
    first, second, model_id = await make_user(), await make_user(), await make_model()
    start, later = slot(30), slot(34)
    booking_id = await _hold(client, bearer, first, model_id, start)
    moved = await client.post(f"/api/bookings/{booking_id}/reschedule", headers=bearer(first),
                              json={"start": later.isoformat()})
    assert moved.status_code == 200, moved.text
    assert moved.json()["starts_at"].startswith(later.strftime("%Y-%m-%dT%H:%M"))
    await _hold(client, bearer, second, model_id, start)  # the old range is free again
    audit = await conn.fetchval("SELECT data FROM audit_log WHERE action = 'booking.rescheduled' "
                                "AND entity_id = $1", booking_id)
    assert audit["by"] == "client"
    kinds = await conn.fetchval("SELECT count(*) FROM notifications WHERE kind = 'booking.rescheduled' "
                                "AND user_id = $1", first)
    assert kinds == 1


async def test_move_onto_a_taken_range_is_409_and_keeps_the_booking(client, conn, bearer, make_user,
                                                                     make_model, slot) -> None:
    first, second, model_id = await make_user(), await make_user(), await make_model()
    mine = await _hold(client, bearer, first, model_id, slot(30))
    await _hold(client, bearer, second, model_id, slot(34))
    clash = await client.post(f"/api/bookings/{mine}/reschedule", headers=bearer(first),
                              json={"start": (slot(34) + timedelta(minutes=30)).isoformat()})
    assert clash.status_code == 409 and clash.json()["reason"] == "taken"
    row = await conn.fetchrow("SELECT status, starts_at FROM pnp_bookings WHERE id = $1", mine)
    assert row["status"] == "held" and row["starts_at"] == slot(30)


async def test_client_cannot_move_inside_the_cutoff(client, bearer, make_user, make_model, slot) -> None:
    user, model_id = await make_user(), await make_model()
    booking_id = await _hold(client, bearer, user, model_id, slot(3))
    late = await client.post(f"/api/bookings/{booking_id}/reschedule", headers=bearer(user),
                             json={"start": slot(40).isoformat()})
    assert late.status_code == 409 and late.json()["reason"] == "cutoff"
