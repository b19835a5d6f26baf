"""A model's money: balance (pending vs available), earnings by period, dashboard figures, payouts."""

from __future__ import annotations

from typing import Any

from app import audit
from app.errors import conflict, not_found
from app.notifications.service import notify
from app.payments import ledger, queries
from app.payments.schemas import PayoutIn, PayoutOut
from core.db import Connection
from core.events import EventBus

_SPAN_DAYS = {"day": 30, "week": 7 * 12, "month": 31 * 12}


async def earnings(conn: Connection, model_id: int, period: str) -> dict[str, Any]:
    balance = await ledger.balance(conn, model_id)
    series = await queries.earnings_series(conn, model_id, period=period, days=_SPAN_DAYS[period])
    figures = await queries.dashboard(conn, model_id)
    lifetime = await queries.lifetime_earnings(conn, model_id)
    return {"model_id": model_id, "period": period, "currency": "USD", **balance,
            "lifetime_earnings_cents": int(lifetime),
            "series": [dict(r) for r in series],
            "dashboard": {**dict(figures), "lifetime_earnings_cents": int(lifetime),
                          "available_cents": balance["available_cents"],
                          "pending_cents": balance["pending_cents"]}}


async def record_payout(conn: Connection, events: EventBus, *, admin_id: int, data: PayoutIn) -> PayoutOut:
    owner = await queries.model_owner(conn, data.model_id)
    if owner is None:
        raise not_found("model")
    await ledger.lock_model_balance(conn, data.model_id)  # payouts of one model, one at a time
    available = (await ledger.balance(conn, data.model_id))["available_cents"]
    if data.amount_cents > available:
        raise conflict(f"only {available} cents are available for payout", available_cents=available)
    row = await queries.insert_payout(conn, model_id=data.model_id, admin_id=admin_id,
                                      amount_cents=data.amount_cents, memo=data.memo)
    await audit.record(conn, actor_id=admin_id, action="payout.recorded", entity="model",
                       entity_id=data.model_id, data={"amount_cents": data.amount_cents, "entry": row["id"]})
    if owner["user_id"] is not None:
        await notify(conn, events, user_id=owner["user_id"], kind="payout.recorded",
                     payload={"amount_cents": data.amount_cents, "currency": "USD"})
    return PayoutOut(id=row["id"], model_id=data.model_id, amount_cents=data.amount_cents, currency="USD",
                     available_cents=available - data.amount_cents, created_at=row["created_at"])
