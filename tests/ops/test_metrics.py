"""Prometheus metrics label HTTP requests by route template and count refused access."""

from __future__ import annotations

import httpx


async def test_requests_are_counted_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get("/api/models/424242")
    await client.get("/api/admin/models")
    text = (await client.get("/metrics")).text
    assert 'path="/api/models/{model_id}"' in text
    assert "pnp_requests_total" in text
    assert 'pnp_unauthorised_attempts_total{status="401"}' in text
