"""PNP_MODEL_APPROVAL=1: a ready profile waits in the admins' queue and is listed once approved."""

from __future__ import annotations

import httpx

READY = {"display_name": "Hana Queue", "bio": "Late shows.",
         "prices": [{"duration_minutes": 30, "price_cents": 4000}]}


async def listed(client: httpx.AsyncClient) -> bool:
    page = (await client.get("/api/models", params={"q": "Hana Queue"})).json()
    return page["total"] == 1


async def test_ready_model_waits_for_an_admin(client_with) -> None:
    async with client_with(model_approval=True) as client:
        admin = {"Authorization": "Bearer " + (await client.post("/api/auth/dev-login", json={
            "telegram_id": 880000001, "role": "ADMIN"})).json()["access_token"]}
        model = {"Authorization": "Bearer " + (await client.post("/api/auth/dev-login", json={
            "telegram_id": 880000002, "role": "MODEL", "username": "hana_q"})).json()["access_token"]}
        mine = (await client.put("/api/model/me", headers=model, json=READY)).json()
        assert mine["missing"] == ["approval"] and mine["approved_at"] is None
        assert not await listed(client)  # also caches the page that must not outlive approval

        queue = await client.get("/api/admin/models/awaiting-approval", headers=admin)
        assert queue.status_code == 200
        waiting = [m for m in queue.json()["items"] if m["id"] == mine["id"]]
        assert waiting and waiting[0]["owner"]["username"] == "hana_q"
        assert (await client.post(f"/api/admin/models/{mine['id']}/approve",
                                  headers=model)).status_code == 403

        approved = await client.post(f"/api/admin/models/{mine['id']}/approve", headers=admin)
        assert approved.status_code == 200, approved.text
        assert approved.json()["missing"] == [] and approved.json()["approved_at"]
        assert await listed(client)
        queue = (await client.get("/api/admin/models/awaiting-approval", headers=admin)).json()
        assert mine["id"] not in [m["id"] for m in queue["items"]]


async def test_without_the_setting_approval_is_not_asked(client: httpx.AsyncClient, login) -> None:
    model = await login("MODEL")
    mine = (await client.put("/api/model/me", headers=model, json=READY)).json()
    assert mine["missing"] == [] and mine["approved_at"] is None
    assert await listed(client)


async def test_approving_an_unknown_model_is_a_404(client: httpx.AsyncClient, login) -> None:
    response = await client.post("/api/admin/models/999999/approve", headers=await login("ADMIN"))
    assert response.status_code == 404
