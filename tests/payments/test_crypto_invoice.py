"""Crypto: the checkout returns a pay address and amount; a signed `finished` IPN confirms,
`failed` after it is ignored, and a key-order change in the JSON does not break the signature."""

from __future__ import annotations

import json

from app.payments.providers.crypto import SIGNATURE_HEADER, sign


async def test_finished_ipn_confirms(conn, buyer, model, hold, pay, crypto_ipn, inbox) -> None:
    me = await buyer()
    booking = await hold(me, model)
    out = await pay(me, booking["id"], "crypto")
    assert out["pay_address"] and out["pay_currency"] == "usdttrc20" and out["pay_amount"] == 50
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    assert (await crypto_ipn(ref, "waiting")).json()["result"] == "ignored"
    async with inbox(me.id) as box:
        assert (await crypto_ipn(ref, "finished")).json()["result"] == "confirmed"
        await box.next("payment.succeeded")
    assert (await crypto_ipn(ref, "failed")).json()["result"] == "ignored"
    assert await conn.fetchval("SELECT status FROM pnp_bookings WHERE id = $1", booking["id"]) == "confirmed"


async def test_signature_is_over_key_sorted_json(app, client, conn, buyer, model, hold, pay) -> None:
    me = await buyer()
    out = await pay(me, (await hold(me, model))["id"], "crypto")
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    payload = {"payment_status": "finished", "payment_id": int(ref), "actually_paid": 50}
    secret = app.state.payment_providers["crypto"].ipn_secret
    body = json.dumps(payload, indent=2)  # unsorted, spaced: what the sender sent
    response = await client.post("/api/payments/webhooks/crypto", content=body,
                                 headers={SIGNATURE_HEADER: sign(secret, payload)})
    assert response.status_code == 200 and response.json()["result"] == "confirmed"
