"""A cancelled booking's refund (decided by the booking module's policy as refund_cents) is paid
back through the provider once, however often the job runs; a refunded booking gets its price."""

from __future__ import annotations

from app.payments.providers import registry
from app.payments.refunds import refund_owed


async def _confirmed(buyer, model, hold, pay, sandbox_event):
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    await sandbox_event("payment.succeeded", out["url"].rsplit("/", 1)[1])
    return me, booking, out


async def test_partial_refund_owed_on_cancel(app, conn, base_url, buyer, model, hold, pay, sandbox_event,
                                             ledger, inbox) -> None:
    me, booking, out = await _confirmed(buyer, model, hold, pay, sandbox_event)
    await conn.execute("UPDATE pnp_bookings SET status = 'cancelled', refund_cents = 2500 WHERE id = $1",
                       booking["id"])
    state = app.state
    async with inbox(me.id) as box:
        assert await refund_owed(state.db, registry(state), state.settings, state.events) == 1
        await box.next("payment.refunded")
    assert await refund_owed(state.db, registry(state), state.settings, state.events) == 0
    row = await conn.fetchrow("SELECT status, refunded_cents FROM payments WHERE id = $1", out["payment_id"])
    assert (row["status"], row["refunded_cents"]) == ("partially_refunded", 2500)
    sums = await ledger(booking["id"])
    assert sums["refund"] == -2500 and sums["commission"] == 750 and sums["model_earning"] == 1750


async def test_admin_refunded_booking_gets_full_refund(app, conn, base_url, buyer, model, hold, pay,
                                                       sandbox_event, ledger) -> None:
    _, booking, out = await _confirmed(buyer, model, hold, pay, sandbox_event)
    await conn.execute("UPDATE pnp_bookings SET status = 'refunded' WHERE id = $1", booking["id"])
    state = app.state
    assert await refund_owed(state.db, registry(state), state.settings, state.events) == 1
    assert await conn.fetchval("SELECT status FROM payments WHERE id = $1", out["payment_id"]) == "refunded"
    assert (await ledger(booking["id"]))["model_earning"] == 0
