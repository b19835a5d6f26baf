"""A status change stores its notifications in its own statement, as `notices.payload` writes them."""

from __future__ import annotations

from app.bookings import queries
from app.bookings.notices import payload


async def test_confirm_notifies_both_parties(client, conn, bearer, make_user, make_model, slot) -> None:
    admin, buyer, model_user = await make_user("ADMIN"), await make_user(), await make_user("MODEL")
    model_id = await make_model(user_id=model_user)
    held = await client.post("/api/bookings", headers={**bearer(buyer), "Idempotency-Key": "k"},
                             json={"model_id": model_id, "start": slot().isoformat(), "duration_minutes": 30})
    assert held.status_code == 201, held.text
    confirmed = await client.put(f"/api/admin/bookings/{held.json()['id']}", headers=bearer(admin, "ADMIN"),
                                 json={"status": "confirmed"})
    assert confirmed.status_code == 200, confirmed.text
    row = await conn.fetchrow(f"SELECT {queries.COLUMNS} FROM pnp_bookings b WHERE b.id = $1",
                              held.json()["id"])
    stored = await conn.fetch("SELECT user_id, payload FROM notifications WHERE kind = 'booking.confirmed' "
                              "AND user_id = ANY($1) ORDER BY id", [buyer, model_user])
    assert row["status"] == "confirmed"
    expected = sorted((u, payload(row)) for u in (buyer, model_user))
    assert [(r["user_id"], r["payload"]) for r in stored] == expected
