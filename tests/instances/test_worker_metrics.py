"""`python -m app serve` with several worker processes: whichever worker answers a scrape of
`/metrics`, it counts what every worker did."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.processes import Instances

REQUESTS = 40


def readyz_requests(text: str) -> float:
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == "pnp_requests_total" and s.labels["path"] == "/readyz")


@pytest.mark.parametrize("workers", [1, 2])
async def test_every_scrape_counts_the_requests_of_every_worker(instances: Instances, workers: int) -> None:
    instance = await instances.serve(workers)
    # A connection per request, ten at a time, so that both workers accept some.
    async with instance.http(limits=httpx.Limits(max_keepalive_connections=0)) as http:
        for _ in range(REQUESTS // 10):
            await asyncio.gather(*(http.get("/readyz") for _ in range(10)))
        scraped = [readyz_requests((await http.get("/metrics")).text) for _ in range(6)]
    assert scraped == [REQUESTS] * 6
