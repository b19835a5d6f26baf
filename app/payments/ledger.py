"""The append-only ledger. Signs: money in is positive, money out negative, per kind:
charge +gross (client paid), refund -amount (paid back to the client), commission ±platform share,
model_earning ±model share (reversed on refunds), payout -amount (paid to the model).
So charge + refund = commission + model_earning, and a model's balance = earnings + payouts."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg


async def commission_rate(conn: asyncpg.Connection, model_id: int, default: float) -> float:
    rate = await conn.fetchval("SELECT commission_rate FROM pnp_models WHERE id = $1", model_id)
    return float(rate) if rate is not None else default


async def record_charge(conn: asyncpg.Connection, payment: asyncpg.Record, booking: asyncpg.Record, *,
                        default_rate: float, hold_days: int, at: datetime | None = None) -> bool:
    """Charge, commission and model earning for a succeeded payment; False if already recorded.
    The earning becomes available `hold_days` after the session ends (and once it is completed)."""
    amount = payment["amount_cents"]
    charge = await conn.fetchval(
        # ledger_entries_one_charge_per_payment: a replayed success records nothing twice.
        """INSERT INTO ledger_entries (kind, booking_id, payment_id, model_id, user_id, amount_cents,
               currency, memo, created_at)
           VALUES ('charge', $1, $2, $3, $4, $5, $6, $7, COALESCE($8, now()))
           ON CONFLICT (payment_id) WHERE kind = 'charge' DO NOTHING RETURNING id""",
        booking["id"], payment["id"], booking["model_id"], payment["user_id"], amount,
        payment["currency"], f"{payment['provider']} {payment['provider_ref']}", at)
    if charge is None:
        return False
    rate = await commission_rate(conn, booking["model_id"], default_rate)
    commission = round(amount * rate)
    available_at = booking["ends_at"] + timedelta(days=hold_days)
    await conn.executemany(
        """INSERT INTO ledger_entries (kind, booking_id, payment_id, model_id, user_id, amount_cents,
               currency, available_at, memo, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10, now()))""",
        [("commission", booking["id"], payment["id"], booking["model_id"], None, commission,
          payment["currency"], available_at, f"rate {rate:.4f}", at),
         ("model_earning", booking["id"], payment["id"], booking["model_id"], None, amount - commission,
          payment["currency"], available_at, "", at)])
    return True


async def record_refund(conn: asyncpg.Connection, payment: asyncpg.Record, booking: asyncpg.Record,
                        delta: int, memo: str, at: datetime | None = None) -> None:
    """Refund `delta` cents; commission and earning are reversed in proportion to what is left of
    them, so the last refund reverses exactly the remainder (no rounding drift)."""
    left = await conn.fetchrow(
        """SELECT COALESCE(sum(amount_cents) FILTER (WHERE kind IN ('charge', 'refund')), 0) AS money,
                  COALESCE(sum(amount_cents) FILTER (WHERE kind = 'commission'), 0) AS commission
           FROM ledger_entries WHERE payment_id = $1""", payment["id"])
    commission_back = round(delta * left["commission"] / left["money"]) if left["money"] > 0 else 0
    rows = [("refund", payment["user_id"], -delta, memo),
            ("commission", None, -commission_back, "refund"),
            ("model_earning", None, -(delta - commission_back), "refund")]
    await conn.executemany(
        """INSERT INTO ledger_entries (kind, booking_id, payment_id, model_id, user_id, amount_cents,
               currency, memo, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, now()))""",
        [(kind, booking["id"], payment["id"], booking["model_id"], user_id, cents, payment["currency"], text,
          at) for kind, user_id, cents, text in rows])


async def record_membership_charge(conn: asyncpg.Connection, payment: asyncpg.Record) -> bool:
    """A membership is the platform's alone: the charge and an equal commission, no model earning.
    False if already recorded."""
    charge = await conn.fetchval(
        # ledger_entries_one_charge_per_payment: a replayed success records nothing twice.
        """INSERT INTO ledger_entries (kind, payment_id, user_id, amount_cents, currency, memo)
           VALUES ('charge', $1, $2, $3, $4, $5)
           ON CONFLICT (payment_id) WHERE kind = 'charge' DO NOTHING RETURNING id""",
        payment["id"], payment["user_id"], payment["amount_cents"], payment["currency"],
        f"membership {payment['membership_plan']}: {payment['provider']} {payment['provider_ref']}")
    if charge is None:
        return False
    await conn.execute(
        """INSERT INTO ledger_entries (kind, payment_id, amount_cents, currency, memo)
           VALUES ('commission', $1, $2, $3, 'membership')""",
        payment["id"], payment["amount_cents"], payment["currency"])
    return True


async def record_membership_refund(conn: asyncpg.Connection, payment: asyncpg.Record, delta: int,
                                   memo: str) -> None:
    await conn.executemany(
        """INSERT INTO ledger_entries (kind, payment_id, user_id, amount_cents, currency, memo)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        [("refund", payment["id"], payment["user_id"], -delta, payment["currency"], memo),
         ("commission", payment["id"], None, -delta, payment["currency"], "membership refund")])


async def lock_model_balance(conn: asyncpg.Connection, model_id: int) -> None:
    """Payouts of one model queue here (advisory xact lock): two cannot both spend one balance."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('pnp:payout:' || $1::bigint, 0))",
                       model_id)


BALANCE = """WITH per_booking AS (
        SELECT l.booking_id, sum(l.amount_cents) AS net, max(l.available_at) AS available_at,
               b.status
        FROM ledger_entries l JOIN pnp_bookings b ON b.id = l.booking_id
        WHERE l.kind = 'model_earning' AND l.model_id = $1
        GROUP BY l.booking_id, b.status)
    SELECT
        COALESCE((SELECT sum(net) FROM per_booking
                  WHERE status = 'completed' AND available_at <= now()), 0)::bigint AS released,
        COALESCE((SELECT sum(net) FROM per_booking
                  WHERE NOT (status = 'completed' AND available_at <= now())), 0)::bigint AS pending,
        COALESCE((SELECT -sum(amount_cents) FROM ledger_entries
                  WHERE kind = 'payout' AND model_id = $1), 0)::bigint AS paid_out"""


async def balance(conn: asyncpg.Connection, model_id: int) -> dict[str, int]:
    """Earnings of completed sessions past their hold are released; the rest is pending.
    available = released - paid out."""
    row = await conn.fetchrow(BALANCE, model_id)
    return {"pending_cents": int(row["pending"]), "available_cents": int(row["released"] - row["paid_out"]),
            "paid_out_cents": int(row["paid_out"]), "released_cents": int(row["released"])}
