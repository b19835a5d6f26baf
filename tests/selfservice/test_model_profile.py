"""A model reads and edits its own profile; nobody else's."""

from __future__ import annotations

import httpx


async def test_model_edits_its_own_profile(client: httpx.AsyncClient, login) -> None:
    model = await login("MODEL", username="studio_kim")
    mine = await client.get("/api/model/me", headers=model)
    assert mine.status_code == 200 and mine.json()["display_name"] == "studio_kim"
    response = await client.put("/api/model/me", headers=model, json={
        "display_name": "Kim", "username": "kim_live", "bio": "Hi", "visibility": "prime",
        "social_links": {"telegram": "https://t.me/kim"},
        "prices": [{"duration_minutes": 20, "price_cents": 2500}]})
    assert response.status_code == 200, response.text
    assert response.json()["username"] == "kim_live" and response.json()["visibility"] == "prime"
    public = await client.get(f"/api/models/{mine.json()['id']}", headers=await login("PRIME"))
    assert public.json()["prices"][0]["price_cents"] == 2500


async def test_model_cannot_touch_admin_fields(client: httpx.AsyncClient, login) -> None:
    model = await login("MODEL")
    for field, value in (("commission_rate", 0), ("user_id", 1), ("is_online", True)):
        response = await client.put("/api/model/me", headers=model, json={field: value})
        assert response.status_code == 422, response.text


async def test_admin_without_a_profile_gets_a_clear_404(client: httpx.AsyncClient, login) -> None:
    response = await client.get("/api/model/me", headers=await login("ADMIN"))
    assert response.status_code == 404 and "no model profile" in response.json()["detail"]
