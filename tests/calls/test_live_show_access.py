"""live:{model_id}: only that model goes live; viewers as the profile's visibility allows."""

from __future__ import annotations

import httpx


async def test_the_model_goes_live_and_visitors_watch(client: httpx.AsyncClient, login, whip, whep,
                                                      conn) -> None:
    model = await login("MODEL", telegram_id=7001)
    model_id = (await client.get("/api/model/me", headers=model)).json()["id"]
    published = await whip(f"live:{model_id}", model)
    assert published.status_code == 201, published.text
    assert published.headers["location"].startswith(f"/whip/live:{model_id}/")
    assert (await whep(f"live:{model_id}", {})).status_code == 201
    assert (await whep(f"live:{model_id}", await login("FREE"))).status_code == 201
    joins = await conn.fetch("SELECT action FROM pnp_room_joins WHERE room = $1 ORDER BY id",
                             f"live:{model_id}")
    assert [j["action"] for j in joins] == ["publish", "play"]  # anonymous viewers are not logged


async def test_nobody_else_goes_live_in_a_models_show(client: httpx.AsyncClient, login, whip) -> None:
    model_id = (await client.get("/api/model/me", headers=await login("MODEL"))).json()["id"]
    assert (await whip(f"live:{model_id}", {})).status_code == 401
    for role in ("MODEL", "PRIME", "ADMIN"):
        response = await whip(f"live:{model_id}", await login(role))
        assert response.status_code == 403, role
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_prime_shows_refuse_free_viewers(client: httpx.AsyncClient, login, whip, whep) -> None:
    model = await login("MODEL")
    await client.put("/api/model/me", headers=model, json={"visibility": "prime"})
    model_id = (await client.get("/api/model/me", headers=model)).json()["id"]
    assert (await whip(f"live:{model_id}", model)).status_code == 201
    refused = await whep(f"live:{model_id}", await login("FREE"))
    assert refused.status_code == 403 and "PRIME" in refused.json()["detail"]
    assert (await whep(f"live:{model_id}", {})).status_code == 403
    assert (await whep(f"live:{model_id}", await login("PRIME"))).status_code == 201


async def test_unknown_and_malformed_rooms(client: httpx.AsyncClient, login, whep) -> None:
    assert (await whep("live:999999", {})).status_code == 404
    assert (await whep("party:1", {})).status_code in (400, 404)
