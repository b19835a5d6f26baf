"""A toxic bio or display name is refused with a 422 naming the field and the categories."""

from __future__ import annotations


async def test_toxic_bio_refused_naming_categories(client, login, conn) -> None:
    headers = await login("MODEL")
    bio = "Fuck you, you worthless piece of shit, go kill yourself"
    response = await client.put("/api/model/me", headers=headers, json={"bio": bio})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["field"] == "bio"
    assert "HR" in body["categories"]
    assert body["detail"].startswith("bio:") and "HR" in body["detail"]
    assert await conn.fetchval("SELECT count(*) FROM pnp_models WHERE bio = $1", bio) == 0


async def test_admin_create_with_toxic_display_name_refused(client, login) -> None:
    headers = await login("ADMIN")
    response = await client.post("/api/admin/models", headers=headers,
                                 json={"display_name": "I love sex", "bio": "Painter from Madrid"})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "display_name"
    assert response.json()["categories"] == ["S"]
