"""Admin search with filters and paging, and edits (notes, status, cancel without refund)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


async def _booking(conn, model_id, client_id, status, days) -> int:
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=days)
    return await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               price_cents, currency)
           VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '30 minutes', 30, 2000, 'USD')
           RETURNING id""", model_id, client_id, status, start)


async def test_filters_and_paging(client, conn, login, make_user, make_model) -> None:
    admin = await login("ADMIN")
    model_id, other_model, client_id = await make_model(), await make_model(), await make_user()
    ids = [await _booking(conn, model_id, client_id, "confirmed", d) for d in (1, 2, 3)]
    await _booking(conn, model_id, client_id, "cancelled", 4)
    await _booking(conn, other_model, client_id, "confirmed", 5)
    page = await client.get("/api/admin/bookings", headers=admin,
                            params={"status": "confirmed", "model_id": model_id, "limit": 2})
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["total"] == 3 and [b["id"] for b in body["items"]] == [ids[2], ids[1]]
    window = await client.get("/api/admin/bookings", headers=admin, params={
        "client_id": client_id, "from": (datetime.now(UTC) + timedelta(days=3, hours=12)).isoformat()})
    assert window.json()["total"] == 2


async def test_admin_edit_and_cancel_without_refund(client, conn, login, make_user, make_model) -> None:
    admin = await login("ADMIN")
    booking_id = await _booking(conn, await make_model(), await make_user(), "confirmed", 2)
    noted = await client.put(f"/api/admin/bookings/{booking_id}", headers=admin, json={"notes": "VIP"})
    assert noted.status_code == 200 and noted.json()["notes"] == "VIP"
    cancelled = await client.put(f"/api/admin/bookings/{booking_id}", headers=admin,
                                 json={"status": "cancelled", "refund": False, "reason": "fraud"})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["refund_cents"] == 0
    illegal = await client.put(f"/api/admin/bookings/{booking_id}", headers=admin,
                               json={"status": "in_progress"})
    assert illegal.status_code == 409
