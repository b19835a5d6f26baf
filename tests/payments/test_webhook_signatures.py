"""Bad signatures and stale timestamps are refused with 400 and change nothing, for every provider."""

from __future__ import annotations

import time

import pytest


async def _snapshot(conn, payment_id: int) -> tuple:
    return (await conn.fetchval("SELECT status FROM payments WHERE id = $1", payment_id),
            await conn.fetchval("SELECT count(*) FROM payment_events"),
            await conn.fetchval("SELECT count(*) FROM ledger_entries"))


@pytest.mark.parametrize("attack", ["wrong_secret", "stale"])
async def test_sandbox_refuses(conn, buyer, model, hold, pay, sandbox_event, attack) -> None:
    me = await buyer()
    out = await pay(me, (await hold(me, model))["id"])
    ref = out["url"].rsplit("/", 1)[1]
    before = await _snapshot(conn, out["payment_id"])
    if attack == "stale":
        response = await sandbox_event("payment.succeeded", ref, timestamp=int(time.time()) - 301)
    else:
        response = await sandbox_event("payment.succeeded", ref, secret="not-the-secret")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _snapshot(conn, out["payment_id"]) == before


async def test_sandbox_missing_header(client) -> None:
    response = await client.post("/api/payments/webhooks/sandbox", content=b"{}")
    assert response.status_code == 400


async def test_crypto_refuses_wrong_signature(conn, buyer, model, hold, pay, crypto_ipn) -> None:
    me = await buyer()
    out = await pay(me, (await hold(me, model))["id"], "crypto")
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    before = await _snapshot(conn, out["payment_id"])
    assert (await crypto_ipn(ref, secret="wrong")).status_code == 400
    assert await _snapshot(conn, out["payment_id"]) == before


@pytest.mark.parametrize("attack", ["wrong_secret", "stale"])
async def test_stripe_refuses(client, conn, stripe_event, attack) -> None:
    before = await conn.fetchval("SELECT count(*) FROM payment_events")
    obj = {"id": "pi_unknown", "object": "payment_intent", "amount": 5000}
    if attack == "stale":
        response = await stripe_event("payment_intent.succeeded", obj, timestamp=int(time.time()) - 301)
    else:
        response = await client.post("/api/payments/webhooks/stripe", content=b'{"id": "evt_x"}',
                                     headers={"Stripe-Signature": "t=1,v1=deadbeef"})
    assert response.status_code == 400
    assert await conn.fetchval("SELECT count(*) FROM payment_events") == before


async def test_unknown_provider_is_404(client) -> None:
    assert (await client.post("/api/payments/webhooks/paypal", content=b"{}")).status_code == 404
