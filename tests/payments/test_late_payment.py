"""Paid after the hold expired: confirmed when the slot is still free, refunded (and the client
told) when someone else took it. No payment ends with no booking and no refund."""

from __future__ import annotations


async def _expire(conn, booking_id: int) -> None:
    await conn.execute("UPDATE pnp_bookings SET status = 'expired' WHERE id = $1", booking_id)


async def test_slot_still_free_confirms(conn, buyer, model, hold, pay, sandbox_event, inbox) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    await _expire(conn, booking["id"])
    async with inbox(me.id) as box:
        response = await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
        assert response.json()["result"] == "reclaimed"
        await box.next("payment.succeeded")
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"


async def test_slot_taken_refunds_and_tells_the_client(conn, buyer, model, hold, pay, sandbox_event, inbox,
                                                       ledger) -> None:
    me, rival = await buyer(), await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    await _expire(conn, booking["id"])
    rival_booking = await hold(rival, model, start=booking["starts_at"])  # the slot is free again
    async with inbox(me.id) as box:
        response = await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
        assert response.json()["result"] == "refunded:slot_taken"
        frame = await box.next("payment.refunded")
    assert frame["payload"]["reason"] == "slot_taken"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "expired"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", rival_booking["id"]) == "held"
    payment = await conn.fetchrow("SELECT status, refunded_cents FROM payments WHERE id = $1",
                                  out["payment_id"])
    assert (payment["status"], payment["refunded_cents"]) == ("refunded", 5000)
    sums = await ledger(booking["id"])
    assert sums["charge"] + sums["refund"] == 0 and sums["model_earning"] == 0
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'payment.auto_refunded' AND entity_id = $1",
        out["payment_id"]) == 1


async def test_conflicts_analytics_counts_both_outcomes(client, conn, buyer, model, hold, pay,
                                                         sandbox_event) -> None:
    me = await buyer()
    for _ in range(2):
        booking = await hold(me, model)
        out = await pay(me, booking["id"])
        await _expire(conn, booking["id"])
        await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
    admin = await buyer("ADMIN")
    response = await client.get(f"/api/admin/analytics/conflicts?model_id={model.id}", headers=admin.headers)
    body = response.json()
    assert (body["late_reclaimed"], body["auto_refunded"], body["schedule_conflicts_kept"]) == (2, 0, 0)
