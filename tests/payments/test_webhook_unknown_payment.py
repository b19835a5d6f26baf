"""Money for a payment we do not know is not swallowed: 409 and nothing recorded, so the provider
delivers it again; events we do not act on are recorded and acknowledged."""

from __future__ import annotations


async def test_success_for_unknown_payment_is_redelivered(conn, sandbox_event) -> None:
    before = await conn.fetchval("SELECT count(*) FROM payment_events")
    response = await sandbox_event("payment.succeeded", "sbx_not_ours")
    assert response.status_code == 409 and response.json()["reason"] == "unknown_payment"
    assert await conn.fetchval("SELECT count(*) FROM payment_events") == before


async def test_other_event_types_are_acknowledged(conn, sandbox_event) -> None:
    response = await sandbox_event("payment.created", "sbx_not_ours")
    assert response.status_code == 200 and response.json()["result"] == "ignored"
