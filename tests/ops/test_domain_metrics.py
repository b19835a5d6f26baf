"""The domain's metrics move with what happens: bookings by status at scrape time (every status,
0 when none), holds released by expiry, webhook outcomes."""

from __future__ import annotations

import httpx
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from app.bookings.lifecycle import STATUSES
from app.bookings.sweeper import sweep_once


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def booking(conn, status: str, *, hours: int, expired: bool = False) -> int:
    model_id = await conn.fetchval("INSERT INTO pnp_models (display_name) VALUES ('Metrics') RETURNING id")
    client_id = await conn.fetchval(
        """INSERT INTO users (telegram_id, role) VALUES ((random() * 1e12)::bigint + 1e12, 'PRIME')
           RETURNING id""")
    return int(await conn.fetchval(
        """INSERT INTO pnp_bookings (model_id, client_id, status, starts_at, ends_at, duration_minutes,
               hold_user_id, hold_expires_at, price_cents, currency)
           VALUES ($1, $2, $3, now() + make_interval(hours => $4),
                   now() + make_interval(hours => $4, mins => 30), 30, $2,
                   now() + CASE WHEN $5 THEN interval '-1 second' ELSE interval '10 minutes' END,
                   100, 'USD') RETURNING id""", model_id, client_id, status, hours, expired))


async def test_bookings_by_status_are_counted_at_scrape_time(client: httpx.AsyncClient, conn) -> None:
    for hours in (30, 31):
        await booking(conn, "confirmed", hours=hours)
    text = (await client.get("/metrics")).text
    counted = {s.labels["status"]: s.value for family in text_string_to_metric_families(text)
               if family.name == "pnp_bookings" for s in family.samples}
    in_table = {r["status"]: r["n"] for r in await conn.fetch(
        "SELECT status::text AS status, count(*) AS n FROM pnp_bookings GROUP BY status")}
    assert counted == {status: in_table.get(status, 0) for status in STATUSES}
    assert counted["confirmed"] >= 2


async def test_holds_released_by_the_sweeper_are_counted(app, client, conn) -> None:  # client: app started
    await booking(conn, "held", hours=40, expired=True)
    before = sample("pnp_holds_expired_total")
    expired = await sweep_once(app.state.db, None)
    assert expired >= 1
    assert sample("pnp_holds_expired_total") == before + expired


async def test_a_refused_webhook_is_counted(client: httpx.AsyncClient) -> None:
    before = sample("pnp_webhooks_total", provider="sandbox", outcome="rejected")
    response = await client.post("/api/payments/webhooks/sandbox", content=b"{}")
    assert response.status_code == 400, response.text
    assert sample("pnp_webhooks_total", provider="sandbox", outcome="rejected") == before + 1
