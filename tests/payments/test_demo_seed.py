"""The demo seed leaves paid, completed and refunded sessions whose ledger balances."""

from __future__ import annotations

from app.payments.seed import seed_payments


async def test_seed_payments_balances(conn, buyer, model) -> None:
    await buyer()  # a PRIME client to pay with
    await seed_payments(conn)
    statuses = {r["status"] for r in await conn.fetch(
        "SELECT DISTINCT p.status FROM payments p JOIN pnp_bookings b ON b.id = p.booking_id "
        "WHERE b.model_id = $1", model.id)}
    assert {"succeeded", "refunded"} <= statuses
    sums = await conn.fetchrow(
        """SELECT sum(amount_cents) FILTER (WHERE kind IN ('charge', 'refund')) AS money,
                  sum(amount_cents) FILTER (WHERE kind IN ('commission', 'model_earning')) AS split
           FROM ledger_entries WHERE model_id = $1""", model.id)
    assert sums["money"] > 0 and sums["money"] == sums["split"]
    unpaid = await conn.fetchval(
        """SELECT count(*) FROM pnp_bookings b WHERE b.model_id = $1 AND b.status = 'completed'
             AND NOT EXISTS (SELECT 1 FROM payments p
                             WHERE p.booking_id = b.id AND p.status = 'succeeded')""",
        model.id)
    assert unpaid == 0
