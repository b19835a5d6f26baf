"""A model's bookings (upcoming, past, a range) and its clients with totals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


async def test_bookings_and_clients(client, conn, login, make_user) -> None:
    headers = await login("MODEL")
    model_id = await conn.fetchval("SELECT max(id) FROM pnp_models")
    regular, once = await make_user(), await make_user()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    rows = [(regular, "completed", -10, 3000), (regular, "completed", -3, 3000),
            (regular, "confirmed", 2, 4000), (once, "cancelled", 5, 9999), (once, "expired", 6, 9999)]
    for client_id, status, days, price in rows:
        await conn.execute(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
                   price_cents, currency) VALUES ($1, $2, $3, $4::timestamptz,
                   $4::timestamptz + interval '30 minutes', 30, $5, 'USD')""",
            model_id, client_id, status, now + timedelta(days=days), price)
    upcoming = (await client.get("/api/model/me/bookings", headers=headers)).json()
    assert [b["status"] for b in upcoming["items"]] == ["confirmed", "cancelled", "expired"]
    past = (await client.get("/api/model/me/bookings", headers=headers, params={"scope": "past"})).json()
    assert past["total"] == 2 and past["items"][0]["starts_at"] > past["items"][1]["starts_at"]
    ranged = await client.get("/api/model/me/bookings", headers=headers, params={
        "scope": "range", "from": (now - timedelta(days=4)).isoformat(),
        "to": (now + timedelta(days=3)).isoformat()})
    assert ranged.json()["total"] == 2
    clients = (await client.get("/api/model/me/clients", headers=headers)).json()
    summary = {c["client_id"]: c for c in clients["items"]}
    assert clients["total"] == 2
    assert summary[regular]["total_spent_cents"] == 10000 and summary[regular]["completed"] == 2
    assert summary[regular]["next_session_at"] is not None and summary[regular]["last_session_at"] is not None
    assert summary[once]["total_spent_cents"] == 0 and summary[once]["cancelled"] == 1
