"""Bookings a later rule change put in conflict show up in the queue; keep, cancel or reschedule
resolves them and they leave it."""

from __future__ import annotations

from datetime import timedelta


async def _conflicted(conn, make_user, make_model, slot) -> tuple[int, int]:
    model_id = await make_model()
    start = slot(48)
    booking_id = await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency) VALUES ($1, $2, 'confirmed', $3::timestamptz,
               $3::timestamptz + interval '30 minutes', 30, 700, 'USD') RETURNING id""",
        model_id, await make_user(), start)
    await conn.execute("INSERT INTO pnp_model_blocked_dates (model_id, starts_at, ends_at) "
                       "VALUES ($1, $2, $3)",
                       model_id, start - timedelta(hours=1), start + timedelta(hours=1))
    return model_id, booking_id


async def _queue(client, admin) -> dict[int, list[str]]:
    response = await client.get("/api/admin/conflicts", headers=admin)
    assert response.status_code == 200, response.text
    return {c["booking"]["id"]: c["reasons"] for c in response.json()["items"]}


async def test_keep_removes_it_from_the_queue(client, conn, login, make_user, make_model, slot) -> None:
    admin = await login("ADMIN")
    _, booking_id = await _conflicted(conn, make_user, make_model, slot)
    assert (await _queue(client, admin))[booking_id] == ["blocked"]
    kept = await client.post(f"/api/admin/conflicts/{booking_id}/resolve", headers=admin,
                             json={"action": "keep", "note": "model agreed"})
    assert kept.status_code == 200 and kept.json()["status"] == "confirmed"
    assert booking_id not in await _queue(client, admin)


async def test_cancel_with_refund_and_reschedule(client, conn, login, make_user, make_model, slot) -> None:
    admin = await login("ADMIN")
    _, cancel_id = await _conflicted(conn, make_user, make_model, slot)
    cancelled = await client.post(f"/api/admin/conflicts/{cancel_id}/resolve", headers=admin,
                                  json={"action": "cancel", "refund": True})
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["refund_cents"] == 700
    _, move_id = await _conflicted(conn, make_user, make_model, slot)
    moved = await client.post(f"/api/admin/conflicts/{move_id}/resolve", headers=admin,
                              json={"action": "reschedule", "start": slot(60).isoformat()})
    assert moved.status_code == 200, moved.text
    queue = await _queue(client, admin)
    assert cancel_id not in queue and move_id not in queue


async def test_hours_no_longer_open_are_a_conflict(client, conn, login, make_user, make_model, slot) -> None:
    admin = await login("ADMIN")
    model_id, booking_id = await _conflicted(conn, make_user, make_model, slot)
    await conn.execute("DELETE FROM pnp_model_blocked_dates WHERE model_id = $1", model_id)
    await conn.execute("DELETE FROM pnp_model_schedules WHERE model_id = $1", model_id)
    assert (await _queue(client, admin))[booking_id] == ["outside_hours"]
