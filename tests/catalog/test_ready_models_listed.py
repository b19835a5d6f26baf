"""A model is listed only when ready: its own name, a price, a photo or a bio (migrations/0085).
Until then `GET /api/model/me` says what is missing and only the model itself (and admins) see
the profile."""

from __future__ import annotations

import httpx

PRICE = {"prices": [{"duration_minutes": 30, "price_cents": 4000}]}


async def listed(client: httpx.AsyncClient, name: str) -> bool:
    page = (await client.get("/api/models", params={"q": name, "limit": 100})).json()
    return any(m["display_name"] == name for m in page["items"])


async def test_empty_model_is_not_listed_until_its_profile_is_ready(client: httpx.AsyncClient,
                                                                    login) -> None:
    model = await login("MODEL", username="fresh_fay")
    mine = (await client.get("/api/model/me", headers=model)).json()
    assert mine["missing"] == ["display_name", "price", "photo_or_bio"]
    assert not await listed(client, "fresh_fay")
    assert (await client.get(f"/api/models/{mine['id']}")).status_code == 404
    assert (await client.get(f"/api/models/{mine['id']}", headers=await login("PRIME"))).status_code == 404
    assert (await client.get(f"/api/models/{mine['id']}", headers=model)).status_code == 200
    assert (await client.get(f"/api/models/{mine['id']}", headers=await login("ADMIN"))).status_code == 200

    steps = [({"display_name": "Fay Rivers"}, ["price", "photo_or_bio"]),
             (PRICE, ["photo_or_bio"]),
             ({"bio": "Evening shows, Spanish and English."}, [])]
    for change, missing in steps:
        response = await client.put("/api/model/me", headers=model, json=change)
        assert response.status_code == 200, response.text
        assert response.json()["missing"] == missing
        assert await listed(client, "Fay Rivers") == (not missing)
    assert (await client.get(f"/api/models/{mine['id']}")).status_code == 200


async def test_a_blank_bio_without_a_photo_unlists_again(client: httpx.AsyncClient, login) -> None:
    model = await login("MODEL")
    await client.put("/api/model/me", headers=model, json={
        "display_name": "Gia Blank", "bio": "Hello.", **PRICE})
    assert await listed(client, "Gia Blank")
    response = await client.put("/api/model/me", headers=model, json={"bio": "   "})
    assert response.json()["missing"] == ["photo_or_bio"]
    assert not await listed(client, "Gia Blank")
