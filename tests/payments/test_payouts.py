"""Admins record payouts; a payout never exceeds the available balance, even when two race."""

from __future__ import annotations

import asyncio

from app.errors import Problem
from app.payments.earnings import record_payout
from app.payments.schemas import PayoutIn
from core.db import transaction


async def test_payout_limited_to_available(client, buyer, model, paid_in_past) -> None:
    admin = await buyer("ADMIN")
    await paid_in_past(model, (await buyer()).id, days_ago=30)
    too_much = await client.post("/api/admin/payouts", headers=admin.headers,
                                 json={"model_id": model.id, "amount_cents": 3501})
    assert too_much.status_code == 409 and too_much.json()["available_cents"] == 3500
    ok = await client.post("/api/admin/payouts", headers=admin.headers,
                           json={"model_id": model.id, "amount_cents": 3000, "memo": "bank transfer"})
    assert ok.status_code == 201 and ok.json()["available_cents"] == 500
    body = (await client.get("/api/model/me/earnings", headers=model.user.headers)).json()
    assert (body["available_cents"], body["paid_out_cents"]) == (500, 3000)


async def test_two_concurrent_payouts_cannot_overspend(app, pool, settings) -> None:
    """Committed data on real connections; cleaned up with triggers off for this session only."""
    async with pool.acquire() as conn:
        user = await conn.fetchval(
            """INSERT INTO users (telegram_id, role, onboarding_complete, terms_accepted_at,
                                  adult_confirmed_at)
               VALUES ((random() * 1e12)::bigint + 1e12, 'ADMIN', true, now(), now()) RETURNING id""")
        model_id = await conn.fetchval("INSERT INTO pnp_models (display_name) VALUES ('Payout') RETURNING id")
        booking = await conn.fetchval(
            """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
                   price_cents, currency)
               VALUES ($1, $2, 'completed', now() - interval '30 days',
                       now() - interval '30 days' + interval '30 minutes', 30, 5000, 'USD') RETURNING id""",
            model_id, user)
        await conn.execute(
            """INSERT INTO ledger_entries (kind, booking_id, model_id, amount_cents, currency, available_at)
               VALUES ('model_earning', $1, $2, 3500, 'USD', now() - interval '1 day')""", booking, model_id)
    events = app.state.events

    async def attempt() -> str:
        try:
            async with transaction(pool) as conn:
                await record_payout(conn, events, admin_id=user,
                                    data=PayoutIn(model_id=model_id, amount_cents=2000))
                await asyncio.sleep(0)
            return "paid"
        except Problem as exc:
            return str(exc.status_code)

    try:
        results = sorted(await asyncio.gather(attempt(), attempt(), attempt()))
        assert results == ["409", "409", "paid"]
    finally:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            await conn.execute("DELETE FROM ledger_entries WHERE model_id = $1", model_id)
            await conn.execute("DELETE FROM audit_log WHERE actor_id = $1", user)
            await conn.execute("DELETE FROM pnp_bookings WHERE id = $1", booking)
            await conn.execute("DELETE FROM pnp_models WHERE id = $1", model_id)
            await conn.execute("DELETE FROM users WHERE id = $1", user)
