"""Each HTTP request is counted once, under its route template and the status it got, with its
duration; none stays "in progress"; /metrics itself is not counted."""

from __future__ import annotations

import httpx
from prometheus_client import REGISTRY

TEMPLATE = "/api/models/{model_id}"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, {"app_name": "pnp_live", **labels}) or 0.0


async def test_requests_counted_by_template_and_status(client: httpx.AsyncClient) -> None:
    labels = {"method": "GET", "path": TEMPLATE, "status_code": "404"}
    before = sample("pnp_requests_total", **labels), sample("pnp_request_duration_seconds_count", **labels)
    for model_id in (424242, 424243):
        assert (await client.get(f"/api/models/{model_id}")).status_code == 404
    after = sample("pnp_requests_total", **labels), sample("pnp_request_duration_seconds_count", **labels)
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 2]
    assert sample("pnp_requests_in_progress", method="GET", path=TEMPLATE) == 0


async def test_metrics_scrapes_are_not_counted(client: httpx.AsyncClient) -> None:
    for _ in range(2):
        assert (await client.get("/metrics")).status_code == 200
    assert sample("pnp_requests_total", method="GET", path="/metrics", status_code="200") == 0
