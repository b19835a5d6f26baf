"""A hold paid through the sandbox's hosted page: the page's Pay button makes the "provider"
deliver a signed webhook to us; the client sees payment.succeeded without polling."""

from __future__ import annotations


async def test_pay_button_confirms_booking_and_writes_ledger(client, conn, buyer, model, hold, pay, inbox,
                                                             ledger) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    assert out["provider"] == "sandbox" and out["url"].startswith("/pay/sandbox/")
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) \
        == "pending_payment"
    page = await client.get(out["url"])
    assert page.status_code == 200 and "Pay" in page.text and "50.00 USD" in page.text

    async with inbox(me.id) as box, inbox(model.user.id) as model_box:
        response = await client.post(out["url"] + "/pay")
        assert response.status_code == 200
        frame = await box.next("payment.succeeded")
        await model_box.next("payment.succeeded")
    assert frame["payload"]["booking_id"] == booking["id"]
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "succeeded"
    sums = await ledger(booking["id"])
    assert (sums["charge"], sums["commission"], sums["model_earning"]) == (5000, 1500, 3500)
    closed = await client.get(out["url"])
    assert "closed" in closed.text
