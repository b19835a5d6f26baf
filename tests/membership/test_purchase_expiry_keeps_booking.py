"""FREE buys PRIME in the sandbox, books and pays a session; when the period ends the account is
FREE again (audited) and the paid booking is still confirmed."""

from __future__ import annotations

from app.membership.jobs import expire
from tests.conftest import SharedConnection


async def test_purchase_then_expiry_keeps_the_paid_booking(conn, client, member, model, hold, pay, paid,
                                                           sandbox_event, shift) -> None:
    me = await member("FREE")
    assert (await client.post("/api/bookings", headers={**me.headers, "Idempotency-Key": "free-try"},
                              json={"model_id": model.id, "duration_minutes": 30, "instant": True})
            ).status_code == 403

    out = await paid(me, "prime_30")
    assert out["amount_cents"] == 1999 and out["currency"] == "USD"
    status = (await client.get("/api/membership", headers=me.headers)).json()
    assert status["role"] == "PRIME" and status["prime_until"] is not None
    assert [p["plan"] for p in status["periods"]] == ["prime_30"]
    assert await me.refreshed() == "PRIME"
    charge = await conn.fetchval(
        "SELECT sum(amount_cents) FROM ledger_entries WHERE payment_id = $1 AND kind = 'charge'",
        out["payment_id"])
    assert charge == 1999

    booking = await hold(me, model)
    checkout = await pay(me, booking["id"])
    assert (await sandbox_event("payment.succeeded", checkout["url"].rsplit("/", 1)[1])).status_code == 200
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"

    assert await expire(SharedConnection(conn)) == 0  # still inside the period
    await shift(me.id, 31)
    assert await expire(SharedConnection(conn)) == 1
    assert await expire(SharedConnection(conn)) == 0
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", me.id) == "FREE"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"
    changes = await conn.fetch("SELECT from_role, to_role, reason FROM role_changes WHERE user_id = $1"
                               " ORDER BY id", me.id)
    assert [(c["from_role"], c["to_role"]) for c in changes] == [("FREE", "PRIME"), ("PRIME", "FREE")]
    assert "ended" in changes[1]["reason"]
    assert await me.refreshed() == "FREE"
    assert (await client.get("/api/membership", headers=me.headers)).json()["prime_until"] is None
