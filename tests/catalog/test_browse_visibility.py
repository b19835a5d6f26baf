"""Prime-only profiles are hidden from visitors and FREE; hidden ones from everyone but admins."""

from __future__ import annotations

import httpx
import pytest

VISIBLE = {
    None: {"public"},
    "FREE": {"public"},
    "PRIME": {"public", "prime"},
    "MODEL": {"public", "prime"},
    "MODERATOR": {"public", "prime"},
    "ADMIN": {"public", "prime", "hidden"},
}


@pytest.fixture
async def models(client: httpx.AsyncClient, login) -> dict[str, int]:
    admin = await login("ADMIN")
    ids = {}
    for visibility in ("public", "prime", "hidden"):
        response = await client.post("/api/admin/models", headers=admin,
                                     json={"display_name": f"V {visibility}", "visibility": visibility,
                                           "bio": "Hello.",
                                           "prices": [{"duration_minutes": 30, "price_cents": 500}]})
        assert response.status_code == 201, response.text
        ids[visibility] = response.json()["id"]
    return ids


@pytest.mark.parametrize("role", list(VISIBLE), ids=lambda r: r or "ANONYMOUS")
async def test_listing_and_profile_honour_visibility(client: httpx.AsyncClient, login,
                                                     models: dict[str, int], role: str | None) -> None:
    headers = await login(role) if role else {}
    listed = (await client.get("/api/models", params={"q": "V ", "limit": 100}, headers=headers)).json()
    assert {m["visibility"] for m in listed["items"]} == VISIBLE[role]
    assert listed["total"] == len(VISIBLE[role])
    for visibility, model_id in models.items():
        response = await client.get(f"/api/models/{model_id}", headers=headers)
        assert response.status_code == (200 if visibility in VISIBLE[role] else 404)


async def test_deleted_models_disappear(client: httpx.AsyncClient, login, models: dict[str, int]) -> None:
    admin = await login("ADMIN")
    assert (await client.delete(f"/api/admin/models/{models['public']}", headers=admin)).status_code == 204
    assert (await client.get(f"/api/models/{models['public']}")).status_code == 404
    kept = await client.get(f"/api/admin/models/{models['public']}", headers=admin)
    assert kept.status_code == 200 and kept.json()["deleted_at"] is not None
