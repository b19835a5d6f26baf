"""A PaymentIntent or invoice still open when the hold lapses is cancelled by us."""

from __future__ import annotations

from app.payments.expiry import cancel_lapsed
from app.payments.providers import registry


async def test_open_payment_intent_is_cancelled_at_stripe(app, conn, base_url, buyer, model, hold,
                                                          pay) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "stripe")
    open_sandbox = await pay(me, (await hold(me, model))["id"])
    await conn.execute("UPDATE pnp_bookings SET hold_expires_at = now() - interval '1 second' WHERE id = $1",
                       booking["id"])
    assert await cancel_lapsed(app.state.db, registry(app.state)) == 1
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    intent = await registry(app.state)["stripe"].client.v1.payment_intents.retrieve_async(ref)
    assert intent.status == "canceled"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "cancelled"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", open_sandbox["payment_id"]) \
        == "pending"
    assert await cancel_lapsed(app.state.db, registry(app.state)) == 0


async def test_payment_arriving_after_cancel_is_still_honoured(app, conn, base_url, buyer, model, hold, pay,
                                                              sandbox_event) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    await conn.execute("UPDATE pnp_bookings SET status = 'expired' WHERE id = $1", booking["id"])
    assert await cancel_lapsed(app.state.db, registry(app.state)) == 1
    response = await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
    assert response.json()["result"] == "reclaimed"
