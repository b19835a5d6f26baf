"""Admin analytics. Money figures are sums over the ledger (never a number kept on the side), so
they equal the earnings export summed over the same filters."""

from __future__ import annotations

from typing import Any

from app.payments import queries
from app.payments.filters import Range
from core.db import Connection


def _rows(records: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in records]


async def revenue(conn: Connection, r: Range, period: str) -> dict[str, Any]:
    buckets, total = await queries.revenue(conn, start=r.start, end=r.end, model_id=r.model_id, period=period)
    return {"period": period, "from": r.start, "to": r.end, "totals": dict(total), "series": _rows(buckets)}


async def earnings(conn: Connection, r: Range) -> dict[str, Any]:
    rows = await queries.earnings_by_model(conn, start=r.start, end=r.end, model_id=r.model_id)
    return {"from": r.start, "to": r.end, "models": _rows(rows)}


async def utilization(conn: Connection, r: Range) -> dict[str, Any]:
    """Booked minutes (sessions confirmed or held to the end) over the minutes the weekly schedule
    and one-off slots offered in the range, per model, days counted in the model's time zone."""
    rows = await queries.utilization(conn, start=r.start, end=r.end, model_id=r.model_id)
    out = []
    for row in rows:
        item = dict(row)
        item["utilization"] = round(item["booked_minutes"] / item["available_minutes"], 4) \
            if item["available_minutes"] else None
        out.append(item)
    return {"from": r.start, "to": r.end, "models": out}


async def success_rate(conn: Connection, r: Range) -> dict[str, Any]:
    """Holds created in the range, and how many became a confirmed (paid) booking."""
    row = await queries.hold_outcomes(conn, start=r.start, end=r.end, model_id=r.model_id)
    data = dict(row)
    data["rate"] = round(data["confirmed"] / data["holds"], 4) if data["holds"] else None
    return {"from": r.start, "to": r.end, **data}


async def conflicts(conn: Connection, r: Range) -> dict[str, Any]:
    """Payments that met a booking they could not pay for (late ones reclaimed, refunds by reason),
    and schedule conflicts admins decided to keep (the booking module's conflict queue)."""
    rows, kept = await queries.payment_conflicts(conn, start=r.start, end=r.end, model_id=r.model_id)
    return {"from": r.start, "to": r.end, "items": _rows(rows), "schedule_conflicts_kept": kept,
            "late_reclaimed": sum(x["count"] for x in rows if x["action"] == "payment.late_reclaimed"),
            "auto_refunded": sum(x["count"] for x in rows if x["action"] == "payment.auto_refunded")}


async def top_clients(conn: Connection, r: Range, limit: int) -> dict[str, Any]:
    rows = await queries.top_clients(conn, start=r.start, end=r.end, model_id=r.model_id, limit=limit)
    return {"from": r.start, "to": r.end, "clients": _rows(rows)}
