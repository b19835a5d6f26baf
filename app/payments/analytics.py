"""Admin analytics. Money figures are sums over the ledger (never a number kept on the side), so
they equal the earnings export summed over the same filters."""

from __future__ import annotations

from typing import Any

from app.payments.filters import Range
from core.db import Connection

LEDGER_IN_RANGE = "l.created_at >= $1 AND l.created_at < $2 AND ($3::bigint IS NULL OR l.model_id = $3)"
MONEY = """COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'charge'), 0)::bigint AS charges_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'refund'), 0)::bigint AS refunds_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind IN ('charge', 'refund')), 0)::bigint AS gross_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'commission'), 0)::bigint AS commission_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'model_earning'), 0)::bigint AS earnings_cents,
    COALESCE(sum(l.amount_cents) FILTER (WHERE l.kind = 'payout'), 0)::bigint AS payouts_cents"""


def _rows(records: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in records]


async def revenue(conn: Connection, r: Range, period: str) -> dict[str, Any]:
    buckets = await conn.fetch(
        f"""SELECT date_trunc($4, l.created_at, 'UTC') AS period_start, {MONEY}
            FROM ledger_entries l WHERE {LEDGER_IN_RANGE} GROUP BY 1 ORDER BY 1""",
        r.start, r.end, r.model_id, period)
    total = await conn.fetchrow(f"SELECT {MONEY} FROM ledger_entries l WHERE {LEDGER_IN_RANGE}",
                                r.start, r.end, r.model_id)
    return {"period": period, "from": r.start, "to": r.end, "totals": dict(total), "series": _rows(buckets)}


async def earnings(conn: Connection, r: Range) -> dict[str, Any]:
    rows = await conn.fetch(
        f"""SELECT l.model_id, m.display_name, {MONEY}
            FROM ledger_entries l JOIN pnp_models m ON m.id = l.model_id
            WHERE {LEDGER_IN_RANGE} GROUP BY l.model_id, m.display_name ORDER BY earnings_cents DESC""",
        r.start, r.end, r.model_id)
    return {"from": r.start, "to": r.end, "models": _rows(rows)}


async def utilization(conn: Connection, r: Range) -> dict[str, Any]:
    """Booked minutes (sessions confirmed or held to the end) over the minutes the weekly schedule
    and one-off slots offered in the range, per model, days counted in the model's time zone."""
    rows = await conn.fetch(
        """WITH models AS (SELECT id, display_name, timezone FROM pnp_models
                           WHERE deleted_at IS NULL AND ($3::bigint IS NULL OR id = $3)),
            weekly AS (
                SELECT m.id, sum(s.end_minute - s.start_minute)::bigint AS minutes
                FROM models m JOIN pnp_model_schedules s ON s.model_id = m.id
                JOIN LATERAL generate_series(($1 AT TIME ZONE m.timezone)::date,
                                             ($2 AT TIME ZONE m.timezone)::date - 1, interval '1 day') d
                  ON extract(isodow FROM d) = s.weekday
                GROUP BY m.id),
            slots AS (
                SELECT a.model_id AS id,
                       sum(extract(epoch FROM least(a.ends_at, $2) - greatest(a.starts_at, $1)) / 60)::bigint
                           AS minutes
                FROM pnp_availability a JOIN models m ON m.id = a.model_id
                WHERE a.kind = 'slot' AND a.starts_at < $2 AND a.ends_at > $1 GROUP BY a.model_id),
            booked AS (
                SELECT b.model_id AS id, sum(b.duration_minutes)::bigint AS minutes
                FROM pnp_bookings b JOIN models m ON m.id = b.model_id
                WHERE b.status IN ('confirmed', 'in_progress', 'completed', 'no_show')
                  AND b.starts_at >= $1 AND b.starts_at < $2 GROUP BY b.model_id)
           SELECT m.id AS model_id, m.display_name,
                  COALESCE(w.minutes, 0) + COALESCE(s.minutes, 0) AS available_minutes,
                  COALESCE(bk.minutes, 0) AS booked_minutes
           FROM models m LEFT JOIN weekly w ON w.id = m.id LEFT JOIN slots s ON s.id = m.id
           LEFT JOIN booked bk ON bk.id = m.id ORDER BY m.id""",
        r.start, r.end, r.model_id)
    out = []
    for row in rows:
        item = dict(row)
        item["utilization"] = round(item["booked_minutes"] / item["available_minutes"], 4) \
            if item["available_minutes"] else None
        out.append(item)
    return {"from": r.start, "to": r.end, "models": out}


async def success_rate(conn: Connection, r: Range) -> dict[str, Any]:
    """Holds created in the range, and how many became a confirmed (paid) booking."""
    row = await conn.fetchrow(
        """SELECT count(*) AS holds,
                  count(*) FILTER (WHERE b.status IN ('confirmed', 'in_progress', 'completed', 'no_show')
                                   OR EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id
                                              AND p.status IN ('succeeded', 'partially_refunded')))
                      AS confirmed,
                  count(*) FILTER (WHERE b.status = 'expired') AS expired,
                  count(*) FILTER (WHERE b.status = 'cancelled') AS cancelled
           FROM pnp_bookings b
           WHERE b.created_at >= $1 AND b.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)""",
        r.start, r.end, r.model_id)
    data = dict(row)
    data["rate"] = round(data["confirmed"] / data["holds"], 4) if data["holds"] else None
    return {"from": r.start, "to": r.end, **data}


async def conflicts(conn: Connection, r: Range) -> dict[str, Any]:
    """Payments that met a booking they could not pay for (late ones reclaimed, refunds by reason),
    and schedule conflicts admins decided to keep (the booking module's conflict queue)."""
    rows = await conn.fetch(
        """SELECT a.action, COALESCE(a.data->>'reason', '') AS reason, count(*) AS count
           FROM audit_log a LEFT JOIN payments p ON p.id = a.entity_id
           LEFT JOIN pnp_bookings b ON b.id = p.booking_id
           WHERE a.entity = 'payment' AND a.action IN ('payment.late_reclaimed', 'payment.auto_refunded')
             AND a.created_at >= $1 AND a.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)
           GROUP BY 1, 2 ORDER BY 1, 2""", r.start, r.end, r.model_id)
    kept = await conn.fetchval(
        """SELECT count(*) FROM pnp_booking_conflict_decisions d JOIN pnp_bookings b ON b.id = d.booking_id
           WHERE d.created_at >= $1 AND d.created_at < $2 AND ($3::bigint IS NULL OR b.model_id = $3)""",
        r.start, r.end, r.model_id)
    return {"from": r.start, "to": r.end, "items": _rows(rows), "schedule_conflicts_kept": kept,
            "late_reclaimed": sum(x["count"] for x in rows if x["action"] == "payment.late_reclaimed"),
            "auto_refunded": sum(x["count"] for x in rows if x["action"] == "payment.auto_refunded")}


async def top_clients(conn: Connection, r: Range, limit: int) -> dict[str, Any]:
    rows = await conn.fetch(
        f"""SELECT l.user_id, u.username, u.first_name,
                   COALESCE(sum(l.amount_cents), 0)::bigint AS spent_cents,
                   count(DISTINCT l.booking_id) FILTER (WHERE l.kind = 'charge') AS paid_bookings
            FROM ledger_entries l JOIN users u ON u.id = l.user_id
            WHERE l.kind IN ('charge', 'refund') AND {LEDGER_IN_RANGE}
            GROUP BY l.user_id, u.username, u.first_name
            ORDER BY spent_cents DESC, l.user_id LIMIT $4""", r.start, r.end, r.model_id, limit)
    return {"from": r.start, "to": r.end, "clients": _rows(rows)}
