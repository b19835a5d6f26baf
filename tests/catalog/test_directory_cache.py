"""The directory is cached in Redis, and a write is never hidden behind a stale entry."""

from __future__ import annotations

import httpx

from core.metrics import CACHE


def hits() -> float:
    return CACHE.labels("catalog", "hit")._value.get()


async def test_repeated_reads_hit_the_cache_and_writes_show_at_once(client: httpx.AsyncClient, login) -> None:
    admin = await login("ADMIN")
    created = await client.post("/api/admin/models", headers=admin, json={
        "display_name": "Cache Me", "bio": "Hello.",
        "prices": [{"duration_minutes": 30, "price_cents": 500}]})
    model_id = created.json()["id"]
    params = {"q": "Cache Me"}
    first = (await client.get("/api/models", params=params)).json()
    before = hits()
    second = (await client.get("/api/models", params=params)).json()
    assert hits() == before + 1 and second == first

    for change in ({"display_name": "Cache Me Renamed"}, {"is_online": True},
                   {"prices": [{"duration_minutes": 30, "price_cents": 777}]}):
        await client.put(f"/api/admin/models/{model_id}", headers=admin, json=change)
        item = (await client.get("/api/models", params=params)).json()["items"][0]
        expected = {k: v for k, v in change.items() if k != "prices"}
        assert {k: item[k] for k in expected} == expected
        if "prices" in change:
            assert item["prices"][0]["price_cents"] == 777

    await client.delete(f"/api/admin/models/{model_id}", headers=admin)
    assert (await client.get("/api/models", params=params)).json()["total"] == 0


async def test_heartbeats_do_not_empty_the_cache(client: httpx.AsyncClient, login, conn) -> None:
    admin = await login("ADMIN")
    model_id = (await client.post("/api/admin/models", headers=admin,
                                  json={"display_name": "Beat"})).json()["id"]
    version = await conn.fetchval("SELECT version FROM catalog_state")
    await conn.execute("UPDATE pnp_models SET last_seen_at = now() WHERE id = $1", model_id)
    assert await conn.fetchval("SELECT version FROM catalog_state") == version
