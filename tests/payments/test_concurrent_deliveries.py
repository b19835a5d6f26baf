"""The same success delivered five times at once (plus a late failure) through a real server with
its own pool: one event is processed, one charge written, the booking confirmed once."""

from __future__ import annotations

import asyncio

import httpx

from app.payments.providers import build
from app.payments.providers.sandbox import event_body
from core.config import Settings


async def _committed_payment(pool) -> tuple[int, int, int, str]:
    async with pool.acquire() as conn, conn.transaction():
        client = await conn.fetchval(
            """INSERT INTO users (telegram_id, role, onboarding_complete, terms_accepted_at,
                                  adult_confirmed_at)
               VALUES ((random() * 1e12)::bigint + 2e12, 'PRIME', true, now(), now()) RETURNING id""")
        model = await conn.fetchval("INSERT INTO pnp_models (display_name) VALUES ('Race') RETURNING id")
        booking = await conn.fetchval(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
                   hold_user_id, hold_expires_at, price_cents, currency)
               VALUES ($1, $2, 'pending_payment', now() + interval '400 days',
                       now() + interval '400 days 30 minutes', 30, $2, now() + interval '10 minutes',
                       5000, 'USD') RETURNING id""", model, client)
        ref = f"sbx_race_{booking}"
        await conn.execute(
            """INSERT INTO payments (booking_id, user_id, provider, provider_ref, status, amount_cents,
                   currency) VALUES ($1, $2, 'sandbox', $3, 'pending', 5000, 'USD')""", booking, client, ref)
    return client, model, booking, ref


async def _clean(pool, client: int, model: int, booking: int) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SET LOCAL session_replication_role = replica")  # the ledger is append-only
        await conn.execute("DELETE FROM ledger_entries WHERE booking_id = $1", booking)
        await conn.execute(
            "DELETE FROM payment_events WHERE payment_id IN (SELECT id FROM payments WHERE booking_id = $1)",
            booking)
        await conn.execute("DELETE FROM payments WHERE booking_id = $1", booking)
        await conn.execute("DELETE FROM notifications WHERE user_id = $1", client)
        await conn.execute("DELETE FROM audit_log WHERE entity_id = $1", booking)
        await conn.execute("DELETE FROM pnp_bookings WHERE id = $1", booking)
        await conn.execute("DELETE FROM pnp_models WHERE id = $1", model)
        await conn.execute("DELETE FROM users WHERE id = $1", client)


async def test_five_simultaneous_deliveries_change_state_once(pool, live_url, settings: Settings) -> None:
    client, model, booking, ref = await _committed_payment(pool)
    sandbox = build(settings)["sandbox"]
    success = event_body("payment.succeeded", ref)
    failure = event_body("payment.failed", ref)
    try:
        async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
            responses = await asyncio.gather(*(
                http.post("/api/payments/webhooks/sandbox", content=body,
                          headers=sandbox.signed(body))  # type: ignore[attr-defined]
                for body in [success] * 5 + [failure]))
        results = sorted(r.json()["result"] for r in responses)
        assert results.count("confirmed") == 1 and results.count("duplicate") == 4
        async with pool.acquire() as conn:
            row = await conn.fetchrow(
                """SELECT b.status AS booking, p.status AS payment,
                          (SELECT count(*) FROM ledger_entries l
                           WHERE l.booking_id = b.id AND l.kind = 'charge') AS charges
                   FROM pnp_bookings b JOIN payments p ON p.booking_id = b.id WHERE b.id = $1""", booking)
        assert (row["booking"], row["payment"], row["charges"]) == ("confirmed", "succeeded", 1)
    finally:
        await _clean(pool, client, model, booking)
