"""A model's money: balance (pending vs available), earnings by period, dashboard figures, payouts."""

from __future__ import annotations

from typing import Any

from app import audit
from app.errors import conflict, not_found
from app.notifications.service import notify
from app.payments import ledger
from app.payments.schemas import PayoutIn, PayoutOut
from core.db import Connection
from core.events import EventBus

SERIES = """SELECT date_trunc($2, l.created_at, 'UTC') AS period_start,
        COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind IN ('charge', 'refund')), 0)::bigint AS gross_cents,
        COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'model_earning'), 0)::bigint AS earnings_cents,
        count(DISTINCT l.booking_id) FILTER (WHERE l.kind = 'charge') AS paid_sessions
    FROM ledger_entries l
    WHERE l.model_id = $1 AND l.kind IN ('charge', 'refund', 'model_earning')
      AND l.created_at >= date_trunc($2, now(), 'UTC') - make_interval(days => $3)
    GROUP BY 1 ORDER BY 1"""
DASHBOARD = """SELECT
        count(*) FILTER (WHERE status IN ('confirmed', 'in_progress') AND ends_at > now()) AS upcoming,
        count(*) FILTER (WHERE status = 'completed') AS completed,
        count(DISTINCT client_id) FILTER (WHERE status IN ('confirmed', 'in_progress', 'completed'))
            AS clients,
        COALESCE(sum(duration_minutes) FILTER (WHERE status = 'completed'), 0) AS minutes_completed
    FROM pnp_bookings WHERE model_id = $1"""
_SPAN_DAYS = {"day": 30, "week": 7 * 12, "month": 31 * 12}


async def earnings(conn: Connection, model_id: int, period: str) -> dict[str, Any]:
    balance = await ledger.balance(conn, model_id)
    series = await conn.fetch(SERIES, model_id, period, _SPAN_DAYS[period])
    figures = await conn.fetchrow(DASHBOARD, model_id)
    lifetime = await conn.fetchval(
        "SELECT COALESCE(sum(amount_cents), 0)::bigint FROM ledger_entries "
        "WHERE model_id = $1 AND kind = 'model_earning'", model_id)
    return {"model_id": model_id, "period": period, "currency": "USD", **balance,
            "lifetime_earnings_cents": int(lifetime),
            "series": [dict(r) for r in series],
            "dashboard": {**dict(figures), "lifetime_earnings_cents": int(lifetime),
                          "available_cents": balance["available_cents"],
                          "pending_cents": balance["pending_cents"]}}


async def record_payout(conn: Connection, events: EventBus, *, admin_id: int, data: PayoutIn) -> PayoutOut:
    owner = await conn.fetchrow("SELECT user_id FROM pnp_models WHERE id = $1", data.model_id)
    if owner is None:
        raise not_found("model")
    await ledger.lock_model_balance(conn, data.model_id)  # payouts of one model, one at a time
    available = (await ledger.balance(conn, data.model_id))["available_cents"]
    if data.amount_cents > available:
        raise conflict(f"only {available} cents are available for payout", available_cents=available)
    row = await conn.fetchrow(
        """INSERT INTO ledger_entries (kind, model_id, user_id, amount_cents, currency, memo)
           VALUES ('payout', $1, $2, $3, 'USD', $4) RETURNING id, created_at""",
        data.model_id, admin_id, -data.amount_cents, data.memo)
    await audit.record(conn, actor_id=admin_id, action="payout.recorded", entity="model",
                       entity_id=data.model_id, data={"amount_cents": data.amount_cents, "entry": row["id"]})
    if owner["user_id"] is not None:
        await notify(conn, events, user_id=owner["user_id"], kind="payout.recorded",
                     payload={"amount_cents": data.amount_cents, "currency": "USD"})
    return PayoutOut(id=row["id"], model_id=data.model_id, amount_cents=data.amount_cents, currency="USD",
                     available_cents=available - data.amount_cents, created_at=row["created_at"])
