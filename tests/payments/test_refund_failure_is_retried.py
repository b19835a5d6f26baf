"""When the automatic refund cannot be made, nothing is recorded and the webhook answers 503, so
the provider delivers the event again: never money kept with neither booking nor refund."""

from __future__ import annotations


async def test_refused_refund_rolls_back_the_event(conn, buyer, model, hold, pay, stripe_event) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "stripe")  # an intent localstripe never charged: refunds fail
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    await conn.execute("UPDATE pnp_bookings SET status = 'cancelled' WHERE id = $1", booking["id"])
    response = await stripe_event("payment_intent.succeeded", {"id": ref, "object": "payment_intent"},
                                  event_id=f"evt_retry_{ref}")
    assert response.status_code == 503
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "pending"
    events = await conn.fetchval("SELECT count(*) FROM payment_events WHERE event_id = $1",
                                 f"evt_retry_{ref}")
    entries = await conn.fetchval("SELECT count(*) FROM ledger_entries WHERE booking_id = $1", booking["id"])
    assert (events, entries) == (0, 0)
