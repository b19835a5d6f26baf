"""A membership success delivered five times (sandbox and Stripe) starts one period, one charge,
one role change and one notification."""

from __future__ import annotations

from app.payments.providers.sandbox import event_body
from tests.membership.conftest import sandbox_ref


async def _state(conn, user_id: int, payment_id: int) -> tuple:
    return (await conn.fetchval("SELECT role FROM users WHERE id = $1", user_id),
            await conn.fetchval("SELECT status FROM payments WHERE id = $1", payment_id),
            await conn.fetch("SELECT kind, amount_cents FROM ledger_entries WHERE payment_id = $1 "
                             " ORDER BY id",
                             payment_id),
            await conn.fetch("SELECT starts_at, ends_at FROM memberships WHERE user_id = $1", user_id),
            await conn.fetchval("SELECT count(*) FROM role_changes WHERE user_id = $1", user_id),
            await conn.fetchval("SELECT count(*) FROM notifications WHERE user_id = $1", user_id))


async def _five_times(send, conn, user_id: int, payment_id: int) -> None:
    first = await send()
    assert first.status_code == 200 and first.json()["result"] == "membership_started", first.text
    after = await _state(conn, user_id, payment_id)
    assert after[0] == "PRIME" and after[1] == "succeeded" and len(after[3]) == 1 and after[4] == 1
    assert [r["kind"] for r in after[2]] == ["charge", "commission"]
    for _ in range(4):
        again = await send()
        assert again.status_code == 200 and again.json()["result"] == "duplicate"
    assert await _state(conn, user_id, payment_id) == after


async def test_sandbox_success_replayed(conn, member, buy, sandbox_event) -> None:
    me = await member("FREE")
    out = await buy(me, "prime_90")
    body = event_body("payment.succeeded", sandbox_ref(out))
    await _five_times(lambda: sandbox_event(body=body), conn, me.id, out["payment_id"])
    period = (await _state(conn, me.id, out["payment_id"]))[3][0]
    assert (period["ends_at"] - period["starts_at"]).days == 90


async def test_stripe_success_replayed(conn, member, buy, stripe_event) -> None:
    me = await member("FREE")
    out = await buy(me, "prime_30", "stripe")
    assert out["client_secret"].startswith("pi_")
    ref = await conn.fetchval("SELECT provider_ref FROM payments WHERE id = $1", out["payment_id"])
    obj = {"id": ref, "object": "payment_intent", "amount": 1999, "status": "succeeded"}
    await _five_times(lambda: stripe_event("payment_intent.succeeded", obj, event_id=f"evt_{ref}"),
                      conn, me.id, out["payment_id"])


async def test_a_second_purchase_is_chained_not_overlapping(conn, member, paid) -> None:
    me = await member("FREE")
    await paid(me, "prime_30")
    await paid(me, "prime_90")
    rows = await conn.fetch("SELECT starts_at, ends_at FROM memberships WHERE user_id = $1"
                            " ORDER BY id", me.id)
    assert rows[1]["starts_at"] == rows[0]["ends_at"]
    assert await conn.fetchval("SELECT count(*) FROM role_changes WHERE user_id = $1", me.id) == 1
