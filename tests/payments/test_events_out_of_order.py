"""Events arrive in any order: a refund before the success, a failure after the success."""

from __future__ import annotations


async def test_refund_before_success(conn, buyer, model, hold, pay, sandbox_event, ledger) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    ref = out["url"].rsplit("/", 1)[1]
    assert (await sandbox_event("refund.succeeded", ref, refunded_cents=5000)).json()["result"] == "refunded"
    assert (await sandbox_event("payment.succeeded", ref)).json()["result"] == "ignored"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "refunded"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "refunded"
    sums = await ledger(booking["id"])
    assert sums["charge"] == 5000 and sums["refund"] == -5000
    assert sums["commission"] == 0 and sums["model_earning"] == 0


async def test_failure_after_success_is_ignored(conn, buyer, model, hold, pay, sandbox_event) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    ref = out["url"].rsplit("/", 1)[1]
    await sandbox_event("payment.succeeded", ref)
    assert (await sandbox_event("payment.failed", ref)).json()["result"] == "ignored"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "succeeded"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"


async def test_partial_then_full_refund_only_moves_forwards(conn, buyer, model, hold, pay, sandbox_event,
                                                            ledger) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    ref = out["url"].rsplit("/", 1)[1]
    await sandbox_event("payment.succeeded", ref)
    await sandbox_event("refund.succeeded", ref, refunded_cents=2000)
    await sandbox_event("refund.succeeded", ref, refunded_cents=1000)  # an older total, delivered late
    row = await conn.fetchrow("SELECT status, refunded_cents FROM payments WHERE id = $1", out["payment_id"])
    assert (row["status"], row["refunded_cents"]) == ("partially_refunded", 2000)
    await sandbox_event("refund.succeeded", ref, refunded_cents=5000)
    sums = await ledger(booking["id"])
    assert sums["refund"] == -5000 and sums["commission"] == 0 and sums["model_earning"] == 0
