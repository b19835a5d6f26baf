"""Stripe end to end against localstripe: a PaymentIntent created with a test card's PaymentMethod
and confirm=true; localstripe signs and delivers the webhook to our real server."""

from __future__ import annotations

from app.payments.providers import registry


async def _card(app, number: str) -> str:
    client = registry(app.state)["stripe"].client
    method = await client.v1.payment_methods.create_async(params={
        "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}})
    return method.id


async def test_card_payment_confirms_through_delivered_webhook(app, conn, stripe_webhook, buyer, model, hold,
                                                               pay, inbox, ledger) -> None:
    me = await buyer()
    booking = await hold(me, model)
    async with inbox(me.id) as box:
        out = await pay(me, booking["id"], "stripe", payment_method=await _card(app, "4242424242424242"))
        frame = await box.next("booking.confirmed")
    assert frame["payload"]["booking_id"] == booking["id"]
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "succeeded"
    assert (await ledger(booking["id"]))["charge"] == 5000
    source = await conn.fetchval(
        """SELECT count(*) FROM payment_events
           WHERE payment_id = $1 AND event_type = 'payment_intent.succeeded'""",
        out["payment_id"])
    assert source == 1


async def test_declined_card_is_402_and_the_hold_stays(client, app, conn, stripe_webhook, buyer, model,
                                                       hold) -> None:
    me = await buyer()
    booking = await hold(me, model)
    response = await client.post(f"/api/bookings/{booking['id']}/checkout", headers=me.headers, json={
        "method": "stripe", "payment_method": await _card(app, "4000000000000341")})
    assert response.status_code == 402 and response.json()["reason"] == "card_declined"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "held"


async def test_late_stripe_payment_with_slot_taken_is_refunded_at_stripe(app, conn, buyer, model, hold, pay,
                                                                         stripe_event) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "stripe", payment_method=await _card(app, "4242424242424242"))
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    await conn.execute("UPDATE pnp_bookings SET status = 'cancelled' WHERE id = $1", booking["id"])
    response = await stripe_event("payment_intent.succeeded", {"id": ref, "object": "payment_intent"})
    assert response.json()["result"] == "refunded:booking_ended"
    refunds = await registry(app.state)["stripe"].client.v1.refunds.list_async(params={"payment_intent": ref})
    assert [r.amount for r in refunds.data] == [5000]
