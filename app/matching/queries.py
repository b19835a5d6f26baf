from __future__ import annotations

from datetime import datetime

import asyncpg


async def candidates(conn: asyncpg.Connection, *, visibilities: list[str], duration: int,
                     budget: int | None, online_now: bool, client_id: int | None, start: datetime,
                     end: datetime, limit: int, approval: bool) -> list[asyncpg.Record]:
    """Listed models priced for `duration`, with their completed sessions with `client_id` and
    their bookings in the window (the load)."""
    return await conn.fetch(
        """SELECT m.id, m.display_name, m.languages, m.tags, m.rating_avg::float8 AS rating_avg,
                  m.rating_count, m.is_online, p.price_cents, p.currency,
                  (SELECT count(*) FROM pnp_bookings b WHERE b.model_id = m.id AND b.client_id = $5
                     AND b.status = 'completed') AS past,
                  (SELECT count(*) FROM pnp_bookings b WHERE b.model_id = m.id AND b.starts_at >= $6
                     AND b.starts_at < $7 AND b.status IN ('held', 'pending_payment', 'confirmed')) AS load
           FROM pnp_models m JOIN pnp_model_prices p ON p.model_id = m.id AND p.duration_minutes = $2
           WHERE m.deleted_at IS NULL AND m.visibility = ANY($1::text[])
             AND model_missing(m, $9::bool) = '{}'::text[]
             AND ($3::int IS NULL OR p.price_cents <= $3) AND (NOT $4 OR m.is_online)
           ORDER BY m.rating_avg DESC NULLS LAST, m.id LIMIT $8""",
        visibilities, duration, budget, online_now, client_id, start, end, limit, approval)
