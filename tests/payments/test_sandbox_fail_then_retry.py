"""A failed payment leaves the hold payable: the client is told, and a new checkout works."""

from __future__ import annotations


async def test_fail_button_then_second_checkout(client, conn, buyer, model, hold, pay, inbox) -> None:
    me = await buyer()
    booking = await hold(me, model)
    first = await pay(me, booking["id"])
    async with inbox(me.id) as box:
        assert (await client.post(first["url"] + "/fail")).status_code == 200
        await box.next("payment.failed")
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", first["payment_id"]) == "failed"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) \
        == "pending_payment"
    second = await pay(me, booking["id"])
    assert second["payment_id"] != first["payment_id"] and second["status"] == "pending"


async def test_same_method_twice_returns_the_open_payment(buyer, model, hold, pay) -> None:
    me = await buyer()
    booking = await hold(me, model)
    assert (await pay(me, booking["id"]))["payment_id"] == (await pay(me, booking["id"]))["payment_id"]


async def test_switching_method_cancels_the_open_payment(conn, buyer, model, hold, pay) -> None:
    me = await buyer()
    booking = await hold(me, model)
    first = await pay(me, booking["id"])
    second = await pay(me, booking["id"], "crypto")
    assert second["pay_address"] and second["pay_amount"] == 50
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1",
                               first["payment_id"]) == "cancelled"
