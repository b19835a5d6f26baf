"""Admins create, read, edit, take online/offline and soft-delete models."""

from __future__ import annotations

import httpx
import pytest

NEW_MODEL = {
    "display_name": "Nora Vega", "username": "nora_v", "bio": "Salsa and chat",
    "languages": ["es", "en"], "tags": ["dance"], "visibility": "public",
    "social_links": {"instagram": "https://instagram.com/nora"}, "timezone": "Europe/Madrid",
    "prices": [{"duration_minutes": 30, "price_cents": 4000, "currency": "EUR"},
               {"duration_minutes": 15, "price_cents": 2200, "currency": "EUR"}],
    "commission_rate": 0.25,
}


@pytest.fixture
async def admin(login) -> dict[str, str]:
    return await login("ADMIN")


async def test_create_then_read_and_see_it_as_free(client: httpx.AsyncClient, admin, login) -> None:
    created = await client.post("/api/admin/models", json=NEW_MODEL, headers=admin)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["display_name"] == "Nora Vega" and body["commission_rate"] == 0.25
    assert [p["duration_minutes"] for p in body["prices"]] == [15, 30]
    public = await client.get(f"/api/models/{body['id']}", headers=await login("FREE"))
    assert public.status_code == 200 and "commission_rate" not in public.json()


async def test_update_is_partial_and_replaces_prices(client: httpx.AsyncClient, admin, conn) -> None:
    model_id = (await client.post("/api/admin/models", json=NEW_MODEL, headers=admin)).json()["id"]
    response = await client.put(f"/api/admin/models/{model_id}", headers=admin, json={
        "bio": "New bio", "is_online": True, "prices": [{"duration_minutes": 60, "price_cents": 9000}]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bio"] == "New bio" and body["display_name"] == "Nora Vega" and body["is_online"]
    assert body["last_seen_at"] is not None
    assert body["prices"] == [{"duration_minutes": 60, "price_cents": 9000, "currency": "USD"}]
    actions = await conn.fetch("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", model_id)
    assert [a["action"] for a in actions] == ["model.created", "model.updated"]


async def test_linking_an_account_makes_it_a_model(client: httpx.AsyncClient, admin, login, conn) -> None:
    await login("FREE", telegram_id=606)
    user_id = await conn.fetchval("SELECT id FROM users WHERE telegram_id = 606")
    created = await client.post("/api/admin/models", headers=admin,
                                json={"display_name": "Linked", "user_id": user_id})
    assert created.json()["user_id"] == user_id
    assert await conn.fetchval("SELECT role FROM users WHERE id = $1", user_id) == "MODEL"


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"timezone": "Mars/Base"}, 422, "timezone"),
    ({"social_links": {"myspace": "https://myspace.com/x"}}, 422, "social_links.myspace"),
    ({"social_links": {"x": "http://x.com/a"}}, 422, "social_links.x"),
    ({"prices": [{"duration_minutes": 30, "price_cents": 1}, {"duration_minutes": 30, "price_cents": 2}]},
     422, "prices"),
    ({"display_name": "   "}, 422, "display_name"),
    ({"visibility": "secret"}, 422, "visibility"),
    ({"rating_avg": 5}, 422, "rating_avg"),
    ({"user_id": 987654321}, 422, "user_id"),
])
async def test_invalid_edits_name_the_field(client: httpx.AsyncClient, admin, change: dict, status: int,
                                            field: str) -> None:
    model_id = (await client.post("/api/admin/models", json=NEW_MODEL, headers=admin)).json()["id"]
    response = await client.put(f"/api/admin/models/{model_id}", headers=admin, json=change)
    assert response.status_code == status, response.text
    assert field in response.json()["detail"]


async def test_duplicate_username_is_409(client: httpx.AsyncClient, admin) -> None:
    await client.post("/api/admin/models", json=NEW_MODEL, headers=admin)
    again = await client.post("/api/admin/models", json={**NEW_MODEL, "username": "NORA_V"}, headers=admin)
    assert again.status_code == 409


async def test_unknown_ids_are_404(client: httpx.AsyncClient, admin) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = await client.request(method, "/api/admin/models/999999", headers=admin, json={})
        assert response.status_code == 404, (method, response.text)


async def test_soft_delete_frees_the_username(client: httpx.AsyncClient, admin) -> None:
    model_id = (await client.post("/api/admin/models", json=NEW_MODEL, headers=admin)).json()["id"]
    assert (await client.delete(f"/api/admin/models/{model_id}", headers=admin)).status_code == 204
    assert (await client.delete(f"/api/admin/models/{model_id}", headers=admin)).status_code == 404
    listed = (await client.get("/api/admin/models", headers=admin)).json()
    assert model_id not in [m["id"] for m in listed["items"]]
    with_deleted = (await client.get("/api/admin/models", params={"include_deleted": "true"},
                                     headers=admin)).json()
    assert model_id in [m["id"] for m in with_deleted["items"]]
    again = await client.post("/api/admin/models", json=NEW_MODEL, headers=admin)
    assert again.status_code == 201
