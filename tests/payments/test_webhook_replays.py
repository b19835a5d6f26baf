"""Replaying any event five times changes state once, for every provider."""

from __future__ import annotations

import time


async def _state(conn, ledger, booking_id: int, payment_id: int) -> tuple:
    return (await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking_id),
            await conn.fetchval("SELECT status FROM payments WHERE id = $1", payment_id),
            await ledger(booking_id),
            await conn.fetchval("SELECT count(*) FROM payment_events WHERE payment_id = $1", payment_id),
            await conn.fetchval("SELECT count(*) FROM notifications WHERE payload->>'payment_id' = $1::text",
                                str(payment_id)))


async def _five_times(send, conn, ledger, booking_id: int, payment_id: int) -> None:
    started = time.monotonic()
    first = await send()
    assert first.status_code == 200, first.text
    assert time.monotonic() - started < 3  # providers give up on slow endpoints
    after_first = await _state(conn, ledger, booking_id, payment_id)
    assert after_first[0] == "confirmed" and after_first[1] == "succeeded"
    assert after_first[2]["charge_rows"] == 1 and after_first[3] == 1
    for _ in range(4):
        again = await send()
        assert again.status_code == 200 and again.json()["result"] == "duplicate"
    assert await _state(conn, ledger, booking_id, payment_id) == after_first


async def test_sandbox_replay(conn, buyer, model, hold, pay, sandbox_event, ledger) -> None:
    from app.payments.providers.sandbox import event_body

    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"])
    body = event_body("payment.succeeded", out["url"].rsplit("/", 1)[1])
    await _five_times(lambda: sandbox_event(body=body), conn, ledger, booking["id"], out["payment_id"])


async def test_crypto_replay(conn, buyer, model, hold, pay, crypto_ipn, ledger) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "crypto")
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    await _five_times(lambda: crypto_ipn(ref, "finished"), conn, ledger, booking["id"], out["payment_id"])


async def test_stripe_replay(conn, buyer, model, hold, pay, stripe_event, ledger) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "stripe")
    assert out["client_secret"].startswith("pi_")
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    obj = {"id": ref, "object": "payment_intent", "amount": 5000, "status": "succeeded"}
    await _five_times(lambda: stripe_event("payment_intent.succeeded", obj, event_id=f"evt_{ref}"),
                      conn, ledger, booking["id"], out["payment_id"])
