"""Stripe's three events, in any order: charge.refunded before payment_intent.succeeded, and a
payment_failed after the success, each signed as Stripe signs them."""

from __future__ import annotations


async def _intent(conn, buyer, model, hold, pay):
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "stripe")
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    return booking, out, ref


async def test_refund_before_success(conn, buyer, model, hold, pay, stripe_event, ledger) -> None:
    booking, out, ref = await _intent(conn, buyer, model, hold, pay)
    charge = {"id": "ch_x", "object": "charge", "payment_intent": ref, "amount": 5000,
              "amount_refunded": 5000}
    assert (await stripe_event("charge.refunded", charge)).json()["result"] == "refunded"
    late = await stripe_event("payment_intent.succeeded", {"id": ref, "object": "payment_intent"})
    assert late.json()["result"] == "ignored"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "refunded"
    assert (await ledger(booking["id"]))["model_earning"] == 0


async def test_failed_after_success_and_partial_refund(conn, buyer, model, hold, pay, stripe_event,
                                                       ledger) -> None:
    booking, out, ref = await _intent(conn, buyer, model, hold, pay)
    await stripe_event("payment_intent.succeeded", {"id": ref, "object": "payment_intent"})
    failed = await stripe_event("payment_intent.payment_failed", {"id": ref, "object": "payment_intent"})
    assert failed.json()["result"] == "ignored"
    charge = {"id": "ch_y", "object": "charge", "payment_intent": ref, "amount": 5000,
              "amount_refunded": 1000}
    await stripe_event("charge.refunded", charge)
    row = await conn.fetchrow("SELECT status, refunded_cents FROM payments WHERE id = $1", out["payment_id"])
    assert (row["status"], row["refunded_cents"]) == ("partially_refunded", 1000)
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"
    assert (await ledger(booking["id"]))["refund"] == -1000


async def test_failure_before_success_marks_failed(conn, buyer, model, hold, pay, stripe_event) -> None:
    _, out, ref = await _intent(conn, buyer, model, hold, pay)
    failed = await stripe_event("payment_intent.payment_failed", {"id": ref, "object": "payment_intent"})
    assert failed.json()["result"] == "failed"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "failed"
